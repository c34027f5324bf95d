// Proves the terminal prints a job in the stages the app shows, and JPEG pictures from a pipe come out whole.
import { describe, expect, it } from 'vitest';
import { JpegSplitter } from '../../../app/recorder/capture/preview-grab';
import { jobPrinter } from '../../../scripts/cli/commands/record-output';
import type { CommandContext } from '../../../scripts/cli/command';

describe('the terminal shows the stages the app shows', () => {
  it('prints a header per stage, a line per step, and composing by the tenth with the time left', () => {
    const lines: string[] = [];
    let now = 0;
    const ctx = { err: (s: string) => lines.push(s) } as unknown as CommandContext;
    const p = jobPrinter(ctx, 'record', { steps: 3 }, () => now);
    p.onProgress({ stage: 'launch', fraction: 0, message: 'starting the browsers' });
    now = 10_000;
    p.onProgress({ stage: 'steps', fraction: 0.05, message: 'first' });
    for (let i = 0; i < 3; i++) {
      now += 5000;
      p.onEvent({ type: 'step-started', t: now, index: i, stepId: `s${i}`, sceneId: 'a', laneId: 'webitel', action: 'click', caption: `Caption ${i}` });
    }
    now = 30_000;
    p.onProgress({ stage: 'capture', fraction: 0.6, message: 'finishing the lane recordings' });
    p.onProgress({ stage: 'compose', fraction: 0.66, message: 'composing the video' });
    p.onProgress({ stage: 'compose', fraction: 0.67, message: 'composing the video' });
    now = 40_000;
    p.onProgress({ stage: 'compose', fraction: 0.825, message: 'composing the video' });
    expect(lines[0]).toBe('[1/6] Launch · 0:00 elapsed');
    expect(lines).toContain('[2/6] Scenes · 0:10 elapsed');
    expect(lines.filter((l) => /step \d\/3 · Caption/.test(l))).toHaveLength(3);
    expect(lines).toContain('[4/6] Compose · 0:30 elapsed');
    // Two reports within the same tenth and message: one line.
    expect(lines.filter((l) => l.includes('66 %') || l.includes('67 %'))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/83 % · composing the video · about 0:10 left$/);
  });
});

describe('JPEG pictures from a pipe', () => {
  it('come out whole, however the stream is cut', () => {
    const a = Buffer.from([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]);
    const b = Buffer.from([0xff, 0xd8, 9, 0xff, 0x00, 8, 0xff, 0xd9]);
    const all = Buffer.concat([a, b, a]);
    for (const cut of [1, 2, 3, 5, 8, 13]) {
      const got: Buffer[] = [];
      const s = new JpegSplitter((j) => got.push(j));
      for (let i = 0; i < all.length; i += cut) s.push(all.subarray(i, i + cut));
      expect(
        got.map((g) => g.toString('hex')),
        `cut ${cut}`,
      ).toEqual([a, b, a].map((x) => x.toString('hex')));
    }
  });
});
