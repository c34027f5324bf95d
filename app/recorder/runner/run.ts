import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, ElementHandle, HTTPRequest, Page } from 'puppeteer-core';
import { writeFileAtomic } from '../../common/atomic-write';
import { UserError } from '../../common/errors';
import { nowMs } from '../../common/progress';
import { sleep as wait, withTimeout } from '../../common/timeout';
import { discoverBrowser } from '../browser/discover';
import { laneCaptureScales, scaledSize } from '../../media/canvas';
import { cursorHome } from '../browser/cursor';
import { closeBrowser, launchLane, preparePage } from '../browser/launch';
import { sizePopupAsAsked } from '../browser/popup-size';
import { waitForSteadyDrawing, type Warmup } from '../browser/steady-drawing';
import { checkContext, maskSecrets, renderDeep, renderTemplate } from '../scenario/context';
import type { Condition, Lane, Step, Target } from '../scenario/schema';
import { describeTarget } from '../scenario/selectors';
import type { TimelineEvent } from '../timeline';
import { RunError, StepError } from './errors';
import { conditionSelectors, describeCondition, evalCondition, findTarget, isTransient, isUnanswered, release, type Scope } from './resolve';
import type { LaneRun, RunOptions, RunResult, StepFailure, StepResult } from './types';

const DEFAULT_TIMEOUT = 15_000;
const GOTO_TIMEOUT = 30_000;
const MANUAL_TIMEOUT = 10 * 60_000;
const CAPTION_HOLD = 2500;
const POLL_MS = 120;
const SETTLE_QUIET_MS = 250;
const SETTLE_MAX_MS = 2500;
/** How long a caption shows before its step acts (at most a third of the minimum caption time). */
export const CAPTION_LEAD_MS = 600;

/**
 * Recording only: the least pause between the last lane's capture starting and the first step.
 * Chrome's recorder answers the start at once but encodes its first frame 30–400 ms later, and
 * while it (and the browser just launched for that lane) starts up on 2 cores, the other lane's
 * pictures stall: a first step acted on at once was missing from the new lane's recording, or
 * shown up to 15 frames after its caption in the other. After this pause the runner also waits
 * until every lane draws steadily (steady-drawing.ts): the stalls lasted up to 1.6 s.
 */
export const CAPTURE_WARMUP_MS = 500;

/**
 * The recording warm-up: `CAPTURE_WARMUP_MS`, then until every page draws steadily (bounded).
 * Shared with the benchmark's scripted driver, so both start their first step the same way.
 */
export async function captureWarmup(pages: readonly Page[], signal?: AbortSignal): Promise<Warmup> {
  const t0 = nowMs();
  // Cancelled: no wait for steady drawing either (it returns at once, unsteady); the caller stops.
  await wait(CAPTURE_WARMUP_MS, signal).catch(() => undefined);
  const steady = await waitForSteadyDrawing(pages, signal ? { signal } : {});
  return { ...steady, totalMs: nowMs() - t0 };
}

/**
 * How long one look at a page (a condition, a `failIf`) may take. A page navigating under a look,
 * or one whose scripts are busy, can leave the browser's answer pending until the protocol gives
 * up a minute later; the step's own deadline must stay the limit, so a look that outlasts this
 * counts as "not yet" and the next poll asks again.
 */
const PAGE_ANSWER_MS = 10_000;

/** A click whose effect does not show this soon, while its `when` still holds, is tried again. */
const RECLICK_AFTER_MS = 4000;

interface LaneState {
  def: Lane;
  /** Recorded at viewport × this (1 unless recording for a video: see laneCaptureScales). */
  captureScale: number;
  /** Drawn on a screen of its own (the `display` capture): its popups are real windows there. */
  ownScreen: boolean;
  browser: Browser;
  page: Page;
  pid: number | undefined;
  popup: Page | undefined;
  mouse: WeakMap<Page, { x: number; y: number }>;
}

/** Query values that must not show in the video's address strip or in logs. */
const SENSITIVE_PARAMS = /^(access_?token|token|code|client_secret|password)$/i;

export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    let changed = false;
    for (const k of [...u.searchParams.keys()]) {
      if (SENSITIVE_PARAMS.test(k)) {
        u.searchParams.set(k, '••••••');
        changed = true;
      }
    }
    return changed ? u.toString() : url;
  } catch {
    return url;
  }
}

