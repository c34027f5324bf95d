// Chrome's recorder: Chrome's own encoder (`Page.startScreenRecording`, experimental, Chrome 153+), AV1 in MP4, timed by the browser.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { CDPSession, Page } from 'puppeteer-core';
import { UserError } from '../../common/errors';
import { nowMs } from '../../common/progress';
import { FragmentClock } from './fragment-clock';
import type { CaptureMethod, LaneCapture } from './method';

/*
 * Where a lane recorded by Chrome's recorder starts on the run clock.
 *
 * Chrome answers `Page.startScreenRecording` at once, but the file's time 0 is its first
 * encoded frame, which comes 30–200 ms later (measured on the animated bench page; more
 * under load, about 5 ms on a still page). Placing the file at the moment the start was
 * asked for put every picture that much too early against the captions. The stop, though,
 * is exact: the end is taken as the stop is sent, and Chrome stretches its last frame to
 * it. So the file is placed by its end: start = end − duration, and never before the start
 * was asked for.
 *
 * Segments composed while recording used the provisional start; when the end-anchored one
 * is within `keepWithinMs` of it, the provisional start is kept so those segments stay valid
 * (the error is then at most that much).
 */
export interface AnchorInput {
  /** The provisional start (around the start command). */
  startMs: number;
  endMs: number;
  /** When the start command was sent: the first frame cannot be earlier. */
  requestedMs: number;
}

export interface Anchor {
  startMs: number;
  by: 'start' | 'end';
  /** How much later than requested the first frame came, by the end anchor (null: duration unknown). */
  lagMs: number | null;
}

/** One frame at 30 fps: with the page's own paint (another frame at most), inside the 2-frame caption sync target. */
export const KEEP_PROVISIONAL_WITHIN_MS = 1000 / 30;

export function anchorByEnd(c: AnchorInput, durationSec: number | null | undefined, keepWithinMs = 0): Anchor {
  const d = Number(durationSec);
  if (!Number.isFinite(d) || d <= 0) return { startMs: c.startMs, by: 'start', lagMs: null };
  const fromEnd = Math.min(c.endMs, Math.max(c.requestedMs, c.endMs - d * 1000));
  const lagMs = fromEnd - c.requestedMs;
  if (Math.abs(fromEnd - c.startMs) <= keepWithinMs) return { startMs: c.startMs, by: 'start', lagMs };
  return { startMs: fromEnd, by: 'end', lagMs };
}

/** Chrome's recorder; throws when the browser lacks the API. */
export async function startChromeRecorder(
  page: Page,
  o: { file: string; width: number; height: number; fps?: number; onLost?: (e: unknown) => void },
): Promise<LaneCapture> {
  const session = await page.createCDPSession();
  const before = nowMs();
  const stream = await startRecording(session, { frameRate: o.fps ?? 30, maxWidth: o.width, maxHeight: o.height });
  const startMs = (before + nowMs()) / 2;
  const file = recordingFile(session, o.file);
  const pump = keepPumping(file, stream, (e) => o.onLost?.(e));
  return chromeRecorderLane({ file: o.file, startMs, requestedMs: before, width: o.width, height: o.height }, session, file, pump, stream);
}

/** Asks Chrome to record; the stream to read its file from, when it gives one while recording. */
async function startRecording(session: CDPSession, params: { frameRate: number; maxWidth: number; maxHeight: number }): Promise<string | undefined> {
  try {
    const started = (await session.send('Page.startScreenRecording' as never, params as never)) as unknown as { stream?: string };
    return started.stream;
  } catch (e) {
    await session.detach().catch(() => undefined);
    throw new UserError('external', `this browser has no Page.startScreenRecording (${(e as Error).message})`, { cause: e });
  }
}

/** The lane file, filled from Chrome's stream, and the fragment clock that counts it. */
interface RecordingFile {
  clock: FragmentClock;
  /**
   * Moves what Chrome has encoded so far to the file. While recording, `eof` only means "no
   * more for now" and a read can fail before the first fragment exists; after the stop, the
   * stream is read to its real end.
   */
  drain(handle: string, toEnd: boolean): Promise<void>;
  /** Keeps `e` as the lane's failure unless it failed already; gives the failure kept. */
  fail(e: unknown): unknown;
  /** Why writing or reading failed, if either did. */
  failed(): unknown;
  /** Closes the file and lets go of the browser session. */
  finish(): Promise<void>;
}

