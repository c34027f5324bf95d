// Maps the run's clock to the composed video's clock, and derives captions, chapters and address spans from the timeline.
import type { z } from 'zod';
import type { ChapterSchema } from '../run-folder';
import type { TimelineEvent } from '../timeline';
import { fadeInAt, fadeOutAt, mapSec, type Cut } from './time-map';

/**
 * The one mapping from the run's clock (`nowMs`) to the composed video's clock:
 * the title card plays first, then the lanes from the earliest capture start, less what the
 * cuts leave out (time-map.ts). Uncut: `titleSec + (t − originMs) / 1000`; the video's clock is
 * that mapped through the cuts, so every caption, chapter, address and clip follows them.
 */
export interface VideoClock {
  originMs: number;
  endMs: number;
  titleSec: number;
  /** Stretches of the uncut video left out (normalised, whole frames); none: the video is the whole recording. */
  cuts?: Cut[];
}

export const FPS = 30;

/** Uncut video seconds of a run-clock moment: where its picture is in the lane files' time. */
export function toUncutSec(clock: VideoClock, t: number): number {
  return clock.titleSec + Math.max(0, t - clock.originMs) / 1000;
}

export function toVideoSec(clock: VideoClock, t: number): number {
  const sec = toUncutSec(clock, t);
  return clock.cuts?.length ? mapSec(clock.cuts, sec) : sec;
}

export function videoDurationSec(clock: VideoClock): number {
  return roundToFrame(toVideoSec(clock, Math.max(clock.originMs, clock.endMs)));
}

/** The first frame shown at or after `sec` (what an event at `sec` should appear on). */
export function frameAtOrAfter(sec: number, fps = FPS): number {
  return Math.max(0, Math.ceil(sec * fps - 1e-6));
}

/** Rounds to the nearest frame boundary so cuts and captions land on whole frames. */
export function roundToFrame(sec: number, fps = FPS): number {
  return Math.round(sec * fps) / fps;
}

export interface CaptionCue {
  index: number;
  start: number;
  end: number;
  caption: string;
  explanation?: string;
  laneId: string;
  stepId: string;
}

/** A scene's span in the video, in video seconds, as the run folder keeps it. */
export type Chapter = z.infer<typeof ChapterSchema>;

/** Something that comes or goes with a cut's cross-fade (a popup window, an address): its own start and end, video seconds. */
export interface Fading {
  start: number;
  end: number;
  /** Shown from inside a cut: it fades in with the cut's cross-fade, as the page it belongs to (time-map.ts fadeInAt). */
  fadeIn?: { sec: number; from: number } | undefined;
  /** Gone (replaced, its popup closed) inside a cut: it stays over the cross-fade, fading out over its last `sec` to opacity `to`. */
  fadeOut?: { sec: number; to: number } | undefined;
}

export interface UrlSpan extends Fading {
  laneId: string;
  popup: boolean;
  url: string;
}

const sorted = (events: TimelineEvent[]) => [...events].sort((a, b) => a.t - b.t);

/**
 * One cue per captioned step, from its `step-started` to the next captioned step's start
 * (or the end of the video). A step without a caption keeps the previous one on screen.
 */
export function captionCues(events: TimelineEvent[], clock: VideoClock): CaptionCue[] {
  const steps = sorted(events).filter((e): e is Extract<TimelineEvent, { type: 'step-started' }> => e.type === 'step-started' && e.caption.trim() !== '');
  const end = videoDurationSec(clock);
  return steps.map((s, i) => {
    const next = steps[i + 1];
    const cue: CaptionCue = {
      index: s.index,
      start: toVideoSec(clock, s.t),
      end: next ? toVideoSec(clock, next.t) : end,
      caption: s.caption.trim(),
      laneId: s.laneId,
      stepId: s.stepId,
    };
    if (s.explanation?.trim()) cue.explanation = s.explanation.trim();
    return cue;
  });
}

/** Chapters in video time: each scene from its start to the next scene's start (the last to the end). */
export function chapters(events: TimelineEvent[], clock: VideoClock): Chapter[] {
  const scenes = sorted(events).filter((e): e is Extract<TimelineEvent, { type: 'scene-started' }> => e.type === 'scene-started');
  const end = videoDurationSec(clock);
  return scenes.map((s, i) => {
    const next = scenes[i + 1];
    return {
      sceneId: s.sceneId,
      title: s.title,
      permissions: [...s.permissions],
      start: roundToFrame(toVideoSec(clock, s.t)),
      end: next ? roundToFrame(toVideoSec(clock, next.t)) : end,
    };
  });
}

/**
 * What each lane's address strip (popup = false) or popup title bar (popup = true) shows, and
 * when. An address that changes inside a cut changes with the cut's cross-fade: the old one
 * fades out as the pictures it belonged to do, the new one fades in (it jumped at the cut).
 */
export function urlSpans(events: TimelineEvent[], clock: VideoClock): UrlSpan[] {
  const end = videoDurationSec(clock);
  const cuts = clock.cuts ?? [];
  const open = new Map<string, { span: UrlSpan; fromSec: number }>();
  const out: UrlSpan[] = [];
  const close = (key: string, t: number) => {
    const prev = open.get(key);
    if (!prev) return;
    const gone = fadeOutAt(cuts, prev.fromSec, toUncutSec(clock, t));
    prev.span.end = toVideoSec(clock, t) + (gone?.sec ?? 0);
    if (gone) prev.span.fadeOut = gone;
    open.delete(key);
  };
  for (const e of sorted(events)) {
    if (e.type === 'url-changed') {
      const key = `${e.laneId}\u0000${e.popup ? 1 : 0}`;
      close(key, e.t);
      const fromSec = toUncutSec(clock, e.t);
      const span: UrlSpan = { laneId: e.laneId, popup: e.popup, url: e.url, start: toVideoSec(clock, e.t), end };
      const shown = fadeInAt(cuts, fromSec);
      if (shown) span.fadeIn = shown;
      open.set(key, { span, fromSec });
      out.push(span);
    } else if (e.type === 'popup-closed') close(`${e.laneId}\u00001`, e.t);
  }
  // One shown and gone inside the same cut never shows (the cut's both sides have others).
  return out.filter((s) => s.end > s.start + 1e-6);
}

/** The panel outlasts the first navigation by this much: the tab stays white until the new page paints (~130 ms on the sandbox). */
export const STANDBY_TAIL_SEC = 0.5;

/**
 * Until when (video seconds) a lane has shown no page of its own: its browser shows an empty
 * tab, which the video covers with a standby panel instead of a blank white picture.
 */
export function standbyUntil(urls: UrlSpan[], laneId: string, durationSec: number): number {
  const first = Math.min(Number.POSITIVE_INFINITY, ...urls.filter((u) => u.laneId === laneId && !u.popup).map((u) => u.start));
  // A lane that navigates as it starts has no panel at all.
  if (first <= 0) return 0;
  return Math.min(durationSec, first + STANDBY_TAIL_SEC);
}

/** The step-succeeded moments (video seconds) per step index, for step screenshots. */
export function stepEnds(events: TimelineEvent[]): Map<number, { t: number; stepId: string }> {
  const m = new Map<number, { t: number; stepId: string }>();
  for (const e of events) if (e.type === 'step-succeeded' || e.type === 'step-failed') m.set(e.index, { t: e.t, stepId: e.stepId });
  return m;
}
