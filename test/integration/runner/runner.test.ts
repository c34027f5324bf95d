// Proves the runner on local pages in real Chromium: fallbacks, secrets, popups, hooks, warm-up, captions, and failures with evidence.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleProfile } from '../../../app/profile/sample';
import { MASK, scenarioContext } from '../../../app/recorder/scenario/context';
import { validateScenario } from '../../../app/recorder/scenario/load';
import type { ScenarioInput } from '../../../app/recorder/scenario/schema';
import { RunError } from '../../../app/recorder/runner/errors';
import { CAPTION_LEAD_MS, CAPTURE_WARMUP_MS, runScenario } from '../../../app/recorder/runner/run';
import { forApp } from '../../../app/common/errors';
import { nowMs } from '../../../app/common/progress';
import type { RunOptions } from '../../../app/recorder/runner/types';
import type { TimelineEvent } from '../../../app/recorder/timeline';
import { alive, browsersUsing, startLocalSite, type LocalSite } from './local-site';

let site: LocalSite;
let tmp: string;
const PASSWORD = 'right-pass';

beforeAll(async () => {
  site = await startLocalSite();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'runner-it-'));
});
afterAll(async () => {
  await site?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

function context(password = PASSWORD) {
  const p = sampleProfile();
  p.reviewer.operator.password = password;
  const o = site.origin;
  return scenarioContext(p, { sandbox: { origins: { webitel: o, facebook: o, messenger: o } } });
}

const lanes = [
  { id: 'a', title: 'Lane A', viewport: { width: 800, height: 600 } },
  { id: 'b', title: 'Lane B', viewport: { width: 640, height: 480 } },
];
const scenes = [
  { id: 's1', title: 'Connect', permissions: ['pages_show_list' as const] },
  { id: 's2', title: 'Other lane', permissions: ['pages_messaging' as const] },
];

function loginSteps(): ScenarioInput['steps'] {
  return [
    { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/login', caption: 'Open the login page' },
    {
      id: 'user',
      scene: 's1',
      lane: 'a',
      action: 'fill',
      target: [{ css: '#missing' }, { css: 'input[name="username"]' }],
      value: '{{operator.login}}',
      caption: 'Login {{operator.login}}',
    },
    {
      id: 'pass',
      scene: 's1',
      lane: 'a',
      action: 'fill',
      target: [{ css: 'input[type="password"]' }],
      value: '{{secret:reviewer.operator.password}}',
      caption: 'Password {{secret:reviewer.operator.password}}',
    },
    {
      id: 'next',
      scene: 's1',
      lane: 'a',
      action: 'click',
      target: [{ aria: { role: 'button', name: 'Next' } }],
      waitFor: { url: { includes: '/home' } },
      failIf: { visible: [{ css: '[role="alert"]:not(:empty)' }] },
      timeoutMs: 5000,
      caption: 'Sign in',
    },
  ];
}

/** Lane pages of the run in progress, for tests that act as the person at the keyboard. */
const pages = new Map<string, Page>();

async function run(steps: ScenarioInput['steps'], extra: Partial<RunOptions> = {}, ctx = context(), laneDefs: ScenarioInput['lanes'] = lanes) {
  const scenario = validateScenario({ version: 1, lanes: laneDefs, scenes: scenes.filter((s) => steps.some((st) => st.scene === s.id)), steps });
  const events: TimelineEvent[] = [];
  const pids: Array<number | undefined> = [];
  pages.clear();
  const profiles = await fs.mkdtemp(path.join(tmp, 'profiles-'));
  const opts: RunOptions = {
    scenario,
    context: ctx,
    headless: true,
    // What these runs prove does not depend on a viewer's pace; the tests of pace and captions ask for it.
    pace: 'brisk',
    browserProfilesDir: profiles,
    evidenceDir: path.join(tmp, `evidence-${Math.random().toString(36).slice(2)}`),
    ...extra,
    onEvent: (e) => {
      events.push(e);
      extra.onEvent?.(e);
    },
    hooks: {
      ...extra.hooks,
      onLaneReady: async (lane, page, browser) => {
        pids.push(browser.process()?.pid);
        pages.set(lane.id, page);
        await extra.hooks?.onLaneReady?.(lane, page, browser);
      },
    },
  };
  let error: RunError | undefined;
  let result;
  try {
    result = await runScenario(opts);
  } catch (e) {
    if (!(e instanceof RunError)) throw e;
    error = e;
  }
  return { result, error, events, pids, profiles, evidenceDir: opts.evidenceDir as string };
}

/** Crashes the page's renderer, as Chrome's "Aw, Snap!" (the command gets no answer: its renderer is gone). */
function crash(page: Page | undefined): void {
  if (!page) throw new Error('no page to crash');
  void page
    .createCDPSession()
    .then((cdp) => cdp.send('Page.crash'))
    .catch(() => undefined);
}

async function expectNoBrowsersLeft(pids: Array<number | undefined>, profiles: string) {
  expect(pids.length).toBeGreaterThan(0);
  for (const pid of pids) expect(alive(pid), `browser ${pid} still running`).toBe(false);
  expect(await browsersUsing(profiles)).toEqual([]);
}

describe('runner (real headless Chromium, local pages)', () => {
  it('plays two lanes: fallbacks, masked secrets, a controlled switch in one table row, a popup, hooks and the timeline', async () => {
    const calls: string[] = [];
    let otherRowChecked: string | null = null;
    let cursorTransform = '';
    let popupSize: number[] = [];
    // The opener's drawn arrow: hidden while the popup has the mouse (one pointer on video), back after.
    const openerCursor = () => pages.get('a')!.$eval('[data-review-assistant="cursor"]', (el) => getComputedStyle(el).visibility);
    let openerCursorWithPopup = '';
    let openerCursorAfter: Promise<string> = Promise.resolve('');
    const r = await run(
      [
        ...loginSteps(),
        {
          id: 'switch',
          scene: 's1',
          lane: 'a',
          action: 'click',
          target: [{ css: 'input[role="switch"]', within: { css: 'tr', text: '{{page.name}}' } }],
          when: {
            condition: {
              not: { attribute: { target: [{ css: '.sw', within: { css: 'tr', text: '{{page.name}}' } }], name: 'data-p-checked', equals: 'true' } },
            },
          },
          waitFor: { attribute: { target: [{ css: '.sw', within: { css: 'tr', text: '{{page.name}}' } }], name: 'data-p-checked', equals: 'true' } },
          caption: 'Switch on',
          explain: 'Subscribes the Page',
        },
        { id: 'add', scene: 's1', lane: 'a', action: 'click', target: [{ text: 'Add or remove pages' }], waitFor: { popup: 'open' } },
        { id: 'pick', scene: 's1', lane: 'a', popup: true, action: 'click', target: [{ aria: { role: 'checkbox', name: '{{page.name}}' } }] },
        { id: 'got-it', scene: 's1', lane: 'a', popup: true, action: 'click', target: [{ text: 'Got it' }], waitFor: { popup: 'closed' } },
        { id: 'connected', scene: 's1', lane: 'a', action: 'expect', waitFor: { text: 'connected: ok' } },
        { id: 'b-open', scene: 's2', lane: 'b', action: 'goto', url: '{{messenger.origin}}/done', screenshot: true },
        { id: 'b-check', scene: 's2', lane: 'b', action: 'expect', waitFor: { text: 'Logged in', in: [{ css: 'body' }] } },
        {
          id: 'b-skip',
          scene: 's2',
          lane: 'b',
          action: 'click',
          target: [{ css: '#never' }],
          when: { condition: { visible: [{ css: '#never' }] }, withinMs: 200 },
        },
        { id: 'end', scene: 's2', lane: 'b', action: 'caption', caption: 'The end', durationMs: 100 },
      ],
      {
        hooks: {
          onLaneReady: async (lane) => void calls.push(`ready:${lane.id}`),
          onPopup: async (laneId, popup) => {
            calls.push(`popup:${laneId}`);
            // Headless Chrome opens it at 800×565; the page asked for 600×700, as a desktop Chrome
            // gives, and lane a's window is 800×600: the popup gets 600×600.
            popupSize = await popup.evaluate(() => [window.innerWidth, window.innerHeight]);
            openerCursorWithPopup = await openerCursor();
          },
          onPopupClosed: (laneId) => void calls.push(`popup-closed:${laneId}`),
          beforeClose: async () => {
            calls.push('beforeClose');
          },
        },
        onEvent: (e) => {
          if (e.type === 'step-started' && e.stepId === 'add') {
            // The injected cursor follows the mouse the runner moved to the switch.
            void pages
              .get('a')
              ?.$eval('[data-review-assistant="cursor"]', (el) => getComputedStyle(el).transform)
              .then((v) => (cursorTransform = v));
          }
          if (e.type === 'step-started' && e.stepId === 'connected') {
            openerCursorAfter = openerCursor();
            void pages
              .get('a')
              ?.$eval('tr:first-child .sw', (el) => el.getAttribute('data-p-checked'))
              .then((v) => (otherRowChecked = v));
          }
        },
      },
    );
    expect(r.error).toBeUndefined();
    expect(r.result?.ok).toBe(true);
    expect(r.result?.steps.map((s) => s.status)).toEqual([
      'passed',
      'passed',
      'passed',
      'passed',
      'passed',
      'passed',
      'passed',
      'passed',
      'passed',
      'passed',
      'passed',
      'skipped',
      'passed',
    ]);
    expect(calls).toEqual(['ready:a', 'ready:b', 'popup:a', 'popup-closed:a', 'beforeClose']);
    expect(popupSize).toEqual([600, 600]);
    expect(openerCursorWithPopup).toBe('hidden');
    expect(await openerCursorAfter).toBe('visible');
    expect(otherRowChecked).toBe('false');
    expect(cursorTransform).toMatch(/^matrix\(1, 0, 0, 1, [1-9]\d*(\.\d+)?, [1-9]\d*(\.\d+)?\)$/);

    const ev = r.result?.timeline ?? [];
    expect(ev).toEqual(r.events);
    expect(ev[0]?.type).toBe('run-started');
    expect(ev.at(-1)).toMatchObject({ type: 'run-finished', status: 'passed' });
    expect(ev.filter((e) => e.type === 'scene-started').map((e) => (e as { sceneId: string }).sceneId)).toEqual(['s1', 's2']);
    expect(ev.find((e) => e.type === 'step-started' && e.stepId === 'pass')).toMatchObject({ caption: `Password ${MASK}` });
    expect(ev.find((e) => e.type === 'step-started' && e.stepId === 'switch')).toMatchObject({
      explanation: 'Subscribes the Page',
      laneId: 'a',
      sceneId: 's1',
    });
    expect(ev.some((e) => e.type === 'popup-opened' && e.laneId === 'a')).toBe(true);
    expect(ev.some((e) => e.type === 'url-changed' && e.popup && e.url.endsWith('/popup'))).toBe(true);
    expect(ev.some((e) => e.type === 'url-changed' && !e.popup && e.url.includes('/home?accessToken=%E2%80%A2'))).toBe(true);
    expect(ev.some((e) => e.type === 'step-skipped' && e.stepId === 'b-skip')).toBe(true);
    const times = ev.map((e) => e.t);
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    const json = JSON.stringify(ev);
    expect(json).not.toContain(PASSWORD);
    expect(json).not.toContain('tok123');
    expect((await fs.stat(path.join(r.evidenceDir, 'steps', '10-b-open.png'))).size).toBeGreaterThan(1000);
    await expectNoBrowsersLeft(r.pids, r.profiles);
  });

  it('when recording, the first step waits for the captures to warm up after the last lane is ready', async () => {
    const ready: number[] = [];
    const r = await run([{ id: 'b-open', scene: 's2', lane: 'b', action: 'goto', url: '{{messenger.origin}}/done', caption: 'Open' }], {
      hooks: { onLaneReady: async () => void ready.push(nowMs()) },
    });
    expect(r.error).toBeUndefined();
    expect(ready).toHaveLength(2);
    const started = r.events.find((e) => e.type === 'run-started')!.t;
    const firstStep = r.events.find((e) => e.type === 'step-started')!.t;
    expect(started - Math.max(...ready)).toBeGreaterThanOrEqual(CAPTURE_WARMUP_MS - 2);
    expect(firstStep).toBeGreaterThanOrEqual(started);
    // Calm pages: steady once the least warm-up is over.
    expect(r.result?.warmup?.steady).toBe(true);
    expect(r.result?.warmup?.totalMs).toBeGreaterThanOrEqual(CAPTURE_WARMUP_MS - 2);
  });

  it("when recording, starts no lane's capture until every lane's start page has loaded", async () => {
    // A page loading beside a lane that already recorded held that lane's pictures back.
    const withStart = lanes.map((l) => ({ ...l, startUrl: `{{webitel.origin}}/${l.id === 'a' ? 'home' : 'done'}` }));
    const loadedAtReady: string[][] = [];
    const events: TimelineEvent[] = [];
    const r = await run(
      [{ id: 'b-open', scene: 's2', lane: 'b', action: 'goto', url: '{{messenger.origin}}/done', caption: 'Open' }],
      {
        onEvent: (e) => events.push(e),
        hooks: {
          onLaneReady: async (lane, page) => {
            loadedAtReady.push([
              lane.id,
              ...events.filter((e) => e.type === 'url-changed' && !e.popup && /\/(home|done)$/.test(e.url)).map((e) => (e as { laneId: string }).laneId),
            ]);
            // The page the hook is given is already there, not only navigating.
            expect(await page.evaluate(() => document.readyState)).not.toBe('loading');
          },
        },
      },
      context(),
      withStart,
    );
    expect(r.error).toBeUndefined();
    // At the first lane's start both lanes' pages had loaded (before, lane b's page loaded after lane a's capture started).
    expect(loadedAtReady).toEqual([
      ['a', 'a', 'b'],
      ['b', 'a', 'b'],
    ]);
  });

  it("when recording, the first step waits while a lane's browser stalls, until every lane draws steadily", async () => {
    const ready: number[] = [];
    const STALLS_FOR_MS = 1500;
    const r = await run([{ id: 'b-open', scene: 's2', lane: 'b', action: 'goto', url: '{{messenger.origin}}/done', caption: 'Open' }], {
      hooks: {
        onLaneReady: async (lane, page) => {
          // Lane b's main thread is blocked 120 ms in every 200 (what a starting browser next to it did to the frames).
          if (lane.id === 'b')
            await page.evaluate(`(function () {
              var until = performance.now() + ${STALLS_FOR_MS};
              var id = setInterval(function () {
                if (performance.now() > until) return clearInterval(id);
                var end = performance.now() + 120; while (performance.now() < end) {}
              }, 200);
            })()`);
          ready.push(nowMs());
        },
      },
    });
    expect(r.error).toBeUndefined();
    const started = r.events.find((e) => e.type === 'run-started')!.t;
    expect(started - Math.max(...ready)).toBeGreaterThanOrEqual(STALLS_FOR_MS - 200);
    expect(r.result?.warmup?.steady).toBe(true);
    expect(r.result?.warmup?.lastGapsMs.every((g) => g !== null && g <= 50)).toBe(true);
  });

  it('draws a lane larger than its place in the video at the size the video shows it: same CSS layout, fewer device pixels', async () => {
    const big = lanes.map((l) => ({ ...l, viewport: { width: 960, height: 1080 } }));
    const seen = new Map<string, { css: number[]; dpr: number; shot: number[]; captureScale: number | undefined }>();
    const r = await run(
      [{ id: 'b-open', scene: 's2', lane: 'b', action: 'goto', url: '{{messenger.origin}}/done', caption: 'Open' }],
      {
        videoCanvas: 1920,
        hooks: {
          onLaneReady: async (lane, page) => {
            const m = await page.evaluate(() => ({ css: [window.innerWidth, window.innerHeight], dpr: window.devicePixelRatio }));
            const png = Buffer.from(await page.screenshot({ type: 'png' }));
            seen.set(lane.id, { ...m, shot: [png.readUInt32BE(16), png.readUInt32BE(20)], captureScale: lane.captureScale });
          },
        },
      },
      context(),
      big,
    );
    expect(r.error).toBeUndefined();
    expect([...seen.keys()].sort()).toEqual(['a', 'b']);
    for (const v of seen.values()) {
      expect(v.captureScale).toBeCloseTo(736 / 960, 6);
      // laid out as a 960×1080 window, drawn by the browser itself at 736×828 (no emulated scale)
      expect(v.css).toEqual([960, 1080]);
      expect(v.dpr).toBeCloseTo(736 / 960, 4);
      expect(v.shot).toEqual([736, 828]);
    }
  });

  it('shows a caption before its step acts, and keeps it on screen at least the minimum time', async () => {
    let firstInputAt = Number.NaN;
    const r = await run(loginSteps(), {
      minCaptionMs: 900,
      hooks: {
        onLaneReady: async (lane, page) => {
          // The page's first pointer or key event: sessionStorage outlives the login page.
          if (lane.id === 'a')
            await page.evaluateOnNewDocument(() => {
              const note = () =>
                sessionStorage.getItem('firstInputAt') ?? sessionStorage.setItem('firstInputAt', String(performance.timeOrigin + performance.now()));
              for (const type of ['mousemove', 'mousedown', 'keydown']) document.addEventListener(type, note, true);
            });
        },
        beforeClose: async () => {
          firstInputAt = Number((await pages.get('a')?.evaluate(() => sessionStorage.getItem('firstInputAt'))) ?? Number.NaN);
        },
      },
    });
    expect(r.error).toBeUndefined();
    const ev = r.result?.timeline ?? [];
    // 'user' is the first step that touches the page (the cursor moves to the login field).
    const started = ev.find((e) => e.type === 'step-started' && e.stepId === 'user')?.t ?? Number.NaN;
    expect(firstInputAt - started).toBeGreaterThanOrEqual(Math.min(CAPTION_LEAD_MS, 900 / 3) - 15);
    const succeeded = ev.filter((e): e is Extract<TimelineEvent, { type: 'step-succeeded' }> => e.type === 'step-succeeded');
    expect(succeeded.length).toBe(4);
    for (const s of succeeded) expect(s.durationMs, s.stepId).toBeGreaterThanOrEqual(900 - 5);
  });
  it('paces for a viewer by default (the cursor glides, a pause holds) and not at all when brisk', async () => {
    const steps = [...loginSteps().slice(0, 2), { id: 'rest', scene: 's1', lane: 'a', action: 'pause' as const, durationMs: 1500 }];
    const moves = async (pace: 'natural' | 'brisk') => {
      let count = Number.NaN;
      const r = await run(steps, {
        pace,
        hooks: {
          onLaneReady: async (lane, page) => {
            if (lane.id === 'a')
              await page.evaluateOnNewDocument(() => {
                document.addEventListener('mousemove', () => sessionStorage.setItem('moves', String(Number(sessionStorage.getItem('moves') ?? 0) + 1)), true);
              });
          },
          beforeClose: async () => {
            count = Number(await pages.get('a')?.evaluate(() => sessionStorage.getItem('moves')));
          },
        },
      });
      expect(r.error).toBeUndefined();
      expect(r.result?.steps.find((x) => x.id === 'user')?.status).toBe('passed');
      return { count, rest: r.result?.steps.find((x) => x.id === 'rest')?.durationMs ?? Number.NaN };
    };
    const natural = await moves('natural');
    const brisk = await moves('brisk');
    // The glide is at least six moves; brisk announces where the cursor was, jumps, and the click moves there once more.
    expect(natural.count).toBeGreaterThanOrEqual(6);
    expect(brisk.count).toBeLessThanOrEqual(3);
    expect(natural.rest).toBeGreaterThanOrEqual(1500);
  });

  it('a missing selector names step, lane, selectors tried, time waited and URL, and saves a screenshot and the HTML', async () => {
    const r = await run([
      { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/home' },
      {
        id: 'find-it',
        scene: 's1',
        lane: 'a',
        action: 'click',
        caption: 'The admin opens {{page.name}}',
        target: [{ css: '#no-such-button' }, { text: 'No such text' }],
        timeoutMs: 1500,
      },
    ]);
    const e = r.error as RunError;
    expect(e).toBeInstanceOf(RunError);
    expect(e.kind).toBe('external');
    expect(e.message).toMatch(
      /^step 2\/2 "find-it" \(lane "a", click\) failed after \d+\.\d s: none of the selectors matched a visible element — page http:\/\/127\.0\.0\.1:\d+\/home$/,
    );
    // The app names the step as its step list does (from 1, by its caption as shown) and the window by its title.
    expect(forApp(e).message).toMatch(
      /^Step 2, “The admin opens .+” \(in the Lane A window\) did not work after \d+\.\d s: none of the selectors matched a visible element — page http:\/\/127\.0\.0\.1:\d+\/home$/,
    );
    expect(forApp(e).message).not.toContain('{{');
    expect(e.failure).toMatchObject({
      index: 1,
      stepId: 'find-it',
      laneId: 'a',
      field: 'steps[1].target',
      selectorsTried: ['#no-such-button', '::-p-text("No such text")'],
      url: `${site.origin}/home`,
    });
    expect(e.failure?.waitedMs).toBeGreaterThanOrEqual(1500);
    expect(e.failure?.screenshot).toBe(path.join(r.evidenceDir, 'steps', '02-find-it-failed.png'));
    expect((await fs.stat(e.failure?.screenshot as string)).size).toBeGreaterThan(1000);
    expect(await fs.readFile(e.failure?.html as string, 'utf8')).toContain('Add or remove pages');
    expect(e.issues[0]).toEqual({ field: 'steps[1].target', message: 'tried #no-such-button | ::-p-text("No such text")' });
    expect(e.result?.status).toBe('failed');
    expect(e.result?.steps.map((s) => s.status)).toEqual(['passed', 'failed']);
    expect(r.events.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed' });
    await expectNoBrowsersLeft(r.pids, r.profiles);
  });

  it('a click that lands on a dialog lying over its target says so in the failure', async () => {
    const r = await run([
      { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/covered' },
      { id: 'go', scene: 's1', lane: 'a', action: 'click', target: [{ css: '#go' }], waitFor: { text: 'went' }, timeoutMs: 1500 },
    ]);
    const e = r.error as RunError;
    expect(e.failure?.stepId).toBe('go');
    expect(e.message).toMatch(/the click landed on dialog "Enter your PIN to restore your chat history", which lay over the target/);
    // Where nothing lies over the target, a failure says nothing of the kind.
    const open = await run([
      { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/code' },
      { id: 'go', scene: 's1', lane: 'a', action: 'click', target: [{ css: '#c' }], waitFor: { text: 'never shown' }, timeoutMs: 1500 },
    ]);
    expect(open.error?.failure?.stepId).toBe('go');
    expect(open.error?.message).not.toMatch(/landed on/);
  });

  it('a stopIf with forMs stops only once its state lasted that long, across the steps that carry it, and a wait that runs out first says it was seen', async () => {
    const down = (forMs: number) => [{ if: { visible: [{ css: '#down' }] }, forMs, cause: 'the connection is lost', todo: 'check the server' }];
    // Shown for 3 s and gone by itself: no stop at 6 s; a stop at 1 s (the looks leave 2 s of margin on a busy machine).
    const blip = (forMs: number): ScenarioInput['steps'] => [
      { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/link?blip' },
      { id: 'ready', scene: 's1', lane: 'a', action: 'waitFor', waitFor: { visible: [{ css: '#ready' }] }, stopIf: down(forMs), timeoutMs: 10_000 },
    ];
    expect((await run(blip(6000))).error).toBeUndefined();
    const short = (await run(blip(1000))).error as RunError;
    expect(short.failure).toMatchObject({ stepId: 'ready', field: 'steps[1].stopIf[0]' });
    expect(short.message).toMatch(/the connection is lost \(for [12]\.\d s\)/);
    expect(short.hint).toMatch(/^check the server/);
    // For good: the second step stops well before its own forMs, counting the time seen in the first.
    const across = await run([
      { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/link' },
      { id: 'a', scene: 's1', lane: 'a', action: 'waitFor', waitFor: { visible: [{ css: '#a' }] }, stopIf: down(3500), timeoutMs: 8000 },
      { id: 'b', scene: 's1', lane: 'a', action: 'waitFor', waitFor: { visible: [{ css: '#never' }] }, stopIf: down(3500), timeoutMs: 10_000 },
    ]);
    expect(across.error?.failure).toMatchObject({ stepId: 'b', field: 'steps[2].stopIf[0]' });
    expect(across.error!.failure!.waitedMs).toBeLessThan(3000);
    // A step whose own time runs out first fails as before, and says what it saw meanwhile.
    const first = await run([
      { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/link' },
      { id: 'b', scene: 's1', lane: 'a', action: 'waitFor', waitFor: { visible: [{ css: '#never' }] }, stopIf: down(30_000), timeoutMs: 1500 },
    ]);
    expect(first.error?.failure).toMatchObject({ stepId: 'b', field: 'steps[1].waitFor' });
    expect(first.error?.message).toMatch(/; meanwhile the connection is lost \(seen for \d+\.\d s; the run stops at 30\.0 s\)/);
  });

  it("a step that fails while its page's WebSocket is refused says so, without the address's query; a page without one says nothing of it", async () => {
    const r = await run([
      { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/socket' },
      { id: 'wait', scene: 's1', lane: 'a', action: 'waitFor', waitFor: { visible: [{ css: '#never' }] }, timeoutMs: 2000 },
    ]);
    const e = r.error as RunError;
    expect(e.failure?.stepId).toBe('wait');
    expect(e.failure?.reason).toMatch(
      /; the page's WebSocket connection to ws:\/\/127\.0\.0\.1:\d+\/ws failed \d+ times lately \(last: "[^"]+"\): a proxy that does not pass WebSocket connections/,
    );
    expect(e.message).toContain(e.failure!.reason);
    expect(e.message).not.toContain('tok123');
    const plain = await run([
      { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/slow' },
      { id: 'wait', scene: 's1', lane: 'a', action: 'waitFor', waitFor: { visible: [{ css: '#never' }] }, timeoutMs: 1000 },
    ]);
    expect(plain.error?.failure?.stepId).toBe('wait');
    expect(plain.error?.message).not.toMatch(/WebSocket/);
  });

  it("a step's ifFails names the likely cause and what to check on a plain failure, not on a stop or a problem the page reports", async () => {
    const likely = { cause: 'the message never reached {{webitel.host}}', todo: 'check the webhook of {{webitel.origin}}' };
    // A page on which the awaited element never comes, the step carrying `ifFails` (and `more`).
    const waitInVain = (more: Partial<ScenarioInput['steps'][number]> = {}): ScenarioInput['steps'] => [
      { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/slow' },
      { id: 'wait', scene: 's1', lane: 'a', action: 'waitFor', waitFor: { visible: [{ css: '#never' }] }, timeoutMs: 1000, ifFails: likely, ...more },
    ];
    const e = (await run(waitInVain())).error as RunError;
    expect(e.failure?.reason).toMatch(/did not happen within 1\.0 s; most likely the message never reached 127\.0\.0\.1:\d+$/);
    expect(e.hint).toMatch(/^check the webhook of http:\/\/127\.0\.0\.1:\d+/);
    // A stop keeps its own cause and what to do.
    const stopped = await run(waitInVain({ stopIf: [{ if: { visible: [{ css: 'body' }] }, cause: 'a known state', todo: 'do the known thing' }] }));
    expect(stopped.error?.failure?.reason).toBe('a known state');
    expect(stopped.error?.hint).toMatch(/^do the known thing/);
    // So does a problem the page reports.
    const steps = loginSteps();
    steps[3] = { ...steps[3]!, ifFails: likely } as (typeof steps)[number];
    const reported = await run(steps, {}, context('wrong-pass'));
    expect(reported.error?.failure?.reason).not.toMatch(/most likely/);
  });

  it('a secret in a goto address reaches no timeline, address strip or error: plain, percent-encoded or as a query value', async () => {
    const secret = 'p@ss word/42';
    const steps: ScenarioInput['steps'] = [
      {
        id: 'open',
        scene: 's1',
        lane: 'a',
        action: 'goto',
        url: `{{webitel.origin}}/home/{{secret:reviewer.operator.password|urlencode}}?p={{secret:reviewer.operator.password|urlencode}}#{{secret:reviewer.operator.password}}`,
        caption: 'Open home',
      },
      { id: 'missing', scene: 's1', lane: 'a', action: 'click', target: [{ css: '#not-there' }], timeoutMs: 800, caption: 'Click what is not there' },
    ];
    const r = await run(steps, {}, context(secret));
    const text = JSON.stringify(r.events) + (r.error ? `${r.error.message} ${r.error.hint ?? ''}` : '');
    expect(r.events.some((e) => e.type === 'url-changed' && e.url.includes('/home/'))).toBe(true);
    for (const form of [secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+')]) expect(text).not.toContain(form);
    expect(text).toContain(MASK);
  });

  it('a wrong password fails at once with what the page says', async () => {
    const r = await run(loginSteps(), {}, context('wrong-pass'));
    const e = r.error as RunError;
    expect(e.message).toMatch(/"next" .* the page reports a problem: "Wrong login or password"/);
    expect(e.message).not.toContain('wrong-pass');
    expect(e.failure?.waitedMs).toBeLessThan(5000);
    expect(e.failure?.field).toBe('steps[3].failIf');
    await expectNoBrowsersLeft(r.pids, r.profiles);
  });

  it('a page that stops answering cannot hold a step past its deadline, and the failure says the page did not answer', async () => {
    const r = await run(
      [
        { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/frozen' },
        { id: 'pause', scene: 's1', lane: 'a', action: 'pause', durationMs: 400 },
        { id: 'wait-it', scene: 's1', lane: 'a', action: 'waitFor', waitFor: { visible: [{ css: '#never' }] }, timeoutMs: 1500 },
      ],
      { pageAnswerMs: 700 },
    );
    const e = r.error as RunError;
    expect(e).toBeInstanceOf(RunError);
    expect(e.message).toMatch(/"wait-it" .*did not happen within 1\.5 s; the page did not answer the last look within 0\.7 s \(its scripts busy or frozen\)/);
    // Without the bound, the look waits out the 6 s of busy script and the step fails as a plain miss.
    await expectNoBrowsersLeft(r.pids, r.profiles);
  });

  it('a page busy across the deadline gets one more look: the step passes when the page answers with the element', async () => {
    // Looks of 2 s on a 1.5 s wait: the first look starts while the page is busy (3 s) and runs out
    // past the deadline unanswered; the last look sees the element once the page answers.
    const r = await run(
      [
        { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/busy-then-ready' },
        { id: 'pause', scene: 's1', lane: 'a', action: 'pause', durationMs: 400 },
        { id: 'wait-it', scene: 's1', lane: 'a', action: 'waitFor', waitFor: { visible: [{ css: '#ready' }] }, timeoutMs: 1500 },
        { id: 'click-it', scene: 's1', lane: 'a', action: 'click', target: [{ css: '#ready' }] },
      ],
      { pageAnswerMs: 2000 },
    );
    expect(r.error).toBeUndefined();
    expect(r.result?.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    await expectNoBrowsersLeft(r.pids, r.profiles);
  });

  it('a click meant for a frame from another site that reaches the page around it instead is made again, once, and lands', async () => {
    let counts: Array<string | null> = [];
    const r = await run(
      [
        { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/shielded', waitFor: { visible: [{ css: '#shield' }] } },
        {
          id: 'connect',
          scene: 's1',
          lane: 'a',
          action: 'click',
          target: [{ aria: { role: 'button', name: 'Connect Page' } }],
          waitFor: { visible: [{ css: '#saved' }] },
          timeoutMs: 8000,
        },
      ],
      {
        hooks: {
          beforeClose: async () => {
            const page = pages.get('a')!;
            counts = await Promise.all(['#missed', '#saves'].map((sel) => page.$eval(sel, (e) => e.textContent)));
          },
        },
      },
    );
    expect(r.error).toBeUndefined();
    // The first press went to the page (the layer took it); the second reached the frame; no third.
    expect(counts).toEqual(['1', '1']);
    await expectNoBrowsersLeft(r.pids, r.profiles);
  });

  it('a click on a page that stops answering ends at its deadline too, and says the page did not answer', async () => {
    const r = await run(
      [
        { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/frozen' },
        { id: 'pause', scene: 's1', lane: 'a', action: 'pause', durationMs: 400 },
        { id: 'click-it', scene: 's1', lane: 'a', action: 'click', target: [{ css: '#never' }], timeoutMs: 1500 },
      ],
      { pageAnswerMs: 700 },
    );
    const e = r.error as RunError;
    expect(e).toBeInstanceOf(RunError);
    // Before, the look at the target had no bound: the step waited for the page (a minute, the
    // protocol's limit, in a page that never answers) and failed with puppeteer's advice to
    // raise protocolTimeout, or (here, 6 s of busy script) as a plain miss.
    expect(e.message).toMatch(/"click-it" .*the page did not answer within the step's time \(its scripts busy or frozen\)/);
    await expectNoBrowsersLeft(r.pids, r.profiles);
  });

  it('a browser killed mid-run fails fast with a clear message and leaves nothing running', async () => {
    let killed: number | undefined;
    const r = await run(
      [
        { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/slow' },
        { id: 'wait', scene: 's1', lane: 'a', action: 'waitFor', waitFor: { text: 'never shown' }, timeoutMs: 60_000 },
      ],
      {
        onEvent: (e) => {
          if (e.type === 'step-started' && e.stepId === 'wait') {
            killed = r0.pids.at(-1);
            setTimeout(() => process.kill(killed as number, 'SIGKILL'), 300);
          }
        },
        hooks: { onLaneReady: async (_l, _p, b) => void r0.pids.push(b.process()?.pid) },
      },
    );
    expect(killed).toBeTruthy();
    const e = r.error as RunError;
    expect(e.kind).toBe('external');
    expect(e.message).toMatch(/the browser of lane "b" \(Lane B\) closed unexpectedly during step 2 "wait": it crashed or was killed/);
    expect(forApp(e).message).toBe('The Lane B window closed unexpectedly during Step 2 (wait): its browser crashed or was closed');
    expect(forApp(e).hint).toMatch(/record again/);
    expect(r.events.find((x) => x.type === 'step-failed')).toMatchObject({ stepId: 'wait' });
    await expectNoBrowsersLeft(r.pids, r.profiles);
  });

  it('a page whose renderer crashes is loaded again, once, and the step waiting on it goes on', async () => {
    const r = await run(
      [
        { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/ready-later' },
        { id: 'wait', scene: 's1', lane: 'a', action: 'waitFor', waitFor: { visible: [{ css: '#ready' }] }, timeoutMs: 20_000 },
      ],
      { onEvent: (e) => e.type === 'step-started' && e.stepId === 'wait' && crash(pages.get('a')) },
    );
    expect(r.error).toBeUndefined();
    const crashed = r.events.filter((e) => e.type === 'page-crashed');
    expect(crashed).toEqual([expect.objectContaining({ laneId: 'a', popup: false, reloaded: true, url: expect.stringMatching(/\/ready-later$/) })]);
    expect(r.events.find((e) => e.type === 'step-succeeded' && e.stepId === 'wait')).toBeTruthy();
    await expectNoBrowsersLeft(r.pids, r.profiles);
  });

  it('a page that crashes again after it was loaded again fails the run at once, naming the window and the step', async () => {
    const r = await run(
      [
        { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/ready-later' },
        { id: 'wait', scene: 's1', lane: 'a', action: 'waitFor', waitFor: { text: 'never shown' }, timeoutMs: 60_000 },
      ],
      {
        onEvent: (e) => {
          if (e.type === 'step-started' && e.stepId === 'wait') crash(pages.get('a'));
          if (e.type === 'page-crashed' && e.reloaded) setTimeout(() => crash(pages.get('a')), 1000);
        },
      },
    );
    const e = r.error as RunError;
    expect(e).toBeInstanceOf(RunError);
    expect(e.message).toMatch(/^the page of lane "a" \(Lane A\) crashed again after it was loaded again during step 2 "wait" \(http:.*\/ready-later\)/);
    expect(forApp(e).message).toBe("The Lane A window's page crashed again after it was loaded again during Step 2 (wait)");
    expect(r.events.filter((x) => x.type === 'page-crashed').map((x) => (x as { reloaded: boolean }).reloaded)).toEqual([true, false]);
    await expectNoBrowsersLeft(r.pids, r.profiles);
  });

  it('cancel (AbortSignal) stops the run, calls beforeClose and closes the browsers', async () => {
    const ac = new AbortController();
    let beforeClose = 0;
    const r = await run(
      [
        { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/slow' },
        { id: 'wait', scene: 's1', lane: 'a', action: 'waitFor', waitFor: { visible: [{ css: '#never' }] }, timeoutMs: 60_000 },
      ],
      {
        signal: ac.signal,
        onEvent: (e) => {
          if (e.type === 'step-started' && e.stepId === 'wait') setTimeout(() => ac.abort(), 200);
        },
        hooks: { beforeClose: async () => void beforeClose++ },
      },
    );
    expect(r.error?.kind).toBe('cancelled');
    expect(r.error?.result?.status).toBe('cancelled');
    expect(beforeClose).toBe(1);
    expect(r.events.at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled' });
    await expectNoBrowsersLeft(r.pids, r.profiles);
  });

  it('a cancel while a lane browser starts closes that browser when it comes up', async () => {
    const ac = new AbortController();
    const r = await run([{ id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/slow' }], {
      signal: ac.signal,
      // The second lane's browser is starting: cancel before it is up (a browser takes far longer than this).
      onProgress: (p) => {
        if (p.message === 'starting the browser for Lane B') setTimeout(() => ac.abort(), 30);
      },
    });
    expect(r.error?.kind).toBe('cancelled');
    // Before: the browser that came up after the cancel belonged to no lane and ran on.
    let left = await browsersUsing(r.profiles);
    for (let i = 0; i < 50 && left.length; i++) {
      await new Promise((res) => setTimeout(res, 200));
      left = await browsersUsing(r.profiles);
    }
    expect(left).toEqual([]);
  });

  it('a manual step waits for the person and goes on when the condition holds', async () => {
    const prompts: string[] = [];
    const r = await run(
      [
        { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/code' },
        {
          id: 'code',
          scene: 's1',
          lane: 'a',
          action: 'manual',
          when: { condition: { visible: [{ css: '#approvals_code' }] }, withinMs: 2000 },
          manual: { prompt: 'Type the login code for {{pageAdmin.email}}', until: { hidden: [{ css: '#approvals_code' }] } },
          timeoutMs: 30_000,
        },
        { id: 'after', scene: 's1', lane: 'a', action: 'expect', waitFor: { text: 'Logged in' } },
      ],
      {
        onManual: (prompt) => {
          prompts.push(prompt);
          // Acting as the person at the keyboard.
          const page = pages.get('a') as Page;
          void (async () => {
            await page.type('#approvals_code', '123456');
            await page.click('#c');
          })();
        },
      },
    );
    expect(r.error).toBeUndefined();
    expect(prompts).toEqual([`Type the login code for ${sampleProfile().recording.pageAdmin.email}`]);
    expect(r.events.find((e) => e.type === 'manual-waiting')).toMatchObject({ index: 1, laneId: 'a' });
    expect(r.result?.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed']);
    await expectNoBrowsersLeft(r.pids, r.profiles);
  });
});

describe('runner and Webitel-like buttons', () => {
  it('matches an ARIA name in any case and never clicks a button again while it is loading', async () => {
    const clicks: number[] = [];
    const r = await run(
      [
        { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: '{{webitel.origin}}/busy' },
        {
          id: 'ok',
          scene: 's1',
          lane: 'a',
          action: 'click',
          // Chromium names it "OK" (CSS text-transform); the scenario says "Ok".
          target: [{ aria: { role: 'button', name: 'Ok' } }],
          when: { condition: { visible: [{ css: '#dlg' }] } },
          waitFor: { hidden: [{ css: '#dlg' }] },
          failIf: { visible: [{ css: '[role="alert"]' }] },
          timeoutMs: 20_000,
        },
      ],
      {
        hooks: {
          beforeClose: async () => {
            clicks.push(await pages.get('a')!.evaluate(() => (window as unknown as { clicks: number }).clicks));
          },
        },
      },
    );
    expect(r.error).toBeUndefined();
    expect(r.result?.steps.map((s) => s.status)).toEqual(['passed', 'passed']);
    expect(clicks).toEqual([1]);
    await expectNoBrowsersLeft(r.pids, r.profiles);
  });
});

// The kill test needs the PIDs before `run` returns.
const r0: { pids: Array<number | undefined> } = { pids: [] };
