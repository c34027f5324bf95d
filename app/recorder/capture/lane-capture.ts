import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { CDPSession, Page } from 'puppeteer-core';
import { UserError } from '../../common/errors';
import { nowMs } from '../../common/progress';
import { startDisplayGrab } from './screen-grab';
import { startFrameEncoder, type FrameEncoder } from './frame-encoder';
import { type FfmpegTools } from '../../media/tools';
import { FragmentClock } from './fragment-clock';

/**
 * Capture of one page into one file, by either
 *  - `chrome-recorder`: Chrome's own encoder (`Page.startScreenRecording`, experimental,
 *    Chrome 153+): AV1 in MP4, timed by the browser; or
 *  - `screencast`: CDP screencast JPEG frames placed on a constant 30 fps grid by their
 *    timestamps (the last frame repeats until the page changes) and piped to one ffmpeg.
 *    A frame is acknowledged only after ffmpeg took it, so memory stays bounded: when the
 *    encoder lags, Chrome sends fewer frames instead of Node buffering them; or
 *  - `display`: the lane's browser draws on a virtual screen of its own (virtual-display.ts),
 *    which ffmpeg reads at a constant 30 fps (x11grab, H.264). Popups show on that screen.
 */
export type CaptureMethod = 'chrome-recorder' | 'screencast' | 'display';
export const CAPTURE_METHODS = ['chrome-recorder', 'screencast', 'display'] as const satisfies readonly CaptureMethod[];

export interface CaptureResult {
  method: CaptureMethod;
  file: string;
  /** nowMs() of the recording's first frame (video time 0 of this file); provisional for Chrome's recorder (see anchor.ts). */
  startMs: number;
  endMs: number;
  /** When the capture was asked to start. */
  requestedMs: number;
  width: number;
  height: number;
  /** Screencast only: frames Chrome delivered, frames written on the grid. */
  frames: { received: number; written: number } | null;
}

export interface LaneCapture {
  readonly method: CaptureMethod;
  readonly file: string;
  readonly startMs: number;
  /** The picture size the file will have. */
  readonly width: number;
  readonly height: number;
  stop(): Promise<CaptureResult>;
  /** Stops without caring about the file (cancel, failure): never throws. */
  abort(): Promise<void>;
  /** Seconds from the start of the file that are final on disk while recording (0: unknown until stopped). */
  finalSec?(): number;
}

export interface CaptureOptions {
  file: string;
  width: number;
  height: number;
  fps?: number;
  tools: FfmpegTools;
  /** JPEG quality of screencast frames. */
  quality?: number;
}

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/** Chrome's recorder; throws `unsupported` when the browser lacks the API. */
export async function startChromeRecorder(page: Page, o: CaptureOptions): Promise<LaneCapture> {
  const session = await page.createCDPSession();
  const fps = o.fps ?? 30;
  const before = nowMs();
  let started: { stream?: string };
  try {
    started = (await session.send('Page.startScreenRecording' as never, { frameRate: fps, maxWidth: o.width, maxHeight: o.height } as never)) as unknown as { stream?: string };
  } catch (e) {
    await session.detach().catch(() => undefined);
    throw new UserError('external', `this browser has no Page.startScreenRecording (${(e as Error).message})`, { cause: e });
  }
  const startMs = (before + nowMs()) / 2;
  const out = createWriteStream(o.file);
  const clock = new FragmentClock();
  let stopped = false;
  let failed: unknown;

  /**
   * Moves what Chrome has encoded so far to the file. While recording, `eof` only means "no
   * more for now" and a read can fail before the first fragment exists; after the stop, the
   * stream is read to its real end.
   */
  const drain = async (handle: string, toEnd: boolean): Promise<void> => {
    for (;;) {
      let chunk: { data: string; base64Encoded?: boolean; eof: boolean };
      try {
        chunk = (await session.send('IO.read', { handle, size: 1 << 20 })) as typeof chunk;
      } catch (e) {
        if (!toEnd && /Read failed/i.test((e as Error).message)) return;
        throw e;
      }
      const buf = Buffer.from(chunk.data, chunk.base64Encoded ? 'base64' : 'utf8');
      if (buf.length) {
        clock.push(buf);
        if (!out.write(buf)) await once(out, 'drain');
      }
      if (chunk.eof || (!toEnd && !buf.length)) return;
    }
  };
  // The stream is readable while recording: keep the file growing (Chrome's memory stays
  // flat, a crash still leaves the lane on disk, and finished fragments can be composed).
  // The pause between reads ends at once on stop: Chrome records until it is told to stop, so
  // every moment waited here made the file longer than the recording (up to 430 ms measured).
  let wake: () => void = () => undefined;
  const pumping = (async () => {
    if (!started.stream) return;
    while (!stopped) {
      try {
        await drain(started.stream, false);
      } catch (e) {
        if (!stopped) failed ??= e;
        return;
      }
      if (stopped) return;
      await new Promise<void>((r) => {
        const t = setTimeout(r, 250);
        wake = () => {
          clearTimeout(t);
          r();
        };
      });
    }
  })();

  const finish = async () => {
    out.end();
    await once(out, 'close').catch(() => undefined);
    await session.detach().catch(() => undefined);
  };
  return {
    method: 'chrome-recorder',
    file: o.file,
    startMs,
    width: o.width,
    height: o.height,
    finalSec: () => clock.finalSec,
    async stop() {
      stopped = true;
      wake();
      await pumping;
      // The recording ends when Chrome takes the stop; the reply comes only after it has
      // finished encoding (hundreds of ms), so the moment of sending is the end.
      const endMs = nowMs();
      try {
        const r = (await session.send('Page.stopScreenRecording' as never)) as unknown as { stream: string };
        if (failed) throw failed;
        await drain(r.stream ?? started.stream, true);
        await session.send('IO.close', { handle: r.stream ?? started.stream }).catch(() => undefined);
      } finally {
        await finish();
      }
      return { method: 'chrome-recorder', file: o.file, startMs, endMs, requestedMs: before, width: o.width, height: o.height, frames: null };
    },
    async abort() {
      if (stopped) return;
      stopped = true;
      wake();
      await pumping;
      await session.send('Page.stopScreenRecording' as never).catch(() => undefined);
      await finish();
    },
  };
}

