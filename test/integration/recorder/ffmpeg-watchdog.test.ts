import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../../app/common/errors';
import { runPlan } from '../../../app/recorder/compose/ffmpeg';
import { childFfmpegPids, tools } from './helpers';

describe('ffmpeg watchdog', () => {
  it.skipIf(process.platform === 'win32')('stops an ffmpeg that goes silent, with a clear error, and leaves no output', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-stall-'));
    try {
      // Nobody ever writes to this pipe: ffmpeg blocks opening it and prints nothing.
      const fifo = path.join(dir, 'never.y4m');
      execFileSync('mkfifo', [fifo]);
      const out = path.join(dir, 'out.mp4');
      const err = await runPlan(tools, { inputs: [{ path: fifo, options: [] }], filterComplex: '', outLabel: '', outputOptions: ['-c:v', 'libx264'], durationSec: 1 }, out, {
        what: 'composing the video (0:00–0:10)',
        stallMs: 1500,
      }).catch((e: unknown) => e);
      expect(isUserError(err) && err.message).toBe('composing the video (0:00–0:10) stopped making progress and was stopped');
      await expect(fs.access(out)).rejects.toThrow();
      expect(await childFfmpegPids()).toEqual([]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
