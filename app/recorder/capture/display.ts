// The screen capture: each lane's browser draws on a virtual screen of its own, which ffmpeg reads at a constant rate (x11grab).
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { argv } from '../../common/argv';
import { UserError } from '../../common/errors';
import { nowMs } from '../../common/progress';
import { hasX11grab } from '../../media/capabilities';
import { FfmpegRunError, mediaError, startMedia } from '../../media/process';
import type { FfmpegTools } from '../../media/tools';
import { screenEnv } from '../browser/launch';
import { findXvfb, startVirtualDisplay } from '../browser/virtual-display';
import { FragmentClock } from './fragment-clock';
import type { CaptureMethod, CaptureResult, LaneCapture, Machine, Unavailable } from './method';

const evenUp = (n: number) => Math.ceil(n / 2) * 2;

/**
 * ffmpeg's arguments to read an X screen at a constant `fps` into H.264 in a fragmented MP4 on
 * stdout: one fragment a second (a keyframe each), so the lane can be composed while it is
 * recorded (FragmentClock) and a file cut short still plays. Frames are stamped by the wall clock
 * as they are read, turned into BT.709 limited range and tagged so (media/colour.ts). Lossless
 * 4:4:4: the lane file is the screen as it was, small text included, and the video's one chroma
 * subsampling is the composer's; two encoding threads keep memory down without encoding in the
 * loop that reads the screen (BENCHMARKS.md, fifteenth session).
 */
export function displayGrabArgs(o: { display: string; width: number; height: number; fps: number }): string[] {
  return argv`-hide_banner -nostats -loglevel info
    -f x11grab -draw_mouse 0 -framerate ${o.fps} -video_size ${o.width}x${o.height} -i ${o.display}+0,0
    -an -vf scale=out_color_matrix=bt709:out_range=tv:flags=bicubic,format=yuv444p
    -c:v libx264 -preset ultrafast -qp 0 -threads 2 -g ${o.fps} -r ${o.fps}
    -colorspace bt709 -color_primaries bt709 -color_trc bt709 -color_range tv
    -f mp4 -movflags frag_keyframe+empty_moov+default_base_moof pipe:1`;
}

/** The first frame's wall-clock time (epoch seconds) in ffmpeg's description of an x11grab input, or null. */
export function grabStartSec(stderr: string): number | null {
  const input = stderr.indexOf('x11grab');
  if (input < 0) return null;
  const m = /start: (\d+(?:\.\d+)?)/.exec(stderr.slice(input));
  const v = m ? Number(m[1]) : Number.NaN;
  // An epoch time: anything else is not the wall clock this capture is placed by.
  return Number.isFinite(v) && v > 1e9 ? v : null;
}

/**
 * The grabbing ffmpeg's niceness: it stamps each frame when it wakes to read the screen, so a
 * late wake-up costs it nothing, while a browser held back draws late (BENCHMARKS.md, fifteenth session).
 */
export const GRAB_NICENESS = 10;

type DisplayCaptureOptions = {
  file: string;
  width: number;
  height: number;
  fps?: number;
  tools: FfmpegTools;
  env?: NodeJS.ProcessEnv;
  /** Told once if the recording ends before it was asked to stop (the file could not be written, ffmpeg died). */
  onLost?: (e: unknown) => void;
};

/** How long ffmpeg may take to read a screen's first frame before the lane fails. */
const FIRST_FRAME_TIMEOUT_MS = 10_000;

/**
 * The screen `display` read by ffmpeg into `o.file` as it is recorded. Its time 0 is the first
 * frame ffmpeg read, stamped by the wall clock. Resolves once ffmpeg has read that frame, so a
 * screen it cannot read fails the lane at once instead of after a scenario played for nothing.
 */
