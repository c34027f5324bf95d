// Waits before the first step until every lane's browser draws its frames on time, so the first actions are not lost in stalls.
import type { Page } from 'puppeteer-core';
import { nowMs } from '../../common/progress';
import { sleep, withTimeout } from '../../common/timeout';

/*
 * On 2 cores the browser launched last keeps the CPU busy for a second or so after its capture
 * starts, and every lane's pictures stall meanwhile: a first step acted on then showed up to 9
 * frames after its caption. A page's own `requestAnimationFrame` cadence shows those stalls as
 * they happen (nearly all of them were in the recording too), so the runner samples every lane's
 * frame times together and starts once all were steady over one window, or after a limit (a busy
 * machine is recorded anyway). BENCHMARKS.md, ninth session.
 */

/** Page script: the page's frame times (`requestAnimationFrame`) over `ms`, after the moment it was asked. */
export function frameTimesScript(ms: number): string {
  return `new Promise(function (resolve) {
  var start = performance.now(), times = [start];
  function tick(t) { times.push(Math.max(t, times[times.length - 1])); if (t - start >= ${Math.round(ms)}) resolve(times); else requestAnimationFrame(tick); }
  requestAnimationFrame(tick);
})`;
}

/** The longest time between two consecutive frames (the first entry is when sampling began). */
export function longestGapMs(times: readonly number[]): number {
  let gap = 0;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, times[i]! - times[i - 1]!);
  return gap;
}

/** Frames sampled over at least `windowMs` and never more than `maxGapMs` apart. */
export function drewSteadily(times: readonly number[], windowMs: number, maxGapMs: number): boolean {
  if (times.length < 2) return false;
  return times[times.length - 1]! - times[0]! >= windowMs && longestGapMs(times) <= maxGapMs;
}

export interface SteadyOptions {
  /** How long every lane must draw steadily, together. */
  windowMs?: number;
  /** The longest gap between two frames still counted as steady (a 30 fps recording keeps every frame up to 33 ms apart; 60 Hz pages draw every 17). */
  maxGapMs?: number;
  /** Gives up after this long (the recording goes on: a busy machine is recorded as it is). */
  limitMs?: number;
  signal?: AbortSignal;
}

export interface SteadyResult {
  steady: boolean;
  waitedMs: number;
  /** Sampling windows taken. */
  windows: number;
  /** The longest frame gap of each page in the last window (null: the page did not answer). */
  lastGapsMs: Array<number | null>;
}

/** The recording warm-up as reported: the steady-drawing wait and the whole pause before the first step. */
export type Warmup = SteadyResult & { totalMs: number };

export const STEADY_DEFAULTS = { windowMs: 300, maxGapMs: 50, limitMs: 3000 } as const;

/**
 * Samples all `pages` at once, window after window, until every one drew steadily in the same
 * window or `limitMs` passed. Never throws for a page (a page navigating, closed or not drawing
 * counts as not steady); stops early, unsteady, when `signal` aborts.
 */
export async function waitForSteadyDrawing(pages: readonly Pick<Page, 'evaluate'>[], o: SteadyOptions = {}): Promise<SteadyResult> {
  const windowMs = o.windowMs ?? STEADY_DEFAULTS.windowMs;
  const maxGapMs = o.maxGapMs ?? STEADY_DEFAULTS.maxGapMs;
  const limitMs = o.limitMs ?? STEADY_DEFAULTS.limitMs;
  const started = nowMs();
  let windows = 0;
  let lastGapsMs: Array<number | null> = pages.map(() => null);
  const script = frameTimesScript(windowMs);
  while (!o.signal?.aborted) {
    windows++;
    const round = nowMs();
    const samples = await Promise.all(
      pages.map((p) =>
        withTimeout(p.evaluate(script) as Promise<unknown>, windowMs + 1000).then(
          (v) => (Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : null),
          () => null,
        ),
      ),
    );
    lastGapsMs = samples.map((s) => (s ? longestGapMs(s) : null));
    const steady = samples.every((s) => s !== null && drewSteadily(s, windowMs, maxGapMs));
    const waitedMs = nowMs() - started;
    if (steady) return { steady: true, waitedMs, windows, lastGapsMs };
    if (waitedMs >= limitMs) return { steady: false, waitedMs, windows, lastGapsMs };
    // Pages that fail at once (closed, navigating) are asked again a window later, not in a busy loop.
    const rest = windowMs - (nowMs() - round);
    if (rest > 0) await sleep(rest, o.signal).catch(() => undefined);
  }
  return { steady: false, waitedMs: nowMs() - started, windows, lastGapsMs };
}
