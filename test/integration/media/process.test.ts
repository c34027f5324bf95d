// Proves the one way the app starts ffmpeg and ffprobe with the real binaries: failures, cancel, stall and time limits, stdin, plans.
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../../app/common/errors';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runPlan } from '../../../app/media/plan';
import { FfmpegRunError, startMedia } from '../../../app/media/process';
import { resolveFfmpegTools } from '../../../app/media/tools';
import { childFfmpegPids } from '../recorder/helpers';

/** The one way the app starts ffmpeg and ffprobe, run with the real binaries. */
const tools = resolveFfmpegTools();
const endless = ['-hide_banner', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=10', '-f', 'null', '-'];

describe('starting ffmpeg and ffprobe', () => {
  it('runs ffprobe too, and hands back what it wrote', async () => {
    const out = await startMedia({
      tools,
      binary: 'ffprobe',
      args: ['-v', 'error', '-print_format', 'json', '-show_format', '-f', 'lavfi', 'color=c=red:s=16x16:d=1'],
      what: 'probing',
      stdout: 'collect',
    }).done;
    expect(JSON.parse(out.stdout.toString())).toMatchObject({ format: { format_name: 'lavfi' } });
  });

  it("a failure names the step, keeps ffmpeg's last lines and how it ended", async () => {
    const err = await startMedia({ tools, args: ['-hide_banner', '-i', '/nonexistent/lane.mp4', '-f', 'null', '-'], what: 'reading the lane' }).done.catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FfmpegRunError);
    const e = err as FfmpegRunError;
    expect(e.message).toMatch(/^reading the lane failed: .*No such file or directory/);
    expect(e.stderrTail.at(-1)).toMatch(/No such file or directory/);
    expect(e.exit).toEqual({ code: 1, signal: null });
  });

  it('a binary that is not there fails as a clear error, not an exception', async () => {
    const err = await startMedia({ tools: { ffmpeg: '/nonexistent/ffmpeg', ffprobe: '' }, args: [], what: 'composing' }).done.catch((e: unknown) => e);
    expect(String((err as Error).message)).toMatch(/^composing could not start: .*ENOENT/);
  });

  it('a cancel kills it and says cancelled; nothing is left running', async () => {
    const ac = new AbortController();
    const run = startMedia({ tools, args: endless, what: 'composing', signal: ac.signal });
    setTimeout(() => ac.abort(), 300);
    const err = await run.done.catch((e: unknown) => e);
    expect(isUserError(err) && err.kind).toBe('cancelled');
    expect(await childFfmpegPids()).toEqual([]);
  });

  it('silence past the stall limit and a run past its time limit are stopped, each saying so', async () => {
    const silent = await startMedia({ tools, args: ['-nostats', '-loglevel', 'quiet', ...endless], what: 'composing', stallMs: 800 }).done.catch(
      (e: unknown) => e,
    );
    expect(String((silent as Error).message)).toBe('composing stopped making progress and was stopped');
    const slow = await startMedia({ tools, args: endless, what: 'the probe', timeoutMs: 500 }).done.catch((e: unknown) => e);
    expect(String((slow as Error).message)).toMatch(/^the probe took longer than/);
    expect(await childFfmpegPids()).toEqual([]);
  });

  it('takes input on stdin and streams its output: asked to finish with "q", it ends cleanly', async () => {
    const run = startMedia({
      tools,
      args: [...endless.slice(0, -3), '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
      what: 'the grab',
      stdin: 'pipe',
      stdout: 'pipe',
    });
    let bytes = 0;
    run.proc.stdout!.on('data', (c: Buffer) => {
      bytes += c.length;
      if (bytes >= 64 * 64 * 3) run.proc.stdin!.end('q');
    });
    await expect(run.done).resolves.toBeDefined();
    expect(bytes % (64 * 64)).toBe(0);
    expect(bytes).toBeGreaterThanOrEqual(64 * 64 * 3);
  });

  it('executes a plan into its file, its progress only going up', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-plan-'));
    try {
      const seen: number[] = [];
      const out = path.join(dir, 'out.mp4');
      await runPlan(
        tools,
        {
          inputs: [{ path: 'testsrc2=size=320x180:rate=30:duration=4', options: ['-f', 'lavfi'] }],
          filterComplex: '[0:v]format=yuv420p[out]',
          outLabel: 'out',
          outputOptions: ['-c:v', 'libx264', '-preset', 'ultrafast'],
          durationSec: 4,
        },
        out,
        { what: 'composing', onProgress: (f) => seen.push(f) },
      );
      expect((await fs.stat(out)).size).toBeGreaterThan(0);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(seen.at(-1)).toBeGreaterThan(0.5);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