export async function startDisplayCapture(display: string, o: DisplayCaptureOptions): Promise<LaneCapture> {
  const fps = o.fps ?? 30;
  const width = evenUp(o.width);
  const height = evenUp(o.height);
  const requestedMs = nowMs();
  const lost = lostOnce(o.onLost);
  const grab = startGrab(display, { ...o, width, height, fps }, lost.tell);
  const file = writeFragments(grab.output, o.file, (e) => {
    if (!grab.stopping()) lost.tell(e);
    void grab.kill();
  });
  const first = await firstFrameMs(grab, display, FIRST_FRAME_TIMEOUT_MS, file.finish);
  // ffmpeg stamps frames with the system clock; nowMs() counts from this process's start on a
  // monotonic clock, which may have drifted from it since: convert with the offset of now.
  const startMs = first - (Date.now() - nowMs());
  lost.arm();
  // Ended while it started up (a full disk as the first fragment came).
  const failed = file.failed();
  if (failed || grab.ended()) lost.tell(failed ?? new UserError('external', `the lane's screen ${display} stopped being read as it started`));
  return displayLane({ display, file: o.file, startMs, requestedMs, width, height }, grab, file);
}

/** `onLost`, told once, and only of a capture that had started (a start that fails throws instead). */
function lostOnce(onLost: ((e: unknown) => void) | undefined): { arm(): void; tell(e: unknown): void } {
  let running = false;
  let told = false;
  return {
    arm() {
      running = true;
    },
    tell(e) {
      if (!running || told) return;
      told = true;
      onLost?.(e);
    },
  };
}

/** The grabbing ffmpeg: when it read its first frame, how it ends, and how to end it. */
interface Grab {
  output: Readable;
  /** The first frame's wall-clock time (ms), or null when ffmpeg ended before one. */
  started: Promise<number | null>;
  ended(): boolean;
  /** Whether it was asked to end (or ended for a write that failed): its end is then no loss. */
  stopping(): boolean;
  /**
   * Asks ffmpeg to finish the file ("q"). While `written` (bytes out so far) still grows, it is
   * finishing a backlog and is waited for; one silent for 10 s (or still going after 2 min) is
   * killed and the stop fails (the fragments written so far stay as evidence).
   */
  stop(written?: () => number): Promise<void>;
  /** Ends ffmpeg now (its end is then no failure of its own). */
  kill(): Promise<void>;
}

/** Starts ffmpeg on the screen; an end nobody asked for is told to `onLost`. */
function startGrab(display: string, o: DisplayCaptureOptions & { fps: number }, onLost: (e: unknown) => void): Grab {
  let head = '';
  let stopping = false;
  let firstFrame: (v: number | null) => void = () => undefined;
  const started = new Promise<number | null>((r) => (firstFrame = r));
  const grab = startMedia({
    tools: o.tools,
    args: displayGrabArgs({ display, width: o.width, height: o.height, fps: o.fps }),
    what: 'the screen capture',
    stdin: 'pipe',
    stdout: 'pipe',
    env: o.env,
    niceness: GRAB_NICENESS,
    onStderr: (d) => {
      if (head.length >= 20_000) return;
      head += d;
      const s = grabStartSec(head);
      if (s !== null) firstFrame(s * 1000);
    },
  });
  const done = grab.done.then(
    () => firstFrame(null),
    (e: unknown) => {
      firstFrame(null);
      // A capture that ends on its own, before it was asked to, says so.
      if (!stopping && e instanceof FfmpegRunError)
        throw new FfmpegRunError(mediaError('the screen capture (ended before it was stopped)', e.stderrTail, e), e.stderrTail, e.exit);
      throw e;
    },
  );
  done.catch((e: unknown) => {
    if (!stopping) onLost(e);
  });
  return {
    output: grab.proc.stdout!,
    started,
    ended: () => grab.ended(),
    stopping: () => stopping,
    async stop(written) {
      stopping = true;
      if (!grab.ended()) grab.proc.stdin!.end('q');
      await finishOrKill(done, written ?? (() => 0), () => void grab.kill());
    },
    async kill() {
      stopping = true;
      await grab.kill();
    },
  };
}

