/**
 * The part of an overlay document that a segment of the video can show. Besides keeping
 * libass's work small, this is what a segment's key is made of: two compositions whose
 * windows have the same key draw the same pictures in that segment, even if events far
 * outside it differ (a caption fixed later in the video, the end not yet known while
 * recording).
 */

/** Fades (`\fad`) are at most this long: an event ending this close to the segment still shapes it. */
const MARGIN = 0.25;

/** Seconds from an ASS time `H:MM:SS.cc`. */
export function parseAssTime(t: string): number {
  const m = /^(\d+):(\d{2}):(\d{2})\.(\d{2})$/.exec(t.trim());
  if (!m) return Number.NaN;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 100;
}

const cs = (sec: number) => Math.round(sec * 100);

export function windowAss(ass: string, start: number, end: number): { text: string; key: string[] } {
  const lines = ass.split('\n');
  const from = start - MARGIN;
  const to = end + MARGIN;
  const kept: string[] = [];
  const key: string[] = [];
  for (const line of lines) {
    const m = /^Dialogue: ([^,]*),([^,]*),([^,]*),(.*)$/.exec(line);
    if (!m) {
      kept.push(line);
      key.push(line);
      continue;
    }
    const a = parseAssTime(m[2]!);
    const b = parseAssTime(m[3]!);
    if (!(b > from && a < to)) continue;
    kept.push(line);
    // Times beyond the margin cannot change what the segment shows: leave them out of the key.
    key.push(`${m[1]},${a < from ? 'before' : cs(a)},${b > to ? 'after' : cs(b)},${m[4]}`);
  }
  return { text: kept.join('\n'), key };
}
