import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleProfile } from '../../../app/profile/sample';
import { RunError } from '../../../app/recorder/runner/errors';
import { prepareRun, type PreparedRun } from '../../../app/recorder/runner/prepare';
import { runScenario } from '../../../app/recorder/runner/run';
import type { RunOptions } from '../../../app/recorder/runner/types';
import type { TimelineEvent } from '../../../app/recorder/timeline';
import { REVIEWER_NOTES_RULES } from '../../../app/review/checks/rules/reviewer-notes';
import { runRule } from '../../../app/review/checks/run';
import { timelineFacts } from '../../../app/review/checks/timeline-facts';
import type { CheckInput } from '../../../app/review/checks/types';
import { alive, browsersUsing } from './local-site';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'default-scn-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

interface Seen {
  pages: Map<string, Page>;
  popups: Page[];
  pids: Array<number | undefined>;
  events: TimelineEvent[];
}

const newSeen = (): Seen => ({ pages: new Map(), popups: [], pids: [], events: [] });

async function play(prepared: PreparedRun, extra: Partial<RunOptions> = {}, inspect?: (seen: Seen) => Promise<void>, seen: Seen = newSeen()) {
  const profiles = await fs.mkdtemp(path.join(tmp, 'profiles-'));
  const opts: RunOptions = {
    scenario: prepared.scenario,
    context: prepared.context,
    headless: true,
    browserProfilesDir: profiles,
    evidenceDir: await fs.mkdtemp(path.join(tmp, 'evidence-')),
    ...extra,
    onEvent: (e) => seen.events.push(e),
    hooks: {
      onLaneReady: async (lane, page: Page, browser: Browser) => {
        seen.pages.set(lane.id, page);
        seen.pids.push(browser.process()?.pid);
      },
      onPopup: (_lane, p) => void seen.popups.push(p),
      // The visible outcome, read from the pages before the browsers close.
      beforeClose: async () => inspect?.(seen),
    },
  };
  try {
    return { result: await runScenario(opts), error: undefined, seen, profiles };
  } catch (e) {
    if (!(e instanceof RunError)) throw e;
    return { result: undefined, error: e, seen, profiles };
  }
}

async function noBrowsersLeft(seen: Seen, profiles: string) {
  expect(seen.pids.length).toBeGreaterThan(0);
  for (const pid of seen.pids) expect(alive(pid)).toBe(false);
  expect(await browsersUsing(profiles)).toEqual([]);
}