/**
 * The screen `display` (the lane's virtual display, filled by its browser window) read by ffmpeg
 * into `o.file` as it is recorded. Its time 0 is the first frame ffmpeg read, stamped by the
 * wall clock. Resolves once ffmpeg has read that frame, so a screen it cannot read fails the
 * lane at once instead of after a scenario played for nothing.
 */
export async function startDisplayCapture(display: string, o: CaptureOptions & { env?: NodeJS.ProcessEnv; startTimeoutMs?: number }): Promise<LaneCapture> {
  const fps = o.fps ?? 30;
  const width = even(o.width);
  const height = even(o.height);
  const requestedMs = nowMs();
  const grab = startDisplayGrab(o.tools, { display, width, height, fps }, o.env);
  const out = createWriteStream(o.file);
  const clock = new FragmentClock();
  let failed: unknown;
  out.on('error', (e) => {
    failed ??= e;
    // Nothing more can be written: let ffmpeg's output run dry instead of waiting on a drain
    // that never comes (ffmpeg, blocked on a full pipe, would never end).
    grab.output.resume();
    void grab.kill();
  });
  grab.output.on('data', (c: Buffer) => {
    clock.push(c);
    if (failed) return;
    // Bounded: ffmpeg waits on a full pipe rather than Node holding the video.
    if (!out.write(c)) {
      grab.output.pause();
      out.once('drain', () => grab.output.resume());
    }
  });
  const outputEnded = new Promise<void>((r) => {
    grab.output.once('end', r);
    grab.output.once('close', r);
  });
  // One finish, however many callers (a stop that failed, then the run's abort).
  let finishing: Promise<void> | undefined;
  const finish = () =>
    (finishing ??= (async () => {
      await outputEnded;
      out.end();
      await once(out, 'close').catch(() => undefined);
    })());

  let timer: NodeJS.Timeout | undefined;
  const first = await Promise.race([grab.started, new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), o.startTimeoutMs ?? 10_000)))]);
  clearTimeout(timer);
  if (first === null || first === 'late') {
    const why = first === 'late' ? 'ffmpeg read no frame in time' : 'ffmpeg ended before its first frame';
    const ended = await grab.stop().then(() => '', (e: unknown) => (e instanceof Error ? e.message : String(e)));
    await finish();
    throw new UserError('external', `the lane's screen ${display} could not be read (${why})${ended ? `: ${ended}` : ''}`, {
      hint: 'check that Xvfb runs and that this ffmpeg reads X screens (x11grab), or record with --capture chrome-recorder',
    });
  }
  // ffmpeg stamps frames with the system clock; nowMs() counts from this process's start on a
  // monotonic clock, which may have drifted from it since: convert with the offset of now.
  const startMs = first - (Date.now() - nowMs());
  let result: Promise<CaptureResult> | undefined;
  return {
    method: 'display',
    file: o.file,
    startMs,
    width,
    height,
    finalSec: () => clock.finalSec,
    stop() {
      result ??= (async () => {
        const endMs = nowMs();
        try {
          await grab.stop();
        } finally {
          await finish();
        }
        if (failed) throw failed;
        if (!clock.starts.length) {
          throw new UserError('external', `no picture was captured from the lane's screen ${display} for ${o.file}`, { hint: 'check that Xvfb and the browser run, or record with --capture chrome-recorder' });
        }
        return { method: 'display' as const, file: o.file, startMs, endMs, requestedMs, width, height, frames: null };
      })();
      return result;
    },
    async abort() {
      // Stopping already (or failed to): that settles the file; else end ffmpeg now.
      if (result) await result.catch(() => undefined);
      else await grab.kill();
      await finish();
    },
  };
}

