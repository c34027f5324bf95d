// The screencast: Chrome's screencast pictures placed on a constant-rate grid and encoded by one ffmpeg; also every popup's capture.
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import type { CDPSession, Page } from 'puppeteer-core';
import { argv } from '../../common/argv';
import { UserError } from '../../common/errors';
import { nowMs } from '../../common/progress';
import { startMedia } from '../../media/process';
import type { FfmpegTools } from '../../media/tools';
import type { CaptureMethod, CaptureResult, LaneCapture } from './method';

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

export interface FrameEncoder {
  /** JPEG frames, one per output frame at `fps`. */
  input: Writable;
  /** Resolves when ffmpeg has finished the file. */
  done: Promise<void>;
  /** Kills ffmpeg and resolves once it has ended; `done` then rejects. */
  kill(): Promise<void>;
  pid(): number | undefined;
}

/** ffmpeg's arguments: JPEGs on stdin into H.264 in Matroska, so that a killed run still leaves a playable file as evidence. */
export function frameEncoderArgs(o: { output: string; fps: number; width: number; height: number }): string[] {
  const { width: w, height: h } = o;
  return argv`-hide_banner -f image2pipe -c:v mjpeg -framerate ${o.fps} -i pipe:0
    -vf scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:white,setsar=1
    -an -c:v libx264 -preset ultrafast -crf 16 -pix_fmt yuv420p -g ${o.fps * 2} -r ${o.fps}
    -f matroska -y ${o.output}`;
}

/** One encoder per lane or popup; the caller places the pictures on the grid. */
export function startFrameEncoder(tools: FfmpegTools, o: Parameters<typeof frameEncoderArgs>[0]): FrameEncoder {
  const input = new PassThrough({ highWaterMark: 1 << 20 });
  const run = startMedia({ tools, args: frameEncoderArgs(o), what: 'the lane encoder', stdin: 'pipe' });
  input.pipe(run.proc.stdin!);
  const done = run.done.then(() => undefined);
  done.catch(() => {
    // ffmpeg is gone (a full disk, killed): what is still written runs dry instead of waiting on
    // a drain that never comes, which held the lane's stop for good.
    input.unpipe();
    input.resume();
  });
  return { input, done, kill: () => run.kill(), pid: () => run.proc.pid };
}

interface ScreencastFrame {
  data: string;
  sessionId: number;
  metadata: { timestamp?: number };
}

/**
 * CDP screencast JPEG frames placed on a constant grid by their timestamps (the last frame
 * repeats until the page changes) and piped to one ffmpeg. A frame is acknowledged only after
 * ffmpeg took it, so memory stays bounded: when the encoder lags, Chrome sends fewer frames
 * instead of Node buffering them.
 */
export async function startScreencast(
  page: Page,
  o: { file: string; width: number; height: number; fps?: number; tools: FfmpegTools; onLost?: (e: unknown) => void },
): Promise<LaneCapture> {
  const fps = o.fps ?? 30;
  const width = even(o.width);
  const height = even(o.height);
  const enc: FrameEncoder = startFrameEncoder(o.tools, { output: o.file, fps, width, height });
  let session: CDPSession;
  try {
    session = await page.createCDPSession();
  } catch (e) {
    await enc.kill();
    throw e;
  }
  const startMs = nowMs();
  const grid = frameGrid(enc, startMs, fps);
  let stopping = false;
  // An encoder that ends before the stop (a full disk, killed) is the lane lost.
  enc.done.catch((e: unknown) => {
    if (!stopping) o.onLost?.(e);
  });
  session.on('Page.screencastFrame', (ev: ScreencastFrame) =>
    grid.frame(ev, async () => {
      if (!stopping) await session.send('Page.screencastFrameAck', { sessionId: ev.sessionId }).catch(() => undefined);
    }),
  );
  const timer = setInterval(grid.tick, 250);
  try {
    await session.send('Page.startScreencast', { format: 'jpeg', quality: 92, maxWidth: width, maxHeight: height, everyNthFrame: 1 });
  } catch (e) {
    clearInterval(timer);
    await enc.kill();
    throw e;
  }
  /** No more frames: acknowledgements stop, the grid stands still, Chrome stops sending. */
  const halt = async () => {
    stopping = true;
    clearInterval(timer);
    await session.send('Page.stopScreencast').catch(() => undefined);
    await session.detach().catch(() => undefined);
  };
  return screencastLane({ file: o.file, startMs, width, height }, grid, enc, halt);
}

