// Proves a lane whose picture lag cannot be measured stays placed by its read times with a note, and the run goes on.
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import type { CaptureMethod, LaneCapture } from '../../../app/recorder/capture/method';
import { withPictureLag } from '../../../app/recorder/capture/picture-lag';
import { RunCapture } from '../../../app/recorder/capture/run-capture';
import { resolveFfmpegTools } from '../../../app/media/tools';

/**
 * What the run's capture does with a lane whose picture lag cannot be measured: the lane stays
 * placed by its read times, with a note saying why, and the run goes on. The lane's method is a
 * stand-in whose capture "started" (the real path is the screen-capture integration test);
 * `lagged` false records it as a method that measures nothing.
 */
async function withDisplayLane(
  page: { evaluate(s: string): Promise<unknown> },
  file = '/nonexistent/lanes/webitel.mp4',
  stopped = { count: 0 },
  lagged = true,
) {
  const tools = resolveFfmpegTools();
  const capture: LaneCapture = {
    method: 'display',
    file,
    startMs: 1_000_000,
    width: 736,
    height: 828,
    finalSec: () => Number.POSITIVE_INFINITY,
    stop: () => {
      stopped.count++;
      return Promise.resolve({ method: 'display', file, startMs: 1_000_000, endMs: 1_060_000, requestedMs: 1_000_000, width: 736, height: 828, frames: null });
    },
    abort: () => Promise.resolve(),
  };
  const method: CaptureMethod = {
    id: 'display',
    summary: 'stand-in',
    colour: { range: 'limited', matrix: 'bt709' },
    container: 'mp4',
    unavailable: async () => null,
    start: async (o) =>
      lagged ? withPictureLag(capture, { page, viewport: o.lane.viewport, scale: o.lane.captureScale ?? 1, fps: o.fps, tools, signal: o.signal }) : capture,
  };
  const rc = new RunCapture({ dir: '/nonexistent', tools, methods: [method] });
  await rc.onLaneReady({ id: 'webitel', title: 'Webitel', viewport: { width: 960, height: 1080 }, captureScale: 736 / 960 }, page as unknown as Page);
  return rc;
}

async function placed(rc: RunCapture) {
  for (let i = 0; i < 100 && rc.liveLanes()[0]!.placing; i++) await new Promise((r) => setTimeout(r, 50));
  return rc.liveLanes()[0]!;
}

describe('a lane whose picture lag cannot be measured', () => {
  it('a page that does not glide (navigating, closed): placed as read, with a note', async () => {
    const rc = await withDisplayLane({ evaluate: () => Promise.reject(new Error('Execution context was destroyed')) });
    await rc.afterWarmup();
    const l = rc.liveLanes()[0]!;
    expect(l.placing).toBe(false);
    expect(l.record.capture).toMatchObject({ startMs: 1_000_000, pictureLag: { ms: null, frames: 0, note: 'the page did not draw the gliding cursor' } });
  });

  it('pictures that cannot be read: placed as read, with the reason, once the reading has ended', async () => {
    const rc = await withDisplayLane({ evaluate: () => Promise.resolve(1_000_500) });
    await rc.afterWarmup();
    const l = await placed(rc);
    expect(l.placing).toBe(false);
    expect(l.record.capture!.startMs).toBe(1_000_000);
    expect(l.record.capture!.pictureLag).toMatchObject({
      ms: null,
      frames: 0,
      glideAtMs: 1_000_500,
      note: expect.stringContaining("reading the lane's pictures failed"),
    });
  });

  it("lanes recorded otherwise (Chrome's recorder, the screencast) are not glided", async () => {
    let asked = 0;
    const rc = await withDisplayLane({ evaluate: () => Promise.resolve(++asked) }, undefined, undefined, false);
    await rc.afterWarmup();
    expect(asked).toBe(0);
    expect(rc.liveLanes()[0]!.record.capture).not.toHaveProperty('pictureLag');
  });
});

describe('the last glide, after the last step', () => {
  it("asks the page where its cursor is, glides it out, then stops the capture; unreadable pictures leave the first glide's placement", async () => {
    const asked: string[] = [];
    const stopped = { count: 0 };
    const rc = await withDisplayLane(
      {
        evaluate: (s: string) => {
          asked.push(s.trim().split('\n').at(-1)!);
          return Promise.resolve(s.includes('__reviewCursorAt()') ? { x: 920, y: 700 } : 1_050_000);
        },
      },
      '/nonexistent/lanes/webitel.mp4',
      stopped,
    );
    await rc.beforeClose();
    expect(asked).toEqual(['window.__reviewCursorAt();', 'window.__reviewCursorGlide(920, 700, -40, 700, 1180);']);
    expect(stopped.count).toBe(1);
    const [lane] = rc.laneRecords();
    expect(lane!.capture!.startMs).toBe(1_000_000);
    expect(lane!.capture!.pictureLag).toMatchObject({
      ms: null,
      note: 'the first glide was not measured',
      end: { ms: null, frames: 0, glideAtMs: 1_050_000, note: expect.stringContaining("reading the lane's pictures failed") },
      placedMs: null,
    });
  });

  it('a page that does not answer: the capture is stopped all the same, the reason noted', async () => {
    const stopped = { count: 0 };
    const rc = await withDisplayLane({ evaluate: () => new Promise(() => undefined) }, '/nonexistent/lanes/webitel.mp4', stopped);
    await rc.beforeClose();
    expect(stopped.count).toBe(1);
    expect(rc.laneRecords()[0]!.capture!.pictureLag).toMatchObject({ end: { ms: null, note: 'the page did not answer where its cursor was' }, placedMs: null });
  });
});
