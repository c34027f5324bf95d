// Proves an ffmpeg killed or cancelled before it has spawned ends at once and leaves no process behind.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../../app/common/errors';
import { runPlan } from '../../../app/media/plan';
import { startFrameEncoder } from '../../../app/recorder/capture/screencast';
import { childFfmpegPids, tools } from './helpers';

/**
 * A capture or compose stopped in its first milliseconds once left an ffmpeg running (fluent-ffmpeg's
 * run() checked the binary before it spawned, and its kill() did nothing until then; the
 * popup-capture test caught one on a loaded machine). The media layer starts ffmpeg at once.
 */
describe('killing ffmpeg before it has spawned', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-kill-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('a frame encoder killed at once ends (done rejects) and leaves no ffmpeg behind', async () => {
    const enc = startFrameEncoder(tools, { output: path.join(dir, 'lane.mkv'), fps: 30, width: 320, height: 240 });
    // Before the fix this never settled: the spawned ffmpeg waited on its input for ever.
    await enc.kill();
    await expect(enc.done).rejects.toThrow();
    expect(await childFfmpegPids()).toEqual([]);
  });

  it('a compose cancelled as it starts is cancelled, not carried on to the end', async () => {
    const ac = new AbortController();
    const out = path.join(dir, 'out.mp4');
    const running = runPlan(
      tools,
      {
        inputs: [{ path: 'testsrc2=size=640x360:rate=30:duration=60', options: ['-f', 'lavfi'] }],
        filterComplex: '',
        outLabel: '',
        outputOptions: ['-c:v', 'libx264', '-preset', 'veryslow'],
        durationSec: 60,
      },
      out,
      { signal: ac.signal, what: 'composing' },
    );
    ac.abort();
    const err = await running.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isUserError(err) && err.kind).toBe('cancelled');
    expect(await childFfmpegPids()).toEqual([]);
    await expect(fs.access(out)).rejects.toThrow();
  });
});