function recordingFile(session: CDPSession, path: string): RecordingFile {
  const out = createWriteStream(path);
  const clock = new FragmentClock();
  let failed: unknown;
  // A write that fails (a full disk) is this lane's end: without a listener it would crash the process.
  out.on('error', (e) => (failed ??= e));
  return {
    clock,
    async drain(handle, toEnd) {
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
          // A stream that failed never drains again.
          if (failed) throw failed;
          if (!out.write(buf)) await once(out, 'drain');
        }
        if (chunk.eof || (!toEnd && !buf.length)) return;
      }
    },
    fail: (e) => (failed ??= e),
    failed: () => failed,
    async finish() {
      out.end();
      // A stream that failed has closed already: waiting for its 'close' would never end.
      await finished(out).catch(() => undefined);
      await session.detach().catch(() => undefined);
    },
  };
}

/** Reading the stream while Chrome records. */
interface Pump {
  /** Stops reading at once and resolves when the last read has ended. */
  halt(): Promise<void>;
  halted(): boolean;
}

/**
 * The stream is readable while recording: keep the file growing (Chrome's memory stays
 * flat, a crash still leaves the lane on disk, and finished fragments can be composed).
 * The pause between reads ends at once on stop: Chrome records until it is told to stop, so
 * every moment waited here made the file longer than the recording (up to 430 ms measured).
 * A read or write that fails before the stop is the lane's failure, told to `onLost`.
 */
function keepPumping(file: RecordingFile, stream: string | undefined, onLost: (e: unknown) => void): Pump {
  let stopped = false;
  let wake: () => void = () => undefined;
  const pumping = (async () => {
    if (!stream) return;
    while (!stopped) {
      try {
        await file.drain(stream, false);
      } catch (e) {
        if (!stopped) onLost(file.fail(e));
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
  return {
    async halt() {
      stopped = true;
      wake();
      await pumping;
    },
    halted: () => stopped,
  };
}

/** The running recording as the recorder sees it: stop reads Chrome's file to its end, abort lets it go. */
function chromeRecorderLane(
  lane: { file: string; startMs: number; requestedMs: number; width: number; height: number },
  session: CDPSession,
  file: RecordingFile,
  pump: Pump,
  stream: string | undefined,
): LaneCapture {
  const { startMs, requestedMs, width, height } = lane;
  return {
    method: 'chrome-recorder',
    file: lane.file,
    startMs,
    width,
    height,
    finalSec: () => file.clock.finalSec,
    async stop() {
      await pump.halt();
      // The recording ends when Chrome takes the stop; the reply comes only after it has
      // finished encoding (hundreds of ms), so the moment of sending is the end.
      const endMs = nowMs();
      try {
        const r = (await session.send('Page.stopScreenRecording' as never)) as unknown as { stream: string };
        const failed = file.failed();
        if (failed) throw failed;
        await file.drain(r.stream ?? stream, true);
        await session.send('IO.close', { handle: r.stream ?? stream }).catch(() => undefined);
      } finally {
        await file.finish();
      }
      return { method: 'chrome-recorder', file: lane.file, startMs, endMs, requestedMs, width, height, frames: null };
    },
    async abort() {
      if (pump.halted()) return;
      await pump.halt();
      await session.send('Page.stopScreenRecording' as never).catch(() => undefined);
      await file.finish();
    },
  };
}

/**
 * Chrome hands its file over only when asked to stop, and the file's time 0 is its first
 * encoded frame: the file is placed by its end (anchorByEnd).
 */
export const chromeRecorder: CaptureMethod = {
  id: 'chrome-recorder',
  summary: "Chrome's own recorder (Chrome 153+), the visible windows",
  colour: { range: 'full', matrix: 'bt709' },
  container: 'mp4',
  unavailable: async () => null,
  start: (o) => startChromeRecorder(o.page, { file: o.file, width: o.picture.width, height: o.picture.height, fps: o.fps, onLost: o.onLost }),
  place(cap, probe, o) {
    // Segments composed while recording used the provisional start: keep it if it is close enough.
    const a = anchorByEnd(
      { ...cap, requestedMs: cap.requestedMs ?? cap.startMs },
      Number(probe?.format.duration),
      o.keepProvisional ? KEEP_PROVISIONAL_WITHIN_MS : 0,
    );
    cap.startMs = a.startMs;
    cap.anchor = { by: a.by, lagMs: a.lagMs };
  },
};