function pad(i: number): string {
  return String(i + 1).padStart(2, '0');
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Plays a scenario: one browser process per lane, steps in order, a timeline of what happened.
 * Resolves when every step passed; otherwise throws a RunError (kind 'external' or 'cancelled')
 * carrying the partial result. Every browser is closed before it returns or throws.
 */
export async function runScenario(opts: RunOptions): Promise<RunResult> {
  const { scenario, context: ctx } = opts;
  // Addresses go to the timeline, the video's address strip and logs: no secret may ride in them.
  const safeUrl = (u: string) => maskSecrets(maskUrl(u), ctx);
  const vars = scenario.vars;
  checkContext(scenario, ctx);
  const found = discoverBrowser({ override: opts.browserPath, env: opts.env ?? process.env });

  const timeline: TimelineEvent[] = [];
  const emit = (e: TimelineEvent) => {
    timeline.push(e);
    try {
      opts.onEvent?.(e);
    } catch {
      // a listener's bug must not stop the browsers
    }
  };
  const progress = (fraction: number, stage: string, message: string) => {
    try {
      opts.onProgress?.({ stage, fraction: Math.max(0, Math.min(1, fraction)), message });
    } catch {
      // as above
    }
  };

  const steps: StepResult[] = scenario.steps.map((s, index) => ({ index, id: s.id, laneId: s.lane, sceneId: s.scene, action: s.action, status: 'not-run' }));
  const lanes = new Map<string, LaneState>();
  const laneRuns: LaneRun[] = [];
  const result = (status: RunResult['status'], failure?: StepFailure): RunResult => ({
    ok: status === 'passed',
    status,
    steps,
    timeline,
    ...(opts.evidenceDir ? { evidenceDir: opts.evidenceDir } : {}),
    browser: { name: found.name, path: found.path },
    lanes: laneRuns,
    ...(warmup ? { warmup } : {}),
    ...(failure ? { failure } : {}),
  });

  // One signal for "stop now": the caller's cancel or a lane's browser going away.
  const interrupt = new AbortController();
  let closing = false;
  const onCancel = () => interrupt.abort(new RunError('cancelled', 'the run was cancelled', { hint: 'start it again when ready' }));
  if (opts.signal?.aborted) onCancel();
  opts.signal?.addEventListener('abort', onCancel, { once: true });
  const interrupted = new Promise<never>((_, reject) => {
    interrupt.signal.addEventListener('abort', () => reject(interrupt.signal.reason), { once: true });
  });
  interrupted.catch(() => undefined);
  const guard = <T>(p: Promise<T>): Promise<T> => {
    if (interrupt.signal.aborted) {
      p.catch(() => undefined);
      return Promise.reject(interrupt.signal.reason);
    }
    return Promise.race([p, interrupted]);
  };
  const sleep = (ms: number) => guard(new Promise<void>((r) => setTimeout(r, ms)));

  const inflight = new WeakMap<Page, { count: number; lastChange: number }>();
  let tmpProfiles: string | undefined;
  let currentStep = -1;
  const pageAnswerMs = opts.pageAnswerMs ?? PAGE_ANSWER_MS;
  /** The last look at a page went unanswered (see PAGE_ANSWER_MS). */
  let unanswered = false;
  let warmup: RunResult['warmup'];
  try {
    // ---- launch
    let profilesRoot = opts.browserProfilesDir;
    if (!profilesRoot) {
      tmpProfiles = await fs.mkdtemp(path.join(os.tmpdir(), 'review-assistant-lanes-'));
      profilesRoot = tmpProfiles;
    }
    let x = 0;
    const defs = scenario.lanes.map((rawLane, li) => renderDeep(rawLane, ctx, vars, 'value', `lanes[${li}]`));
    const scales = opts.videoCanvas ? laneCaptureScales(opts.videoCanvas, defs.map((d) => d.viewport)) : defs.map(() => 1);
    for (const [li, def] of defs.entries()) {
      progress((0.05 * li) / scenario.lanes.length, 'launch', `starting the browser for ${def.title}`);
      const screen = (await guard(opts.hooks?.screenFor?.(def.id, scaledSize(def.viewport, scales[li]!)) ?? Promise.resolve(null))) ?? null;
      const launched = await guard(
        launchLane({
          executablePath: found.path,
          userDataDir: path.join(profilesRoot, def.id),
          fresh: opts.startLoggedOut ?? true,
          headless: opts.headless ?? false,
          viewport: def.viewport,
          scale: scales[li]!,
          position: { x, y: 0 },
          screen,
          ...(opts.env ? { env: opts.env } : {}),
          ...(opts.browserArgs ? { extraArgs: opts.browserArgs } : {}),
        }),
      );
      x += def.viewport.width;
      const lane: LaneState = { def, captureScale: scales[li]!, ownScreen: !!screen, browser: launched.browser, page: launched.page, pid: launched.pid, popup: undefined, mouse: new WeakMap() };
      lanes.set(def.id, lane);
      laneRuns.push({ id: def.id, pid: launched.pid });
      launched.browser.on('disconnected', () => {
        if (closing) return;
        const at = currentStep >= 0 ? ` during step ${currentStep + 1} "${scenario.steps[currentStep]?.id}"` : '';
        // The browser goes with its screen: name the screen then, not the browser. The X server
        // ended first (the browser noticed and quit), so Node has heard of it by now.
        const screenGone = screen?.ended?.() ?? null;
        interrupt.abort(
          screenGone
            ? new RunError('external', `the virtual screen of lane "${def.id}" (${def.title}, Xvfb ${screen!.display}) ended${at} (${screenGone}), and its browser with it`, {
                hint: 'something stopped the X server (a session clean-up, the out-of-memory killer: see dmesg); run again, or record with --capture chrome-recorder',
              })
            : new RunError('external', `the browser of lane "${def.id}" (${def.title}) closed unexpectedly${at}: it crashed or was killed`, {
                hint: 'run again; if it keeps happening, try another browser (REVIEW_ASSISTANT_BROWSER) or --headless',
              }),
        );
      });
      await wireLane(lane);
    }
    for (const lane of lanes.values()) {
      if (lane.def.startUrl !== 'about:blank') {
        await guard(lane.page.goto(lane.def.startUrl, { waitUntil: 'domcontentloaded', timeout: GOTO_TIMEOUT })).catch((e: unknown) => {
          if (interrupt.signal.aborted) throw e;
          throw new RunError('external', `lane "${lane.def.id}" could not open its start page ${safeUrl(lane.def.startUrl)}: ${(e as Error).message}`, {
            hint: 'check the address (the Webitel host in the profile, or run with --sandbox)',
          });
        });
      }
    }
    // Every page loaded before any lane's capture starts: a page loading beside a lane that
    // already records held that lane's page back (measured on the animated bench: 30–60 of its
    // first 150 pictures repeated while the other lane's page loaded).
    for (const lane of lanes.values()) {
      await guard(opts.hooks?.onLaneReady?.({ id: lane.def.id, title: lane.def.title, viewport: lane.def.viewport, captureScale: lane.captureScale }, lane.page, lane.browser) ?? Promise.resolve());
    }

    if (opts.hooks?.onLaneReady) {
      progress(0.05, 'launch', 'waiting for the browsers to draw steadily before the first step');
      warmup = await guard(captureWarmup([...lanes.values()].map((l) => l.page), interrupt.signal));
      await guard(opts.hooks.afterWarmup?.() ?? Promise.resolve());
    }

    // ---- steps
    emit({ type: 'run-started', t: nowMs() });
    let scene = '';
    for (const [i, raw] of scenario.steps.entries()) {
      currentStep = i;
      if (interrupt.signal.aborted) throw interrupt.signal.reason;
      const res = steps[i] as StepResult;
      const lane = lanes.get(raw.lane) as LaneState;
      const step = renderDeep(raw, ctx, vars, 'value', `steps[${i}]`);
      const display = (t: string | undefined, f: string) => (t === undefined ? undefined : renderTemplate(t, ctx, { mode: 'display', vars, field: `steps[${i}].${f}` }));
      const caption = display(raw.caption, 'caption');
      const explanation = display(raw.explain, 'explain');
      if (caption) res.caption = caption;
      progress(0.05 + (0.95 * i) / scenario.steps.length, 'steps', caption ?? `${raw.action} ${raw.id}`);

      if (raw.scene !== scene) {
        scene = raw.scene;
        const sc = scenario.scenes.find((s) => s.id === scene);
        emit({ type: 'scene-started', t: nowMs(), sceneId: scene, title: sc?.title ?? scene, permissions: sc?.permissions ?? [] });
      }

      const scope = (): Scope => ({ page: step.popup ? openPopup(lane) : lane.page, popupOpen: () => openPopup(lane) !== undefined });
      if (step.when) {
        const holds = await pollCondition(step.when.condition, scope, step.when.withinMs);
        if (!holds) {
          res.status = 'skipped';
          res.note = `condition not met: ${describeCondition(step.when.condition)}`;
          emit({ type: 'step-skipped', t: nowMs(), index: i, stepId: step.id, reason: res.note });
          continue;
        }
      }

      const started = nowMs();
      emit({
        type: 'step-started',
        t: started,
        index: i,
        stepId: step.id,
        sceneId: step.scene,
        laneId: step.lane,
        action: step.action,
        caption: caption ?? '',
        ...(explanation ? { explanation } : {}),
      });
      try {
        // The caption appears a moment before its action, as a narrator says what is about to
        // happen (it was read after the page had already changed); part of the minimum hold.
        const lead = caption && opts.minCaptionMs ? Math.min(CAPTION_LEAD_MS, opts.minCaptionMs / 3) : 0;
        if (lead > 0) await sleep(lead);
        await performStep(i, step, lane, scope, display);
        // Keep a caption on screen long enough to read, however fast the page was.
        const hold = caption && opts.minCaptionMs ? opts.minCaptionMs - (nowMs() - started) : 0;
        if (hold > 0) await sleep(hold);
        res.status = 'passed';
        res.durationMs = Math.round(nowMs() - started);
        if ((step.screenshot || opts.screenshotEveryStep || step.action === 'screenshot') && opts.evidenceDir) {
          const page = scope().page;
          if (page) {
            const file = path.join(opts.evidenceDir, 'steps', `${pad(i)}-${step.id}.png`);
            await fs.mkdir(path.dirname(file), { recursive: true });
            await guard(page.screenshot({ path: file as `${string}.png` }));
            res.screenshot = file;
          }
        }
        emit({ type: 'step-succeeded', t: nowMs(), index: i, stepId: step.id, durationMs: res.durationMs });
      } catch (e) {
        if (interrupt.signal.aborted) {
          const reason = interrupt.signal.reason as RunError;
          res.status = 'failed';
          res.note = reason.message;
          res.durationMs = Math.round(nowMs() - started);
          emit({ type: 'step-failed', t: nowMs(), index: i, stepId: step.id, error: reason.message });
          throw reason;
        }
        const waited = nowMs() - started;
        const se = e instanceof StepError ? e : new StepError(stepMessage(e), `steps[${i}]`);
        if (step.optional) {
          res.status = 'skipped';
          res.note = `optional step did not work out: ${se.message}`;
          res.durationMs = Math.round(waited);
          emit({ type: 'step-skipped', t: nowMs(), index: i, stepId: step.id, reason: res.note });
          continue;
        }
        const page = scope().page ?? lane.page;
        const failure: StepFailure = {
          index: i,
          stepId: step.id,
          laneId: step.lane,
          field: se.field,
          reason: se.message,
          selectorsTried: se.selectorsTried,
          waitedMs: Math.round(waited),
          url: page && !page.isClosed() ? safeUrl(page.url()) : '',
        };
        await saveEvidence(page, i, step.id, failure);
        res.status = 'failed';
        res.note = se.message;
        res.durationMs = Math.round(waited);
        emit({ type: 'step-failed', t: nowMs(), index: i, stepId: step.id, error: se.message });
        const err = new RunError(
          'external',
          `step ${i + 1}/${scenario.steps.length} "${step.id}" (lane "${step.lane}", ${step.action}) failed after ${secs(waited)}: ${se.message}${failure.url ? ` — page ${failure.url}` : ''}`,
          {
            failure,
            hint: se.hint
              ? `${se.hint}${failure.screenshot ? ` (what the page showed: ${failure.screenshot})` : ''}`
              : failure.screenshot
                ? `look at ${failure.screenshot} and ${failure.html} to see what the page showed; fix the scenario's selectors or the profile values`
                : 'run again with an evidence folder to keep a screenshot; fix the scenario or the profile values',
          },
        );
        throw err;
      }
    }
    currentStep = -1;
    progress(1, 'steps', 'all steps passed');
    emit({ type: 'run-finished', t: nowMs(), status: 'passed' });
    return result('passed');
  } catch (e) {
    const cancelled = e instanceof UserError && e.kind === 'cancelled';
    emit({ type: 'run-finished', t: nowMs(), status: cancelled ? 'cancelled' : 'failed' });
    if (e instanceof RunError) {
      e.result = result(cancelled ? 'cancelled' : 'failed', e.failure);
      throw e;
    }
    if (e instanceof UserError) throw e;
    throw new RunError('external', `the run stopped: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  } finally {
    opts.signal?.removeEventListener('abort', onCancel);
    try {
      if (lanes.size) await withTimeout(opts.hooks?.beforeClose?.() ?? Promise.resolve(), 30_000);
    } catch {
      // the recorder reports its own failures; the browsers must close regardless
    }
    closing = true;
    await Promise.all([...lanes.values()].map((l) => closeBrowser(l.browser)));
    if (tmpProfiles) await fs.rm(tmpProfiles, { recursive: true, force: true }).catch(() => undefined);
  }

  // ---------------------------------------------------------------- helpers (closures over the run)

  async function wireLane(lane: LaneState): Promise<void> {
    const id = lane.def.id;
    trackRequests(lane.page);
    lane.page.on('framenavigated', (f) => {
      if (f === lane.page.mainFrame()) emit({ type: 'url-changed', t: nowMs(), laneId: id, url: safeUrl(f.url()), popup: false });
    });
    lane.page.on('popup', (p) => {
      if (!p) return;
      trackRequests(p);
      const t = nowMs();
      emit({ type: 'popup-opened', t, laneId: id, url: safeUrl(p.url()) });
      // The popup has often loaded its first page before this event: that page is its address now.
      emit({ type: 'url-changed', t, laneId: id, url: safeUrl(p.url()), popup: true });
      p.on('framenavigated', (f) => {
        if (f === p.mainFrame()) emit({ type: 'url-changed', t: nowMs(), laneId: id, url: safeUrl(f.url()), popup: true });
      });
      p.once('close', () => {
        if (lane.popup === p) lane.popup = undefined;
        emit({ type: 'popup-closed', t: nowMs(), laneId: id });
        try {
          opts.hooks?.onPopupClosed?.(id);
        } catch {
          // recorder's concern
        }
      });
      void preparePage(p).catch(() => undefined);
      // Sized before any step can act in it (a resize under a click would move its target),
      // and before its capture starts (which records the popup at its size).
      void (async () => {
        await sizePopupAsAsked(lane.page, p, lane.def.viewport, { ownScreen: lane.ownScreen });
        if (p.isClosed()) return;
        lane.popup = p;
        await opts.hooks?.onPopup?.(id, p);
      })().catch(() => undefined);
    });
  }

  /**
   * Requests in flight per page, without event streams and sockets (they never finish). A new
   * top-level navigation abandons the old document's loads, and Chromium reports no end for
   * some of them (a page that navigated by itself, then `goto` at once): they are dropped then,
   * or every later step on that page waited the whole settle time.
   */
  function trackRequests(page: Page): void {
    const n = { count: 0, lastChange: nowMs() };
    const pending = new Set<HTTPRequest>();
    inflight.set(page, n);
    const counts = (r: HTTPRequest) => r.resourceType() !== 'eventsource' && r.resourceType() !== 'websocket';
    page.on('request', (r) => {
      if (!counts(r)) return;
      if (r.isNavigationRequest() && r.frame() === page.mainFrame()) pending.clear();
      pending.add(r);
      n.count = pending.size;
      n.lastChange = nowMs();
    });
    const done = (r: HTTPRequest) => {
      if (!pending.delete(r)) return;
      n.count = pending.size;
      n.lastChange = nowMs();
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
  }

  /** Before acting, let the page finish what it is loading (a table refresh would eat the click); capped. */
  async function settle(page: Page): Promise<void> {
    const n = inflight.get(page);
    if (!n) return;
    const until = nowMs() + SETTLE_MAX_MS;
    while (nowMs() < until && (n.count > 0 || nowMs() - n.lastChange < SETTLE_QUIET_MS)) await sleep(50);
  }

  function openPopup(lane: LaneState): Page | undefined {
    return lane.popup && !lane.popup.isClosed() ? lane.popup : undefined;
  }

  async function pollCondition(c: Condition, scope: () => Scope, withinMs: number, guarded?: Step): Promise<boolean> {
    const deadline = nowMs() + withinMs;
    for (;;) {
      const s = scope();
      if (guarded) await checkFailIf(guarded, s);
      if ((await guard(safeEval(c, s))).ok) return true;
      if (nowMs() >= deadline) return false;
      await sleep(POLL_MS);
    }
  }

  async function safeEval(c: Condition, s: Scope) {
    try {
      const r = await withTimeout(evalCondition(c, s), pageAnswerMs);
      unanswered = false;
      return r;
    } catch (e) {
      if (isTransient(e)) return { ok: false };
      if (isUnanswered(e)) {
        unanswered = true;
        return { ok: false };
      }
      throw e;
    }
  }

  /** Said after a wait that ran out while the page was not answering: the likelier cause. */
  function unansweredNote(): string {
    return unanswered ? `; the page did not answer the last look within ${secs(pageAnswerMs)} (its scripts busy or frozen)` : '';
  }

  /** A step's `failIf` and `stopIf`: the page shows a failure, or a state the run cannot go past. */
  async function checkFailIf(step: Step, s: Scope): Promise<void> {
    for (const [k, stop] of (step.stopIf ?? []).entries()) {
      const r = await guard(safeEval(stop.if, s));
      if (r.ok) throw new StepError(stop.cause, `steps[${currentStep}].stopIf[${k}]`, [], stop.todo);
    }
    if (!step.failIf) return;
    const failIf = step.failIf;
    const r = await guard(safeEval(failIf, s));
    if (r.ok) throw new StepError(`the page reports a problem${r.text ? `: "${r.text}"` : ` (${describeCondition(failIf)})`}`, `steps[${currentStep}].failIf`);
  }

  async function waitForPage(lane: LaneState, step: Step, deadline: number, i: number): Promise<Page> {
    if (!step.popup) return lane.page;
    for (;;) {
      const p = openPopup(lane);
      if (p) return p;
      if (nowMs() >= deadline) throw new StepError(`no popup window of lane "${lane.def.id}" was open`, `steps[${i}].popup`);
      await sleep(POLL_MS);
    }
  }

  async function waitForTarget(page: Page, target: Target, deadline: number, i: number, step: Step, s: () => Scope): Promise<ElementHandle<Element>> {
    for (;;) {
      await checkFailIf(step, s());
      if (page.isClosed()) throw new StepError('the window closed before the element appeared', `steps[${i}].target`, describeTarget(target));
      const f = await guard(findTarget(page, target, true));
      if (f) return f.handle;
      if (nowMs() >= deadline) throw new StepError('none of the selectors matched a visible element', `steps[${i}].target`, describeTarget(target));
      await sleep(POLL_MS);
    }
  }

  /** The target's element is in a loading (busy) state, or gone: either way not to be clicked again. */
  async function targetBusy(page: Page, target: Target): Promise<boolean> {
    if (page.isClosed()) return true;
    let f: Awaited<ReturnType<typeof findTarget>>;
    try {
      f = await guard(withTimeout(findTarget(page, target, false), pageAnswerMs));
    } catch (e) {
      // A page that does not answer is at work (a navigation, a busy script): no second click.
      if (interrupt.signal.aborted) throw e;
      return isUnanswered(e);
    }
    if (!f) return false;
    try {
      return await guard(withTimeout(f.handle.evaluate(isBusyElement), pageAnswerMs));
    } catch (e) {
      if (interrupt.signal.aborted) throw e;
      return isUnanswered(e);
    } finally {
      release(f.handle);
    }
  }

  async function moveMouse(lane: LaneState, page: Page, x: number, y: number): Promise<void> {
    const from = lane.mouse.get(page) ?? cursorHome(lane.def.viewport);
    // Re-announce the position first: a new document has not seen the cursor yet.
    await guard(page.mouse.move(from.x, from.y));
    const dist = Math.hypot(x - from.x, y - from.y);
    const n = Math.max(6, Math.min(30, Math.round(dist / 25)));
    for (let k = 1; k <= n; k++) {
      const t = k / n;
      const e = t < 0.5 ? 2 * t * t : 1 - Math.pow(-2 * t + 2, 2) / 2;
      await guard(page.mouse.move(from.x + (x - from.x) * e, from.y + (y - from.y) * e));
      await sleep(16);
    }
    lane.mouse.set(page, { x, y });
  }

  /** Finds, scrolls to, waits until enabled, glides the cursor there and clicks; retries if the element is re-rendered. */
  async function humanClick(lane: LaneState, page: Page, target: Target, deadline: number, i: number, step: Step, s: () => Scope): Promise<ElementHandle<Element>> {
    for (;;) {
      await settle(page);
      const h = await waitForTarget(page, target, deadline, i, step, s);
      try {
        await guard(h.evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' })));
        const disabled =
          (await guard(h.evaluate((el) => (el as HTMLButtonElement).disabled === true || el.getAttribute('aria-disabled') === 'true'))) || (await guard(h.evaluate(isBusyElement)));
        if (disabled) {
          release(h);
          if (nowMs() >= deadline) throw new StepError('the element stayed disabled', `steps[${i}].target`, describeTarget(target));
          await sleep(POLL_MS);
          continue;
        }
        const pt = await guard(h.clickablePoint());
        await moveMouse(lane, page, pt.x, pt.y);
        await guard(page.mouse.click(pt.x, pt.y, { delay: 60 }));
        return h;
      } catch (e) {
        if (e instanceof StepError || interrupt.signal.aborted) throw e;
        release(h);
        const m = (e as Error).message;
        if (nowMs() >= deadline) throw new StepError(`could not click: ${m}`, `steps[${i}].target`, describeTarget(target));
        if (!isTransient(e) && !/not clickable|not visible|no layout|detached/i.test(m)) throw e;
        await sleep(POLL_MS);
      }
    }
  }

  async function performStep(
    i: number,
    step: Step,
    lane: LaneState,
    scope: () => Scope,
    display: (t: string | undefined, f: string) => string | undefined,
  ): Promise<void> {
    const timeout = step.timeoutMs ?? (step.action === 'manual' ? MANUAL_TIMEOUT : step.action === 'goto' ? Math.max(GOTO_TIMEOUT, opts.defaultTimeoutMs ?? 0) : (opts.defaultTimeoutMs ?? DEFAULT_TIMEOUT));
    const deadline = nowMs() + timeout;
    const page = await waitForPage(lane, step, deadline, i);

    switch (step.action) {
      case 'goto': {
        const url = step.url as string;
        try {
          await guard(page.goto(url, { waitUntil: 'domcontentloaded', timeout }));
        } catch (e) {
          if (interrupt.signal.aborted) throw e;
          throw new StepError(`could not open ${safeUrl(url)}: ${(e as Error).message.split('\n')[0]}`, `steps[${i}].url`);
        }
        break;
      }
      case 'click': {
        const h = await humanClick(lane, page, step.target as Target, deadline, i, step, scope);
        release(h);
        // A page that re-rendered under the click (a late table refresh) shows no effect while the
        // step's precondition still holds: click once more rather than fail.
        if (step.waitFor && step.when) {
          for (let attempt = 0; attempt < 2; ) {
            const wait = Math.min(RECLICK_AFTER_MS, Math.max(0, deadline - nowMs()));
            if (await pollCondition(step.waitFor, scope, wait, step)) return;
            if (nowMs() >= deadline || !(await guard(safeEval(step.when.condition, scope()))).ok) break;
            // A button still loading is the click at work (Workspace's "Ok" loads for 5 s or
            // more while the session opens): wait on, never click it again.
            if (await targetBusy(page, step.target as Target)) continue;
            attempt++;
            const again = await humanClick(lane, page, step.target as Target, deadline, i, step, scope);
            release(again);
          }
        }
        break;
      }
      case 'fill': {
        const h = await humanClick(lane, page, step.target as Target, deadline, i, step, scope);
        try {
          const kind = await guard(h.evaluate((el) => ('value' in el ? 'input' : 'editable')));
          const filled = await guard(h.evaluate((el) => ('value' in el ? String((el as HTMLInputElement).value).length > 0 : (el.textContent ?? '').length > 0)));
          if (filled) {
            if (kind === 'input') await guard(h.evaluate((el) => (el as HTMLInputElement).select()));
            else {
              const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
              await guard(page.keyboard.down(mod));
              await guard(page.keyboard.press('KeyA'));
              await guard(page.keyboard.up(mod));
            }
            await guard(page.keyboard.press('Backspace'));
          }
          await guard(page.keyboard.type(step.value ?? '', { delay: 35 }));
        } finally {
          release(h);
        }
        break;
      }
      case 'press': {
        if (step.target) {
          const h = await waitForTarget(page, step.target, deadline, i, step, scope);
          await guard(h.focus());
          release(h);
        }
        await guard(page.keyboard.press(step.key as Parameters<Page['keyboard']['press']>[0]));
        break;
      }
      case 'waitFor':
      case 'expect': {
        const c = step.waitFor as Condition;
        const ok = await pollCondition(c, scope, Math.max(0, deadline - nowMs()), step);
        if (!ok) {
          const what = step.action === 'expect' ? 'expected' : 'waited for';
          throw new StepError(`${what} ${describeCondition(c)}, which did not happen within ${secs(timeout)}${unansweredNote()}`, `steps[${i}].waitFor`, conditionSelectors(c));
        }
        return;
      }
      case 'caption':
        await sleep(step.durationMs ?? CAPTION_HOLD);
        return;
      case 'pause':
        await sleep(step.durationMs ?? 0);
        return;
      case 'manual': {
        const m = step.manual as NonNullable<Step['manual']>;
        const prompt = display(m.prompt, 'manual.prompt') ?? '';
        emit({ type: 'manual-waiting', t: nowMs(), index: i, laneId: step.lane, prompt });
        try {
          opts.onManual?.(prompt, { index: i, stepId: step.id, laneId: step.lane, timeoutMs: timeout });
        } catch {
          // the prompt is shown elsewhere too (timeline)
        }
        const ok = await pollCondition(m.until, scope, Math.max(0, deadline - nowMs()), step);
        if (!ok) throw new StepError(`nobody completed the manual step within ${secs(timeout)} (waiting for ${describeCondition(m.until)})${unansweredNote()}`, `steps[${i}].manual.until`, conditionSelectors(m.until));
        break;
      }
      case 'screenshot':
        return;
    }

    // What must hold after acting (e.g. the switch confirmed on, the URL left the login page).
    if (step.waitFor) {
      const ok = await pollCondition(step.waitFor, scope, Math.max(0, deadline - nowMs()), step);
      if (!ok) throw new StepError(`after the ${step.action}, ${describeCondition(step.waitFor)} did not happen within ${secs(timeout)}${unansweredNote()}`, `steps[${i}].waitFor`, conditionSelectors(step.waitFor));
    }
  }

  async function saveEvidence(page: Page | undefined, i: number, id: string, failure: StepFailure): Promise<void> {
    if (!opts.evidenceDir || !page || page.isClosed()) return;
    const base = path.join(opts.evidenceDir, 'steps', `${pad(i)}-${id}-failed`);
    try {
      await fs.mkdir(path.dirname(base), { recursive: true });
      await withTimeout(page.screenshot({ path: `${base}.png` }), 10_000);
      failure.screenshot = `${base}.png`;
    } catch {
      // a dead page has no picture; the HTML may still come
    }
    try {
      const html = await withTimeout(page.content(), 10_000);
      await writeFileAtomic(`${base}.html`, html, 0o644);
      failure.html = `${base}.html`;
    } catch {
      // as above
    }
  }
}

/**
 * Runs in the page: a button showing its loading state (PrimeVue's `p-button--loading`, Webitel's
 * `wt-button` loader, `aria-busy`). Self-contained, because puppeteer sends its source to the page.
 */
const isBusyElement = (el: Element): boolean => {
  const b = el.closest('button, [role="button"]') ?? el;
  return b.classList.contains('p-button--loading') || b.getAttribute('aria-busy') === 'true' || b.querySelector('.p-button-loading-icon, .wt-loader') !== null;
};

function stepMessage(e: unknown): string {
  const m = (e as Error)?.message ?? String(e);
  return m.split('\n')[0] ?? m;
}