interface ScreencastFrame {
  data: string;
  sessionId: number;
  metadata: { timestamp?: number };
}

export async function startScreencast(page: Page, o: CaptureOptions): Promise<LaneCapture> {
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
  let last: Buffer | undefined;
  let written = 0;
  let received = 0;
  let chain: Promise<void> = Promise.resolve();
  let failed: unknown;
  let stopping = false;

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

  session.on('Page.screencastFrame', (ev: ScreencastFrame) => {
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
      if (!stopping) await session.send('Page.screencastFrameAck', { sessionId: ev.sessionId }).catch(() => undefined);
    });
  });
  // Keep the grid moving while the page is still (no frames come then), a little behind now
  // so a late-arriving frame still finds its slot.
  // The target is fixed when scheduled: a backlog must never push the grid past real time.
  let fillQueued = false;
  const timer = setInterval(() => {
    if (fillQueued) return;
    fillQueued = true;
    const target = slotAt(nowMs() - 300);
    void serial(async () => {
      fillQueued = false;
      await fillTo(target);
    });
  }, 250);

  try {
    await session.send('Page.startScreencast', { format: 'jpeg', quality: o.quality ?? 92, maxWidth: width, maxHeight: height, everyNthFrame: 1 });
  } catch (e) {
    clearInterval(timer);
    await enc.kill();
    throw e;
  }

  let result: Promise<CaptureResult> | undefined;
  return {
    method: 'screencast',
    file: o.file,
    startMs,
    width,
    height,
    stop() {
      result ??= (async () => {
        const endMs = nowMs();
        stopping = true;
        clearInterval(timer);
        await session.send('Page.stopScreencast').catch(() => undefined);
        await session.detach().catch(() => undefined);
        await serial(() => fillTo(slotAt(endMs)));
        if (failed) throw failed;
        if (written === 0) {
          await enc.kill();
          throw new UserError('external', `no picture was captured for ${o.file}`, { hint: 'the page never painted: check that the browser window is not minimised' });
        }
        enc.input.end();
        await enc.done;
        // The grid is anchored at startMs by construction: frames are placed by their own timestamps.
        return { method: 'screencast' as const, file: o.file, startMs, endMs, requestedMs: startMs, width, height, frames: { received, written } };
      })();
      return result;
    },
    async abort() {
      stopping = true;
      clearInterval(timer);
      await session.send('Page.stopScreencast').catch(() => undefined);
      await session.detach().catch(() => undefined);
      await enc.kill();
    },
  };
}

/** `auto` prefers Chrome's recorder and falls back to the screencast when the API is missing. */
export async function startLaneCapture(page: Page, method: CaptureMethod | 'auto', o: CaptureOptions & { fileFor: (m: CaptureMethod) => string }): Promise<LaneCapture> {
  if (method === 'screencast') return startScreencast(page, { ...o, file: o.fileFor('screencast') });
  try {
    return await startChromeRecorder(page, { ...o, file: o.fileFor('chrome-recorder') });
  } catch (e) {
    if (method === 'chrome-recorder') throw e;
    return startScreencast(page, { ...o, file: o.fileFor('screencast') });
  }
}