/**
 * Waits for `done` while `written` keeps growing: on a starved machine (load 13–26 on 2 cores)
 * the grab was still encoding seconds of backlog when a fixed 10 s ran out, and killing it lost
 * the lane and the take ("the lane ended before the scenario did"). Kills once nothing new came
 * for `quietMs`, or after `maxMs` in all; `done`'s outcome is the stop's.
 */
export async function finishOrKill(
  done: Promise<unknown>,
  written: () => number,
  kill: () => void,
  o: { quietMs?: number; maxMs?: number; checkMs?: number } = {},
): Promise<void> {
  const { quietMs = 10_000, maxMs = 120_000, checkMs = 500 } = o;
  const start = Date.now();
  let last = written();
  let lastChange = start;
  const t = setInterval(() => {
    const now = Date.now();
    const n = written();
    if (n !== last) {
      last = n;
      lastChange = now;
    }
    if (now - lastChange >= quietMs || now - start >= maxMs) {
      clearInterval(t);
      kill();
    }
  }, checkMs);
  try {
    await done;
  } finally {
    clearInterval(t);
  }
}

/** The lane file, written as ffmpeg's fragments come, and the fragment clock that counts them. */
interface FragmentFile {
  clock: FragmentClock;
  /** Why writing failed, if it did. */
  failed(): unknown;
  /** Bytes ffmpeg has put out so far (written or not). */
  written(): number;
  /** Resolves once ffmpeg's output has ended and the file is closed; one finish however many callers. */
  finish(): Promise<void>;
}

/** Writes ffmpeg's output to `path`; a write that fails (a full disk) is told to `onWriteError` once, and nothing more is written. */
function writeFragments(output: Readable, path: string, onWriteError: (e: unknown) => void): FragmentFile {
  const out = createWriteStream(path);
  const clock = new FragmentClock();
  let failed: unknown;
  let bytes = 0;
  out.on('error', (e) => {
    failed ??= e;
    // Nothing more can be written: let ffmpeg's output run dry instead of waiting on a drain
    // that never comes (ffmpeg, blocked on a full pipe, would never end).
    output.resume();
    onWriteError(e);
  });
  output.on('data', (c: Buffer) => {
    bytes += c.length;
    clock.push(c);
    if (failed) return;
    // Bounded: ffmpeg waits on a full pipe rather than Node holding the video.
    if (!out.write(c)) {
      output.pause();
      out.once('drain', () => output.resume());
    }
  });
  const outputEnded = new Promise<void>((r) => {
    output.once('end', r);
    output.once('close', r);
  });
  // One finish, however many callers (a stop that failed, then the run's abort).
  let finishing: Promise<void> | undefined;
  return {
    clock,
    failed: () => failed,
    written: () => bytes,
    finish: () =>
      (finishing ??= (async () => {
        await outputEnded;
        out.end();
        // Not once(out, 'close'): a stream that failed (a full disk) has closed already, and
        // waiting for its 'close' again held the run for good.
        await finished(out).catch(() => undefined);
      })()),
  };
}

/** The first frame's wall-clock time; a screen ffmpeg cannot read in time fails the lane now, with ffmpeg ended and the file closed. */
async function firstFrameMs(grab: Grab, display: string, timeoutMs: number, finish: () => Promise<void>): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const first = await Promise.race([grab.started, new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), timeoutMs)))]);
  clearTimeout(timer);
  if (first !== null && first !== 'late') return first;
  const why = first === 'late' ? 'ffmpeg read no frame in time' : 'ffmpeg ended before its first frame';
  const ended = await grab.stop().then(
    () => '',
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );
  await finish();
  throw new UserError('external', `the lane's screen ${display} could not be read (${why})${ended ? `: ${ended}` : ''}`, {
    hint: 'check that Xvfb runs and that this ffmpeg reads X screens (x11grab), or record with --capture chrome-recorder',
  });
}