describe('the default scenario against the sandbox (real headless Chromium)', () => {
  it('runs end to end with the current two-step login and shows every scene’s outcome', async () => {
    const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, loginForm: 'two-step' });
    const sb = prepared.sandbox!;
    const customer = sb.seed.facebook.customer.name;
    const reply = prepared.scenario.vars.reply as string;
    const dom: Record<string, unknown> = {};
    try {
      const r = await play(prepared, {}, async (seen) => {
        const w = seen.pages.get('webitel')!;
        const f = seen.pages.get('facebook')!;
        dom.cc = await w.$eval('.wt-cc-agent-status-select__call-center-switcher .p-toggleswitch', (el) => el.getAttribute('data-p-checked'));
        dom.previewNames = await w.$$eval('article[class*="chat-queue-preview"] h3', (els) => els.map((e) => e.textContent?.trim()));
        dom.previewPicture = await w.$$eval('article[class*="chat-queue-preview"] img', (els) => els.length);
        dom.operatorMessages = await w.$$eval('.chat-message--right .chat-message-text', (els) => els.map((e) => e.textContent?.trim()));
        dom.customerPage = await f.$eval('[role="grid"]', (el) => (el as HTMLElement).innerText);
        dom.customerUrl = f.url();
      });
      expect(r.error).toBeUndefined();
      expect(r.result?.ok).toBe(true);
      // pages_show_list + pages_manage_metadata: the Page is connected and subscribed.
      const pages = sb.state.connectedPages();
      expect(pages.map((p) => [p.name, p.subscribed])).toEqual([[sb.seed.pages[0]!.name, true]]);
      // Call Center on, in the DOM and on the server.
      expect(dom.cc).toBe('true');
      expect(sb.state.agentStatus).not.toBe('offline');
      // The chat with the customer's name (and picture) in Workspace.
      expect(dom.previewNames).toContain(customer);
      expect(dom.previewPicture).toBeGreaterThan(0);
      expect(sb.state.chats()[0]?.customer.name).toBe(customer);
      // The reply, sent in Workspace, on the customer's page.
      expect(dom.operatorMessages).toContain(reply);
      expect(dom.customerPage).toContain(reply);
      expect(dom.customerPage).toContain(prepared.context.entries['trigger.message']?.value);
      // Messenger on facebook.com: every address the customer lane showed is the Page's thread.
      const threadUrl = `${sb.origins.facebook}/messages/t/${sb.seed.pages[0]!.id}`;
      expect(String(dom.customerUrl)).toBe(threadUrl);
      const customerUrls = r.seen.events.flatMap((e) => (e.type === 'url-changed' && e.laneId === 'facebook' && !e.popup && e.url !== 'about:blank' ? [e.url] : []));
      expect(customerUrls.length).toBeGreaterThan(0);
      for (const u of customerUrls) expect(new URL(u).pathname).toBe(`/messages/t/${sb.seed.pages[0]!.id}`);
      // First-time consent: no "previous settings" on this account, so "Edit settings" was not needed.
      const status = (id: string) => r.result?.steps.find((s) => s.id === id)?.status;
      expect(status('fb-edit-settings')).toBe('skipped');
      expect(status('fb-continue-as')).toBe('passed');
      expect(status('fb-pages-current-only')).toBe('passed');
      expect(status('fb-choose-page')).toBe('passed');
      expect(status('fb-admin-cookies')).toBe('skipped');
      // The take meets every check from the reviewers' 2026 notes, read from its own timeline.
      const profile = sampleProfile();
      profile.pages = sb.seed.pages.map((p) => ({ id: p.id, name: p.name, username: p.username }));
      const recording = { folder: 'run', status: 'done', done: true, demo: null, clips: {}, captions: { exists: true, cues: 1 }, ...timelineFacts(r.seen.events) };
      const input: CheckInput = { profile, texts: { descriptions: {}, reviewerInstructions: '' }, recording };
      for (const rule of REVIEWER_NOTES_RULES) {
        const results = runRule(rule, input);
        expect(results.filter((x) => x.status !== 'pass').map((x) => `${x.id}: ${x.message}`)).toEqual([]);
      }
      // Scenes in order, one per permission group, and the timeline never holds a password.
      const scenes = r.seen.events.filter((e) => e.type === 'scene-started').map((e) => (e as { sceneId: string }).sceneId);
      expect(scenes).toEqual(prepared.scenario.scenes.map((s) => s.id));
      const json = JSON.stringify(r.seen.events);
      for (const s of [sb.seed.webitel.admin.password, sb.seed.webitel.operator.password, sb.seed.facebook.pageAdmin.password, sb.seed.facebook.customer.password]) {
        expect(json).not.toContain(s);
      }
      expect(r.seen.events.some((e) => e.type === 'url-changed' && e.popup && e.url.startsWith(sb.origins.facebook))).toBe(true);
      await noBrowsersLeft(r.seen, r.profiles);
    } finally {
      await prepared.close();
    }
  });

  it('completes the domain-first login and a manual Facebook login-code step done by the person', async () => {
    const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, loginForm: 'domain-first', pageAdminNeedsCode: true });
    const sb = prepared.sandbox!;
    const prompts: string[] = [];
    const seenRef = newSeen();
    try {
      const scenario = { ...prepared.scenario, steps: prepared.scenario.steps.slice(0, prepared.scenario.steps.findIndex((s) => s.id === 'webhook-on') + 1) };
      const r = await play({ ...prepared, scenario }, {
        onManual: (prompt) => {
          prompts.push(prompt);
          // The person types the code from their authenticator app into the popup.
          const popup = seenRef.popups.at(-1);
          void (async () => {
            await popup!.type('#approvals_code', sb.seed.facebook.pageAdmin.code);
            await popup!.click('::-p-text(Continue)');
          })();
        },
      }, undefined, seenRef);
      expect(r.error).toBeUndefined();
      expect(prompts).toHaveLength(1);
      expect(prompts[0]).toMatch(/login code/);
      const status = (id: string) => r.result?.steps.find((s) => s.id === id)?.status;
      expect(status('admin-domain')).toBe('passed');
      expect(status('admin-df-submit')).toBe('passed');
      expect(status('admin-username')).toBe('skipped');
      expect(status('fb-admin-code')).toBe('passed');
      expect(sb.state.connectedPages().map((p) => p.subscribed)).toEqual([true]);
      await noBrowsersLeft(r.seen, r.profiles);
    } finally {
      await prepared.close();
    }
  });

  // The Facebook side as it is in 2026: a Page admin who granted the app before, and the cookie banner.
  const consentSteps = (scenario: PreparedRun['scenario']) => ({ ...scenario, steps: scenario.steps.slice(0, scenario.steps.findIndex((s) => s.id === 'webhook-on') + 1) });
  const customerSteps = (scenario: PreparedRun['scenario']) => ({
    ...scenario,
    steps: scenario.steps.filter((s) => s.lane === 'facebook' && s.scene === 'receive-message'),
    scenes: scenario.scenes.filter((s) => s.id === 'receive-message'),
  });

  it.each([
    ['returning', false],
    ['returning', true],
    ['first-time', true],
  ] as const)('consent %s (cookie banner %s): the Page selection and the permission review are on screen, and the Page is connected', async (consent, banner) => {
    const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, facebookConsent: consent, cookieBanner: banner, accountSwitch: consent === 'returning' && banner });
    const sb = prepared.sandbox!;
    try {
      const r = await play({ ...prepared, scenario: consentSteps(prepared.scenario) }, { screenshotEveryStep: true });
      expect(r.error).toBeUndefined();
      const status = (id: string) => r.result?.steps.find((s) => s.id === id)?.status;
      expect(status('fb-edit-settings')).toBe(consent === 'returning' ? 'passed' : 'skipped');
      expect(status('fb-continue-as')).toBe(consent === 'returning' ? 'skipped' : 'passed');
      expect(status('fb-account-switch')).toBe(consent === 'returning' && banner ? 'passed' : 'skipped');
      for (const id of ['fb-pages-current-only', 'fb-choose-page', 'fb-pages-continue', 'fb-review-save', 'fb-got-it']) expect([id, status(id)]).toEqual([id, 'passed']);
      // The banner is answered once per browser, at its first Facebook page.
      expect(status('fb-admin-cookies')).toBe(banner ? 'passed' : 'skipped');
      expect(status('fb-admin-cookies-after-login')).toBe('skipped');
      // The timeline (what captions and checks are made from) holds the selection and the review.
      const started = r.seen.events.flatMap((e) => (e.type === 'step-started' ? [e.stepId] : []));
      expect(started.indexOf('fb-choose-page')).toBeGreaterThan(started.indexOf('fb-pages-current-only'));
      expect(started.indexOf('fb-review-save')).toBeGreaterThan(started.indexOf('fb-choose-page'));
      // The step's picture is the popup on the Page-selection screen.
      const pic = r.result?.steps.find((s) => s.id === 'fb-choose-page')?.screenshot;
      expect(pic).toBeTruthy();
      expect((await fs.stat(pic!)).size).toBeGreaterThan(5000);
      // The check from the reviewers' notes reads the grant from this timeline.
      const facts = timelineFacts(r.seen.events);
      expect(facts.notes?.consent).toEqual({ ...(consent === 'returning' ? { editSettingsStep: 'fb-edit-settings' } : {}), permissionReview: { stepId: 'fb-review-save', succeeded: true } });
      const grant = runRule(REVIEWER_NOTES_RULES.find((x) => x.id === 'notes.consent-grant')!, {
        profile: sampleProfile(),
        texts: { descriptions: {}, reviewerInstructions: '' },
        recording: { folder: 'run', status: 'done', done: true, demo: null, clips: {}, captions: { exists: true, cues: 1 }, ...facts },
      });
      expect(grant.map((g) => g.status)).toEqual(['pass']);
      // Only the ticked Page is connected ("current Pages only"), not the previous all-Pages grant.
      expect(sb.state.connectedPages().map((p) => [p.id, p.subscribed])).toEqual([[sb.seed.pages[0]!.id, true]]);
      await noBrowsersLeft(r.seen, r.profiles);
    } finally {
      await prepared.close();
    }
  });

  it('the customer answers the cookie banner at the login wall and writes from facebook.com/messages/t/<page id>', async () => {
    const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, cookieBanner: true });
    const sb = prepared.sandbox!;
    try {
      const r = await play({ ...prepared, scenario: customerSteps(prepared.scenario) });
      expect(r.error).toBeUndefined();
      const status = (id: string) => r.result?.steps.find((s) => s.id === id)?.status;
      expect(status('customer-cookies')).toBe('passed');
      expect(status('customer-send')).toBe('passed');
      const urls = r.seen.events.flatMap((e) => (e.type === 'url-changed' && e.laneId === 'facebook' && e.url !== 'about:blank' ? [new URL(e.url).pathname] : []));
      expect(new Set(urls)).toEqual(new Set([`/messages/t/${sb.seed.pages[0]!.id}`]));
      await noBrowsersLeft(r.seen, r.profiles);
    } finally {
      await prepared.close();
    }
  });

  it('a wrong Webitel password stops the run at the login with what Webitel says', async () => {
    const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true });
    try {
      const entry = prepared.context.entries['profile.recording.webitelAdmin.password']!;
      entry.value = 'not-the-password';
      const r = await play(prepared);
      const e = r.error as RunError;
      expect(e).toBeInstanceOf(RunError);
      expect(e.failure).toMatchObject({ stepId: 'admin-password-next', laneId: 'webitel', field: 'steps[10].failIf' });
      expect(e.message).toMatch(/the page reports a problem: ".+"/);
      expect(e.message).not.toContain('not-the-password');
      expect(e.failure?.url).toContain('/app/auth');
      expect((await fs.stat(e.failure!.screenshot!)).size).toBeGreaterThan(1000);
      await noBrowsersLeft(r.seen, r.profiles);
    } finally {
      await prepared.close();
    }
  });
});
