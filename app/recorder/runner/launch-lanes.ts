// Starts one browser per lane, opens the start pages, wires page events into the timeline, warms the capture up.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { nowMs } from '../../common/progress';
import { sleep as wait, withTimeout } from '../../common/timeout';
import { closeBrowser, launchLane, preparePage } from '../browser/launch';
import { cursorVisibility } from '../browser/cursor';
import { sizePopupAsAsked } from '../browser/popup-size';
import { waitForSteadyDrawing, type Warmup } from '../browser/steady-drawing';
import { laneCaptureScales, scaledSize } from '../../media/canvas';
import { renderDeep } from '../scenario/context';
import type { Lane } from '../scenario/schema';
import { RunError } from './errors';
import { watchCrashes } from './page-crash';
import type { LaneState, RunSession } from './session';
import type { LaneScreen } from './types';
import { watchSockets } from './socket-watch';

const GOTO_TIMEOUT = 30_000;

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

/** What launching left to clean up and measure. */
export interface Launched {
  /** A temporary folder of lane profiles to remove at the end. */
  tmpProfiles: string | undefined;
  warmup: Warmup | undefined;
}

/** Every lane up, its start page loaded, the capture hooks told; `out` is filled as it goes so a failure can clean up. */
export async function launchLanes(s: RunSession, out: Launched): Promise<void> {
  const { opts, scenario } = s;
  let profilesRoot = opts.browserProfilesDir;
  if (!profilesRoot) {
    out.tmpProfiles = await fs.mkdtemp(path.join(os.tmpdir(), 'review-assistant-lanes-'));
    profilesRoot = out.tmpProfiles;
  }
  let x = 0;
  const defs = scenario.lanes.map((rawLane, li) => renderDeep(rawLane, opts.context, scenario.vars, 'value', `lanes[${li}]`, scenario));
  const scales = opts.videoCanvas
    ? laneCaptureScales(
        opts.videoCanvas,
        defs.map((d) => d.viewport),
      )
    : defs.map(() => 1);
  for (const [li, def] of defs.entries()) {
    s.progress((0.05 * li) / scenario.lanes.length, 'launch', `starting the browser for ${def.title}`);
    await startLane(s, def, scales[li]!, path.join(profilesRoot, def.id), x);
    x += def.viewport.width;
  }
  await openStartPages(s);
  // Every page loaded before any lane's capture starts: a page loading beside a lane that
  // already records held that lane's page back (measured on the animated bench: 30–60 of its
  // first 150 pictures repeated while the other lane's page loaded).
  for (const lane of s.lanes.values()) {
    await s.guard(
      opts.hooks?.onLaneReady?.(
        { id: lane.def.id, title: lane.def.title, viewport: lane.def.viewport, captureScale: lane.captureScale },
        lane.page,
        lane.browser,
      ) ?? Promise.resolve(),
    );
  }
  if (opts.hooks?.onLaneReady) {
    s.progress(0.05, 'launch', 'waiting for the browsers to draw steadily before the first step');
    out.warmup = await s.guard(
      captureWarmup(
        [...s.lanes.values()].map((l) => l.page),
        s.interrupt.signal,
      ),
    );
  }
}

async function startLane(s: RunSession, def: Lane, scale: number, userDataDir: string, x: number): Promise<void> {
  const { opts } = s;
  const screen = (await s.guard(opts.hooks?.screenFor?.(def.id, scaledSize(def.viewport, scale)) ?? Promise.resolve(null))) ?? null;
  const launching = launchLane({
    executablePath: s.browser.path,
    userDataDir,
    fresh: opts.startLoggedOut ?? true,
    headless: opts.headless ?? false,
    viewport: def.viewport,
    scale,
    position: { x, y: 0 },
    screen,
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.browserArgs ? { extraArgs: opts.browserArgs } : {}),
  });
  // A cancel while the browser starts ends the wait, not the start: the browser that still comes
  // up belongs to no lane, so nothing else would close it (one outlived a cancelled recording).
  launching.then(
    (l) => s.aborted && void closeBrowser(l.browser),
    () => undefined,
  );
  const launched = await s.guard(launching);
  const lane: LaneState = {
    def,
    captureScale: scale,
    ownScreen: !!screen,
    browser: launched.browser,
    page: launched.page,
    pid: launched.pid,
    popup: undefined,
    mouse: new WeakMap(),
  };
  s.lanes.set(def.id, lane);
  s.laneRuns.push({ id: def.id, pid: launched.pid });
  launched.browser.on('disconnected', () => onLaneLost(s, def, screen));
  wireLane(s, lane);
}

