// Proves a silent or failing ffmpeg (composer or lane reader) is stopped with a clear error, taking every related process with it.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../../app/common/errors';
import { runPlan } from '../../../app/media/plan';
import { childFfmpegPids, tools } from './helpers';
import { LINUX_MISSING, itNeeding } from '../../needs';

/** The lane readers among this process's ffmpeg children: they write to pipe:1. */
async function readerPids(): Promise<number[]> {
  const out: number[] = [];
  for (const pid of await childFfmpegPids()) {
    const argv = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (argv.split('\0').includes('pipe:1')) out.push(pid);
  }
  return out;
}

/** A lane reader: ffmpeg turning `input` into raw pictures for the composer. */
const laneReader = (input: { path: string; options: string[] }, durationSec: number) => ({
  inputs: [input],
  filterComplex: '',
  outLabel: '',
  outputOptions: ['-pix_fmt', 'yuv420p'],
  durationSec,
  format: 'rawvideo',
});

/** The composer's side of a reader's pipe. */
const RAW = ['-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', '64x64', '-r', '30'];
const lavfi = (src: string, extra: string[] = []) => ({ path: src, options: [...extra, '-f', 'lavfi'] });

/** Runs `body` with a fresh temporary folder, removed afterwards. */
async function inTemp(prefix: string, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  try {
    await body(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe('ffmpeg watchdog', () => {
  itNeeding(process.platform === 'win32' ? 'POSIX signals (SIGSTOP)' : null)(
    'stops an ffmpeg that goes silent, with a clear error, and leaves no output',
    async () => {
      await inTemp('ra-stall-', async (dir) => {
        // Nobody ever writes to this pipe: ffmpeg blocks opening it and prints nothing.
        const fifo = path.join(dir, 'never.y4m');
        execFileSync('mkfifo', [fifo]);
        const out = path.join(dir, 'out.mp4');
        const err = await runPlan(
          tools,
          { inputs: [{ path: fifo, options: [] }], filterComplex: '', outLabel: '', outputOptions: ['-c:v', 'libx264'], durationSec: 1 },
          out,
          {
            what: 'composing the video (0:00–0:10)',
            stallMs: 1500,
          },
        ).catch((e: unknown) => e);
        expect(isUserError(err) && err.message).toBe('composing the video (0:00–0:10) stopped making progress and was stopped');
        await expect(fs.access(out)).rejects.toThrow();
        expect(await childFfmpegPids()).toEqual([]);
      });
    },
  );

  itNeeding(process.platform === 'win32' ? 'POSIX signals (SIGSTOP)' : null)(
    'with lane readers: a silent reader stalls the composer, which is stopped, every process with it',
    async () => {
      await inTemp('ra-stall-', async (dir) => {
        const fifo = path.join(dir, 'never.y4m');
        execFileSync('mkfifo', [fifo]);
        const out = path.join(dir, 'out.mp4');
        const plan = {
          inputs: [{ path: 'pipe:3', options: RAW, reader: laneReader({ path: fifo, options: [] }, 1) }],
          filterComplex: '',
          outLabel: '',
          outputOptions: ['-c:v', 'libx264'],
          durationSec: 1,
        };
        const err = await runPlan(tools, plan, out, { what: 'composing the video (0:00–0:10)', stallMs: 1500 }).catch((e: unknown) => e);
        expect(isUserError(err) && err.message).toBe('composing the video (0:00–0:10) stopped making progress and was stopped');
        await expect(fs.access(out)).rejects.toThrow();
        expect(await childFfmpegPids()).toEqual([]);
      });
    },
  );

  itNeeding(process.platform === 'win32' ? 'a POSIX shell script standing in for ffmpeg' : null)(
    "with lane readers: a reader that crashes on the composer's broken pipe is no failure of its own: the composer's failure is said",
    async () => {
      await inTemp('ra-reader-', async (dir) => {
        // ffmpeg 4.1, its pipe cut by a composer that failed (a full disk), can crash writing its
        // trailer: SIGSEGV after "Connection reset by peer", reported before the composer's end.
        const fake = path.join(dir, 'ffmpeg');
        await fs.writeFile(
          fake,
          [
            '#!/bin/sh',
            'case " $* " in',
            '  *" pipe:1 "*) echo "av_interleaved_write_frame(): Connection reset by peer" >&2; kill -SEGV $$ ;;',
            '  *) sleep 1; echo "Could not write header for output file #0: No space left on device" >&2; exit 1 ;;',
            'esac',
            '',
          ].join('\n'),
          { mode: 0o755 },
        );
        const plan = {
          inputs: [{ path: 'pipe:3', options: RAW, reader: laneReader(lavfi('color=c=red:s=64x64:r=30:d=1'), 1) }],
          filterComplex: '',
          outLabel: '',
          outputOptions: ['-c:v', 'libx264'],
          durationSec: 1,
        };
        const err = await runPlan({ ...tools, ffmpeg: fake }, plan, path.join(dir, 'out.mp4'), { what: 'composing the video (0:00–0:01)' }).catch(
          (e: unknown) => e,
        );
        expect(isUserError(err) && err.message).toMatch(/^composing the video \(0:00–0:01\) failed: .*No space left on device/);
      });
    },
  );

  it('with lane readers: a reader that fails fails the run with its own words, even though the composer could go on', async () => {
    await inTemp('ra-reader-', async (dir) => {
      const bad = path.join(dir, 'lane.mp4');
      await fs.writeFile(bad, Buffer.alloc(4096, 7));
      const out = path.join(dir, 'out.mp4');
      // The composer holds a picture of its own for 2 s: without the reader's failure it would succeed.
      const plan = {
        inputs: [lavfi('color=c=black:s=64x64:r=30:d=2'), { path: 'pipe:3', options: RAW, reader: laneReader({ path: bad, options: [] }, 1) }],
        filterComplex: '[0:v][1:v]overlay=eof_action=pass[out]',
        outLabel: 'out',
        outputOptions: ['-c:v', 'libx264', '-t', '2'],
        durationSec: 2,
      };
      const err = await runPlan(tools, plan, out, { what: 'composing the video (0:00–0:02)' }).catch((e: unknown) => e);
      expect(isUserError(err) && err.message).toMatch(/^composing the video \(0:00–0:02\), reading a lane, failed: .*Invalid data/);
      await expect(fs.access(out)).rejects.toThrow();
      expect(await childFfmpegPids()).toEqual([]);
    });
  });

  itNeeding(LINUX_MISSING('/proc'))(
    'with lane readers: a reader killed by a signal fails the run; the composer must not finish without that lane',
    async () => {
      await inTemp('ra-reader-', async (dir) => {
        const out = path.join(dir, 'out.mp4');
        // The composer's own picture plays in real time for 3 s, so the reader is still running when it is killed.
        const plan = {
          inputs: [
            lavfi('color=c=black:s=64x64:r=30:d=3', ['-re']),
            { path: 'pipe:3', options: RAW, reader: laneReader(lavfi('color=c=red:s=64x64:r=30:d=60'), 60) },
          ],
          filterComplex: '[0:v][1:v]overlay=eof_action=pass[out]',
          outLabel: 'out',
          outputOptions: ['-c:v', 'libx264', '-t', '3'],
          durationSec: 3,
        };
        let killed = 0;
        const run = runPlan(tools, plan, out, {
          what: 'composing the video (0:00–0:03)',
          onProgress: (f) => {
            if (f > 0.2 && !killed) {
              killed = -1;
              void readerPids().then((pids) => {
                for (const p of pids) process.kill(p, 'SIGKILL');
                killed = pids.length;
              });
            }
          },
        });
        const err = await run.catch((e: unknown) => e);
        expect(killed).toBe(1);
        expect(isUserError(err) && err.message).toMatch(/^composing the video \(0:00–0:03\), reading a lane, failed: .*killed \(SIGKILL\)/);
        await expect(fs.access(out)).rejects.toThrow();
        expect(await childFfmpegPids()).toEqual([]);
      });
    },
  );

  it("with lane readers: the composer gets every reader's pictures, and stopping them once it has enough is no error", async () => {
    await inTemp('ra-reader-', async (dir) => {
      const out = path.join(dir, 'out.mp4');
      // Readers that would run for a minute: the composer needs 1 s of each.
      const reader = (c: string) => laneReader(lavfi(`color=c=${c}:s=64x64:r=30:d=60`), 60);
      const plan = {
        inputs: [
          { path: 'pipe:3', options: RAW, reader: reader('red') },
          { path: 'pipe:4', options: RAW, reader: reader('blue') },
        ],
        filterComplex: '[0:v][1:v]hstack[out]',
        outLabel: 'out',
        outputOptions: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-t', '1'],
        durationSec: 1,
      };
      const seen: number[] = [];
      await runPlan(tools, plan, out, { onProgress: (f) => seen.push(f) });
      const pic = execFileSync(tools.ffmpeg, ['-v', 'error', '-ss', '0.5', '-i', out, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
        maxBuffer: 1 << 20,
      });
      const px = (x: number) => [...pic.subarray((32 * 128 + x) * 3, (32 * 128 + x) * 3 + 3)];
      expect(px(32)[0]).toBeGreaterThan(200); // left: red
      expect(px(96)[2]).toBeGreaterThan(200); // right: blue
      expect(seen.length).toBeGreaterThan(0);
      expect(await childFfmpegPids()).toEqual([]);
    });
  });
});
