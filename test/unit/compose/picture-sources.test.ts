// Proves a step's picture comes from the lane's popup while it is open and captured, and from the lane otherwise.
import { describe, expect, it } from 'vitest';
import { pictureSources } from '../../../app/recorder/compose/compose';
import type { CaptureRecord } from '../../../app/recorder/run-folder';

const cap = (file: string, startMs: number, endMs: number): CaptureRecord => ({
  method: 'screencast',
  file,
  startMs,
  endMs,
  requestedMs: startMs,
  width: 800,
  height: 564,
  frames: null,
  frameCount: null,
});

function sourceAt(m: Parameters<typeof pictureSources>[0], laneId: string, t: number): string | undefined {
  return pictureSources(m).find((s) => s.laneId === laneId && s.from <= t && t < s.until)?.capture.file;
}

describe("where a step's picture comes from", () => {
  const m = {
    lanes: [
      { id: 'webitel', title: 'W', viewport: { width: 940, height: 828 }, capture: cap('lanes/webitel.mp4', 0, 100_000) },
      { id: 'facebook', title: 'F', viewport: { width: 940, height: 828 }, capture: cap('lanes/facebook.mp4', 0, 100_000) },
    ],
    popups: [
      { laneId: 'webitel', openedMs: 20_000, closedMs: 40_000, capture: cap('lanes/webitel-popup1.mkv', 20_050, 40_000) },
      // a popup whose capture never started has no picture of its own: its lane stands in
      { laneId: 'webitel', openedMs: 50_000, closedMs: 51_000, capture: null },
    ],
  };
  it("is the lane's popup while it is open and captured, the lane otherwise", () => {
    expect(sourceAt(m, 'webitel', 10_000)).toBe('lanes/webitel.mp4');
    expect(sourceAt(m, 'webitel', 20_010)).toBe('lanes/webitel.mp4'); // before its capture's first moment
    expect(sourceAt(m, 'webitel', 30_000)).toBe('lanes/webitel-popup1.mkv');
    expect(sourceAt(m, 'webitel', 40_000)).toBe('lanes/webitel.mp4'); // closed
    expect(sourceAt(m, 'webitel', 50_500)).toBe('lanes/webitel.mp4');
    expect(sourceAt(m, 'facebook', 30_000)).toBe('lanes/facebook.mp4');
  });
  it("keeps a popup that was never seen to close up to its capture's end", () => {
    const open = { ...m, popups: [{ laneId: 'webitel', openedMs: 20_000, closedMs: null, capture: cap('lanes/webitel-popup1.mkv', 20_000, 60_000) }] };
    expect(sourceAt(open, 'webitel', 59_000)).toBe('lanes/webitel-popup1.mkv');
    expect(sourceAt(open, 'webitel', 60_000)).toBe('lanes/webitel.mp4');
  });
});