/** The pictures on a constant-rate grid from `startMs`, written in order to the encoder. */
interface FrameGrid {
  /** Places a screencast frame by its timestamp, then runs `ack` (in order with every other write). */
  frame(ev: ScreencastFrame, ack: () => Promise<void>): void;
  /** Keeps the grid moving while the page is still; called on a timer. */
  tick(): void;
  /** Repeats the last picture up to `ms`, once everything before it is written. */
  fillUntil(ms: number): Promise<void>;
  /** Why a write failed or the encoder ended, if either did. */
  failed(): unknown;
  counts(): { received: number; written: number };
}

function frameGrid(enc: FrameEncoder, startMs: number, fps: number): FrameGrid {
  let last: Buffer | undefined;
  let written = 0;
  let received = 0;
  let chain: Promise<void> = Promise.resolve();
  let failed: unknown;
  enc.done.catch((e: unknown) => {
    failed ??= e;
  });
  const write = async (buf: Buffer) => {
    if (!enc.input.write(buf)) await once(enc.input, 'drain');
  };
  const slotAt = (t: number) => Math.round(((t - startMs) * fps) / 1000);
  /** Writes `frame` into every slot up to (excluding) `slot`, repeating the previous picture. */
  const fillTo = async (slot: number) => {
    while (written < slot && last) {
      await write(last);
      written++;
    }
  };
  const serial = (fn: () => Promise<void>) => {
    chain = chain.then(fn).catch((e: unknown) => {
      failed ??= e;
    });
    return chain;
  };
  let fillQueued = false;
  return {
    frame(ev, ack) {
      void serial(async () => {
        received++;
        const buf = Buffer.from(ev.data, 'base64');
        const now = nowMs();
        // CDP stamps frames in wall-clock seconds; fall back to arrival time if it looks off.
        const ts = ev.metadata.timestamp ? ev.metadata.timestamp * 1000 : now;
        const t = Math.abs(ts - now) < 5000 ? ts : now;
        const slot = slotAt(t);
        if (!last) last = buf; // the first picture also stands for the time before it
        if (slot >= written) {
          await fillTo(slot);
          await write(buf);
          written++;
        }
        last = buf;
        await ack();
      });
    },
    // Keep the grid moving while the page is still (no frames come then), a little behind now
    // so a late-arriving frame still finds its slot.
    // The target is fixed when scheduled: a backlog must never push the grid past real time.
    tick() {
      if (fillQueued) return;
      fillQueued = true;
      const target = slotAt(nowMs() - 300);
      void serial(async () => {
        fillQueued = false;
        await fillTo(target);
      });
    },
    fillUntil: (ms) => serial(() => fillTo(slotAt(ms))),
    failed: () => failed,
    counts: () => ({ received, written }),
  };
}

/** The running screencast as the recorder sees it: stop finishes the file once, abort ends the encoder. */
function screencastLane(
  lane: { file: string; startMs: number; width: number; height: number },
  grid: FrameGrid,
  enc: FrameEncoder,
  halt: () => Promise<void>,
): LaneCapture {
  const { file, startMs, width, height } = lane;
  let result: Promise<CaptureResult> | undefined;
  return {
    method: 'screencast',
    file,
    startMs,
    width,
    height,
    stop() {
      result ??= (async () => {
        const endMs = nowMs();
        await halt();
        // An encoder that is gone takes no more pictures: filling up to the end would wait for good.
        if (!grid.failed()) await grid.fillUntil(endMs);
        const failed = grid.failed();
        if (failed) throw failed;
        if (grid.counts().written === 0) {
          await enc.kill();
          throw new UserError('external', `no picture was captured for ${file}`, {
            hint: 'the page never painted: check that the browser window is not minimised',
          });
        }
        enc.input.end();
        await enc.done;
        // The grid is anchored at startMs by construction: frames are placed by their own timestamps.
        return { method: 'screencast' as const, file, startMs, endMs, requestedMs: startMs, width, height, frames: grid.counts() };
      })();
      return result;
    },
    async abort() {
      await halt();
      await enc.kill();
    },
  };
}

/** Works in every Chromium; its JPEGs are BT.601, which its encoder keeps (untagged). */
export const screencast: CaptureMethod = {
  id: 'screencast',
  summary: 'CDP screencast pictures encoded by ffmpeg (any Chromium)',
  colour: { range: 'limited', matrix: 'bt601' },
  container: 'mkv',
  unavailable: async () => null,
  start: (o) => startScreencast(o.page, { ...o.picture, file: o.file, fps: o.fps, tools: o.tools, onLost: o.onLost }),
};
