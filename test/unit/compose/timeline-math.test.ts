// Proves the mapping from run time to video time, and the captions, SRT and chapters derived from the timeline.
import { describe, expect, it } from 'vitest';
import { captionCues, chapters, toVideoSec, urlSpans, videoDurationSec, type VideoClock } from '../../../app/recorder/compose/video-time';
import { buildSrt, srtTime } from '../../../app/recorder/compose/srt';
import type { TimelineEvent } from '../../../app/recorder/timeline';

const T = 1_700_000_000_000;
const clock: VideoClock = { originMs: T, endMs: T + 20_000, titleSec: 3 };
const step = (t: number, index: number, caption: string, explanation?: string): TimelineEvent => ({
  type: 'step-started',
  t: T + t,
  index,
  stepId: `s${index}`,
  sceneId: 'x',
  laneId: 'a',
  action: 'click',
  caption,
  ...(explanation ? { explanation } : {}),
});
const events: TimelineEvent[] = [
  { type: 'run-started', t: T },
  { type: 'scene-started', t: T + 1000, sceneId: 'login', title: 'Log in', permissions: [] },
  step(1010, 0, 'Open the login page'),
  step(2533, 1, 'Type the password ••••', 'The password field stays masked'),
  step(4000, 2, ''),
  { type: 'scene-started', t: T + 9000, sceneId: 'consent', title: 'Consent', permissions: ['pages_show_list'] },
  step(9000, 3, 'Select the Page'),
  { type: 'url-changed', t: T + 500, laneId: 'a', url: 'https://host/app/auth', popup: false },
  { type: 'url-changed', t: T + 9500, laneId: 'a', url: 'https://www.facebook.com/dialog', popup: true },
  { type: 'popup-closed', t: T + 12_000, laneId: 'a' },
  { type: 'url-changed', t: T + 12_100, laneId: 'a', url: 'https://host/admin', popup: false },
];

describe('video clock', () => {
  it('maps run time to video time after the title card', () => {
    expect(toVideoSec(clock, T)).toBe(3);
    expect(toVideoSec(clock, T + 1500)).toBeCloseTo(4.5, 9);
    expect(videoDurationSec(clock)).toBe(23);
  });
});

describe('captions', () => {
  const cues = captionCues(events, clock);
  it('starts each caption at its step-started event, within 2 frames', () => {
    const starts = events.filter((e) => e.type === 'step-started' && e.caption).map((e) => toVideoSec(clock, e.t));
    expect(cues.map((c) => c.start)).toEqual(starts);
    for (const [i, c] of cues.entries()) expect(Math.abs(c.start - starts[i]!)).toBeLessThanOrEqual(2 / 30);
  });
  it('keeps the previous caption through a step without one, and runs the last to the end', () => {
    expect(cues).toHaveLength(3);
    expect(cues[1]!.end).toBeCloseTo(toVideoSec(clock, T + 9000), 9);
    expect(cues[2]!.end).toBe(23);
    expect(cues[1]!.explanation).toBe('The password field stays masked');
  });
  it('writes SRT with millisecond times, explanation on its own line', () => {
    expect(srtTime(3661.5)).toBe('01:01:01,500');
    const srt = buildSrt(cues);
    expect(srt).toContain('2\n00:00:05,533 --> 00:00:12,000\nType the password ••••\nThe password field stays masked\n');
    expect(srt.split('\n\n')).toHaveLength(3);
  });
});

describe('chapters', () => {
  it('runs each scene to the next, the last to the end, on frame boundaries', () => {
    const ch = chapters(events, clock);
    expect(ch.map((c) => [c.sceneId, c.start, c.end])).toEqual([
      ['login', 4, 12],
      ['consent', 12, 23],
    ]);
    expect(ch[1]!.permissions).toEqual(['pages_show_list']);
  });
});

describe('address strip', () => {
  it('tracks main and popup URLs separately and ends the popup span when it closes', () => {
    const spans = urlSpans(events, clock);
    const main = spans.filter((s) => !s.popup);
    const pop = spans.filter((s) => s.popup);
    expect(main.map((s) => [s.url, s.start, s.end])).toEqual([
      ['https://host/app/auth', 3.5, 15.1],
      ['https://host/admin', 15.1, 23],
    ]);
    expect(pop.map((s) => [s.start, s.end])).toEqual([[12.5, 15]]);
  });
});