function onLaneLost(s: RunSession, def: Lane, screen: LaneScreen | null): void {
  if (s.closing) return;
  const { plain: at, inWords: atInWords } = s.duringStep();
  // The browser goes with its screen: name the screen then, not the browser. The X server
  // ended first (the browser noticed and quit), so Node has heard of it by now.
  const screenGone = screen?.ended?.() ?? null;
  s.interrupt.abort(
    screenGone
      ? new RunError(
          'external',
          `the virtual screen of lane "${def.id}" (${def.title}, Xvfb ${screen!.display}) ended${at} (${screenGone}), and its browser with it`,
          {
            hint: 'something stopped the X server (a session clean-up, the out-of-memory killer: see dmesg); run again, or record with --capture chrome-recorder',
            appMessage: `The screen of the ${def.title} window ended${atInWords}, and the window with it`,
            appHint: 'something on this computer stopped it (a clean-up, too little memory); record again',
          },
        )
      : new RunError('external', `the browser of lane "${def.id}" (${def.title}) closed unexpectedly${at}: it crashed or was killed`, {
          hint: 'run again; if it keeps happening, try another browser (REVIEW_ASSISTANT_BROWSER) or --headless',
          appMessage: `The ${def.title} window closed unexpectedly${atInWords}: its browser crashed or was closed`,
          appHint: 'record again; if it keeps happening, try the other setting of “Hidden browser windows”',
        }),
  );
}

async function openStartPages(s: RunSession): Promise<void> {
  for (const lane of s.lanes.values()) {
    if (lane.def.startUrl === 'about:blank') continue;
    await s.guard(lane.page.goto(lane.def.startUrl, { waitUntil: 'domcontentloaded', timeout: GOTO_TIMEOUT })).catch((e: unknown) => {
      if (s.aborted) throw e;
      throw new RunError('external', `lane "${lane.def.id}" could not open its start page ${s.safeUrl(lane.def.startUrl)}: ${(e as Error).message}`, {
        hint: 'check the address (the Webitel host in the profile, or run with --sandbox)',
        appMessage: `The ${lane.def.title} window could not open its first page, ${s.safeUrl(lane.def.startUrl)}: ${(e as Error).message}`,
        appHint: 'check the Webitel host on the Submission screen, or record with the demo sandbox',
      });
    });
  }
}

/** The lane's address changes, its popup window (tracked, sized, handed to the capture) into the timeline. */
function wireLane(s: RunSession, lane: LaneState): void {
  const id = lane.def.id;
  trackRequests(s, lane.page);
  watchSockets(s, lane.page);
  watchCrashes(s, lane, lane.page, false);
  lane.page.on('framenavigated', (f) => {
    if (f === lane.page.mainFrame()) s.emit({ type: 'url-changed', t: nowMs(), laneId: id, url: s.safeUrl(f.url()), popup: false });
  });
  lane.page.on('popup', (p) => {
    if (!p) return;
    trackRequests(s, p);
    watchSockets(s, p);
    watchCrashes(s, lane, p, true);
    const t = nowMs();
    s.emit({ type: 'popup-opened', t, laneId: id, url: s.safeUrl(p.url()) });
    // The popup has often loaded its first page before this event: that page is its address now.
    s.emit({ type: 'url-changed', t, laneId: id, url: s.safeUrl(p.url()), popup: true });
    p.on('framenavigated', (f) => {
      if (f === p.mainFrame()) s.emit({ type: 'url-changed', t: nowMs(), laneId: id, url: s.safeUrl(f.url()), popup: true });
    });
    // One pointer on video: the popup's own arrow while it is open, the page's again after.
    void lane.page.evaluate(cursorVisibility(false)).catch(() => undefined);
    p.once('close', () => {
      if (lane.popup === p) lane.popup = undefined;
      void lane.page.evaluate(cursorVisibility(true)).catch(() => undefined);
      s.emit({ type: 'popup-closed', t: nowMs(), laneId: id });
      try {
        s.opts.hooks?.onPopupClosed?.(id);
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
      await s.opts.hooks?.onPopup?.(id, p);
    })().catch(() => undefined);
  });
}

/**
 * Requests in flight per page, without event streams and sockets (they never finish). A new
 * top-level navigation abandons the old document's loads, and Chromium reports no end for
 * some of them (a page that navigated by itself, then `goto` at once): they are dropped then,
 * or every later step on that page waited the whole settle time.
 */
function trackRequests(s: RunSession, page: Page): void {
  const n = { count: 0, lastChange: nowMs() };
  const pending = new Set<HTTPRequest>();
  s.inflight.set(page, n);
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

/** Closes every lane's browser (after the capture's `beforeClose`) and removes a temporary profile folder. */
export async function closeLanes(s: RunSession, tmpProfiles: string | undefined): Promise<void> {
  try {
    if (s.lanes.size) await withTimeout(s.opts.hooks?.beforeClose?.() ?? Promise.resolve(), 30_000);
  } catch {
    // the recorder reports its own failures; the browsers must close regardless
  }
  s.closing = true;
  await Promise.all([...s.lanes.values()].map((l) => closeBrowser(l.browser)));
  if (tmpProfiles) await fs.rm(tmpProfiles, { recursive: true, force: true }).catch(() => undefined);
}
