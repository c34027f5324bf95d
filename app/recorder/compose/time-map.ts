// The cuts that keep the video tight (a person's search during a hand-over, a long wait) and the one map from the uncut video clock to the cut one.
import type { WaitsMode } from '../run-folder';
import type { TimelineEvent } from '../timeline';

export type { WaitsMode } from '../run-folder';

/**
 * A stretch of the uncut video (seconds of the video clock as if nothing were cut: the title,
 * then the lanes from the earliest capture start) left out of the video. Whole frames.
 */
export interface Cut {
  start: number;
  end: number;
  reason: 'assisted' | 'wait';
  /** The step whose wait it shortens. */
  stepId: string;
  /** The cross-fade that hides the jump (seconds, at most the cut's length). */
  fadeSec: number;
}

/** Seconds kept of a wait after it began and before it ended: the hand-over's start and the person's click stay on video. */
export const KEEP_BEFORE_SEC = 1.5;
export const KEEP_AFTER_SEC = 1.5;
/** Shorter than this a cut is not worth a jump. */
export const MIN_CUT_SEC = 1;
export const FADE_SEC = 0.3;
/** A step waiting on the page longer than this is a long wait (`--compress-waits`). */
export const LONG_WAIT_SEC = 6;
/** The actions that wait on the page (a load, a condition); typing, pauses and captions are shown as they were. */
const WAITING_ACTIONS = new Set(['goto', 'click', 'waitFor', 'expect']);

const FPS_GRID = 30;
const onFrame = (sec: number) => Math.round(sec * FPS_GRID) / FPS_GRID;

/** In order, overlapping or touching cuts merged (an assisted reason wins: it says more), empty ones dropped. */
export function normaliseCuts(cuts: readonly Cut[]): Cut[] {
  const sorted = cuts.filter((c) => c.end - c.start > 1e-6).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Cut[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && c.start <= last.end + 1e-6) {
      if (c.end > last.end) last.end = c.end;
      if (c.reason === 'assisted' && last.reason !== 'assisted') Object.assign(last, { reason: c.reason, stepId: c.stepId });
      continue;
    }
    out.push({ ...c });
  }
  for (const c of out) c.fadeSec = Math.max(0, Math.min(c.fadeSec, c.end - c.start));
  return out;
}

/** Seconds left out before `sec` of the uncut video (a moment inside a cut counts the cut up to it). */
function removedBefore(cuts: readonly Cut[], sec: number): number {
  let removed = 0;
  for (const c of cuts) {
    if (sec <= c.start) break;
    removed += Math.min(sec, c.end) - c.start;
  }
  return removed;
}

/**
 * Uncut video seconds → video seconds. A moment inside a cut lands on the cut (the first frame
 * after it), so an event there still shows, at the jump. `cuts` as `normaliseCuts` returns them.
 */
export function mapSec(cuts: readonly Cut[], sec: number): number {
  return sec - removedBefore(cuts, sec);
}

/** Video seconds → uncut video seconds: where the picture shown at `videoSec` was recorded (at a cut, after it). */
export function sourceSec(cuts: readonly Cut[], videoSec: number): number {
  let sec = videoSec;
  for (const c of cuts) {
    if (sec < c.start - 1e-9) break;
    sec += c.end - c.start;
  }
  return sec;
}

/**
 * How something that appears at uncut `sec` inside a cut, or during the cross-fade after it,
 * fades in with that fade (it is in the incoming pictures, not the outgoing ones): the seconds
 * until the fade ends from where it shows, and its opacity there. Null: no fade under it.
 */
export function fadeInAt(cuts: readonly Cut[], sec: number): { sec: number; from: number } | null {
  const c = cuts.find((x) => x.fadeSec > 0 && sec > x.start + 1e-6 && sec < x.end + x.fadeSec - 1e-6);
  if (!c) return null;
  const into = mapSec(cuts, sec) - mapSec(cuts, c.start);
  return { sec: c.fadeSec - into, from: into / c.fadeSec };
}

/**
 * How something there at a cut's start that goes away inside the cut (a popup closed while the
 * person searched) fades out with the cross-fade: the seconds it stays from the cut (till its
 * close, at most the fade) and its opacity when it goes. Null: it did not go inside a cut.
 */
export function fadeOutAt(cuts: readonly Cut[], fromSec: number, untilSec: number): { sec: number; to: number } | null {
  const c = cuts.find((x) => x.fadeSec > 0 && fromSec <= x.start + 1e-6 && untilSec > x.start + 1e-6 && untilSec < x.end - 1e-6);
  if (!c) return null;
  const sec = Math.min(c.fadeSec, untilSec - c.start);
  return { sec, to: 1 - sec / c.fadeSec };
}