/** The running capture as the recorder sees it: stop settles the file once, abort ends it whatever state it is in. */
function displayLane(
  lane: { display: string; file: string; startMs: number; requestedMs: number; width: number; height: number },
  grab: Grab,
  file: FragmentFile,
): LaneCapture {
  const { display, startMs, requestedMs, width, height } = lane;
  let result: Promise<CaptureResult> | undefined;
  return {
    method: 'display',
    file: lane.file,
    startMs,
    width,
    height,
    finalSec: () => file.clock.finalSec,
    stop() {
      result ??= (async () => {
        const endMs = nowMs();
        try {
          await grab.stop(file.written);
        } catch (e) {
          // The file could not be written (a full disk), so ffmpeg was ended: that is the cause to tell.
          if (!file.failed()) throw e;
        } finally {
          await file.finish();
        }
        const failed = file.failed();
        if (failed) throw failed;
        if (!file.clock.starts.length) {
          throw new UserError('external', `no picture was captured from the lane's screen ${display} for ${lane.file}`, {
            hint: 'check that Xvfb and the browser run, or record with --capture chrome-recorder',
          });
        }
        return { method: 'display', file: lane.file, startMs, endMs, requestedMs, width, height, frames: null };
      })();
      return result;
    },
    async abort() {
      // Stopping already (or failed to): that settles the file; else end ffmpeg now.
      if (result) await result.catch(() => undefined);
      else await grab.kill();
      await file.finish();
    },
  };
}

/**
 * By the benchmark it keeps ~29 distinct frames per second per lane where Chrome's recorder
 * made 16–18 on the same 2 cores (BENCHMARKS.md). It can run only when nobody watches the lanes
 * (headless: the screens are invisible, so nobody could step in) on a machine with Xvfb and an
 * ffmpeg with x11grab. Popups show on the lane's screen, in its picture.
 */
export const displayCapture: CaptureMethod = {
  id: 'display',
  summary: 'a virtual screen per lane read by ffmpeg (headless Linux with Xvfb)',
  colour: { range: 'limited', matrix: 'bt709' },
  container: 'mp4',
  // Chrome's frames reach the X screen 40–105 ms after the page draws them (measured with cursor
  // glides, 8 lanes); placing by one typical lag did as well as measuring each lane (BENCHMARKS.md).
  pictureLagMs: 75,
  popupsInPicture: true,

  async unavailable(m: Machine): Promise<Unavailable | null> {
    if (!m.headless)
      return {
        kind: 'usage',
        message: '--capture display records the lanes on invisible screens: it needs --headless',
        hint: 'add --headless, or leave --capture out to record the visible windows',
      };
    if (!findXvfb(m.env, m.platform))
      return {
        kind: 'external',
        message: '--capture display needs Xvfb, which was not found on PATH (Linux only)',
        hint: "install it (apt-get install xvfb), or leave --capture out to use Chrome's recorder",
      };
    if (!(await hasX11grab(m.tools)))
      return {
        kind: 'external',
        message: '--capture display needs an ffmpeg with x11grab, and this one has none',
        hint: 'point REVIEW_ASSISTANT_FFMPEG at an ffmpeg built with xcb (the bundled one is), or leave --capture out',
      };
    return null;
  },

  async screenFor(_laneId, picture) {
    const xvfb = findXvfb();
    if (!xvfb) return null;
    const size = { width: evenUp(picture.width), height: evenUp(picture.height) };
    const screen = await startVirtualDisplay(xvfb, size);
    return { display: screen.display, xauthority: screen.xauthority, size, ended: () => screen.ended(), stop: () => screen.stop() };
  },

  async start(o) {
    // A lane whose driver asked for no screen cannot be read from one: the next method records it.
    if (!o.screen) throw new UserError('external', `the ${o.lane.id} lane has no screen of its own`);
    const env = screenEnv(process.env, o.screen);
    return startDisplayCapture(o.screen.display, { ...o.screen.size, tools: o.tools, fps: o.fps, file: o.file, env, onLost: o.onLost });
  },
};
