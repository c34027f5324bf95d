/**
 * Where a lane recorded by Chrome's recorder starts on the run clock.
 *
 * Chrome answers `Page.startScreenRecording` at once, but the file's time 0 is its first
 * encoded frame, which comes 30–200 ms later (measured on the animated bench page; more
 * under load, about 5 ms on a still page). Placing the file at the moment the start was
 * asked for put every picture that much too early against the captions. The stop, though,
 * is exact: the end is taken as the stop is sent, and Chrome stretches its last frame to
 * it. So the file is placed by its end: start = end − duration, and never before the start
 * was asked for.
 *
 * Segments composed while recording used the provisional start; when the end-anchored one
 * is within `keepWithinMs` of it, the provisional start is kept so those segments stay valid
 * (the error is then at most that much).
 */
export interface AnchorInput {
  /** The provisional start (around the start command). */
  startMs: number;
  endMs: number;
  /** When the start command was sent: the first frame cannot be earlier. */
  requestedMs: number;
}

export interface Anchor {
  startMs: number;
  by: 'start' | 'end';
  /** How much later than requested the first frame came, by the end anchor (null: duration unknown). */
  lagMs: number | null;
}

/** One frame at 30 fps: with the page's own paint (another frame at most), inside the 2-frame caption sync target. */
export const KEEP_PROVISIONAL_WITHIN_MS = 1000 / 30;

export function anchorByEnd(c: AnchorInput, durationSec: number | null | undefined, keepWithinMs = 0): Anchor {
  const d = Number(durationSec);
  if (!Number.isFinite(d) || d <= 0) return { startMs: c.startMs, by: 'start', lagMs: null };
  const fromEnd = Math.min(c.endMs, Math.max(c.requestedMs, c.endMs - d * 1000));
  const lagMs = fromEnd - c.requestedMs;
  if (Math.abs(fromEnd - c.startMs) <= keepWithinMs) return { startMs: c.startMs, by: 'start', lagMs };
  return { startMs: fromEnd, by: 'end', lagMs };
}