/** Where each cut falls in the video (seconds), in order. */
export function cutPoints(cuts: readonly Cut[]): number[] {
  return cuts.map((c) => mapSec(cuts, c.start));
}

/** Seconds left out in all. */
export function removedSec(cuts: readonly Cut[]): number {
  return cuts.reduce((a, c) => a + (c.end - c.start), 0);
}

/** The stretches of the uncut video that are kept, with where each begins in the video. */
export function keptSpans(cuts: readonly Cut[], uncutEndSec: number): Array<{ sourceStart: number; sourceEnd: number; videoStart: number }> {
  const out: Array<{ sourceStart: number; sourceEnd: number; videoStart: number }> = [];
  let from = 0;
  for (const c of cuts) {
    if (c.start > from) out.push({ sourceStart: from, sourceEnd: Math.min(c.start, uncutEndSec), videoStart: mapSec(cuts, from) });
    from = Math.max(from, c.end);
  }
  if (uncutEndSec > from) out.push({ sourceStart: from, sourceEnd: uncutEndSec, videoStart: mapSec(cuts, from) });
  return out.filter((s) => s.sourceEnd > s.sourceStart);
}

/** A wait from `a` to `b` (uncut seconds) shortened to its first and last moments, or null when that would cut too little. */
function cutOf(a: number, b: number, bounds: { from: number; to: number }, reason: Cut['reason'], stepId: string): Cut | null {
  const start = onFrame(Math.max(a + KEEP_BEFORE_SEC, bounds.from));
  const end = onFrame(Math.min(b - KEEP_AFTER_SEC, bounds.to));
  if (end - start < MIN_CUT_SEC - 1e-6) return null;
  return { start, end, reason, stepId, fadeSec: FADE_SEC };
}

/**
 * The cuts a timeline asks for. `toUncut` turns a run-clock moment into uncut video seconds;
 * cuts stay within `bounds` (after the title card, before the end). The rules:
 * - `assisted`: from `assist-started` to `assist-ended` of each hand-over, all but the first and
 *   last 1.5 s (the prompt's moment and the person's action);
 * - `all` adds every step that waited on the page (goto, click, waitFor, expect) longer than 6 s
 *   from its `step-started` to its `step-succeeded`, likewise; typing, pauses, captions and
 *   manual steps are never cut.
 */
export function planCuts(timeline: readonly TimelineEvent[], toUncut: (t: number) => number, mode: WaitsMode, bounds: { from: number; to: number }): Cut[] {
  if (mode === 'keep') return [];
  const cuts: Cut[] = [];
  for (const e of timeline) {
    if (e.type !== 'assist-ended') continue;
    const c = cutOf(toUncut(e.startedAt), toUncut(e.t), bounds, 'assisted', e.stepId);
    if (c) cuts.push(c);
  }
  if (mode === 'all') {
    const started = new Map<number, Extract<TimelineEvent, { type: 'step-started' }>>();
    const assisted = new Set(timeline.flatMap((e) => (e.type === 'assist-started' ? [e.index] : [])));
    for (const e of timeline) {
      if (e.type === 'step-started') started.set(e.index, e);
      if (e.type !== 'step-succeeded') continue;
      const s = started.get(e.index);
      if (!s || assisted.has(e.index) || !WAITING_ACTIONS.has(s.action) || (e.t - s.t) / 1000 <= LONG_WAIT_SEC) continue;
      const c = cutOf(toUncut(s.t), toUncut(e.t), bounds, 'wait', e.stepId);
      if (c) cuts.push(c);
    }
  }
  return normaliseCuts(cuts);
}

/** A hand-over still going on (its `assist-started` without an end): from here on the cuts are not known yet. */
export function openAssistAt(timeline: readonly TimelineEvent[]): number | null {
  const ended = new Set(timeline.flatMap((e) => (e.type === 'assist-ended' ? [`${e.index}@${e.startedAt}`] : [])));
  const open = timeline.filter((e) => e.type === 'assist-started' && !ended.has(`${e.index}@${e.t}`));
  return open.length ? Math.min(...open.map((e) => e.t)) : null;
}

/** The step still running (started, neither ended nor skipped): a long wait may yet be cut from it. */
export function openStepAt(timeline: readonly TimelineEvent[]): number | null {
  const open = new Map<number, number>();
  for (const e of timeline) {
    if (e.type === 'step-started') open.set(e.index, e.t);
    else if (e.type === 'step-succeeded' || e.type === 'step-failed' || e.type === 'step-skipped') open.delete(e.index);
  }
  return open.size ? Math.min(...open.values()) : null;
}
