// Reading an X screen with ffmpeg (x11grab): the screen capture's growing lane file, and the live preview's JPEG pictures.
import { FfmpegRunError, mediaError, startMedia } from '../../media/process';
import type { FfmpegTools } from '../../media/tools';

/**
 * ffmpeg's arguments to read an X screen (a lane's virtual display) at a constant `fps` into
 * H.264 in a fragmented MP4 on stdout: one fragment a second (a keyframe each), so the lane can
 * be composed while it is recorded (FragmentClock), and a file cut short still plays. Frames are
 * stamped by the wall clock as they are read; the picture is turned into BT.709 limited range
 * (and tagged so) like every other source of the video (colour.ts).
 *
 * Lossless 4:4:4: the lane file is the screen as it was, and the video's one chroma subsampling
 * is the composer's. Small text of the bench page against a screenshot (SSIM, both made 4:2:0
 * for the comparison): 0.99973 at CRF 10 in 4:2:0 (its chroma subsampled twice), 0.99975 at
 * CRF 10 in 4:4:4, 0.99988 lossless in 4:4:4, for 15–16 MB a minute of two animating lanes
 * instead of 13–14 and less CPU (66 s against 72 s for a 20 s recording): x264 quantises nothing.
 * The lane files are intermediate: nothing but this app's ffmpeg decodes them.
 *
 * Two encoding threads: x264's default on 2 cores (three frames in flight) held 51 MB a lane
 * against 44; one thread (37 MB) would encode in the loop that reads the screen, whose reads
 * must come on time.
 */
export function displayGrabArgs(o: { display: string; width: number; height: number; fps: number; preset?: string }): string[] {
  return [
    '-hide_banner', '-nostats', '-loglevel', 'info',
    '-f', 'x11grab', '-draw_mouse', '0', '-framerate', String(o.fps), '-video_size', `${o.width}x${o.height}`, '-i', `${o.display}+0,0`,
    '-an', '-vf', 'scale=out_color_matrix=bt709:out_range=tv:flags=bicubic,format=yuv444p',
    '-c:v', 'libx264', '-preset', o.preset ?? 'ultrafast', '-qp', '0', '-threads', '2', '-g', String(o.fps), '-r', String(o.fps),
    '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv',
    '-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof', 'pipe:1',
  ];
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

export interface DisplayGrab {
  /** The MP4 as it is written. */
  output: NodeJS.ReadableStream;
  /** The first frame's wall-clock time (epoch ms), once ffmpeg has described its input (null if it never does). */
  started: Promise<number | null>;
  /** Asks ffmpeg to finish the file ("q") and resolves once it has; rejects if ffmpeg failed. */
  stop(): Promise<void>;
  /** Kills ffmpeg and resolves once it has ended. */
  kill(): Promise<void>;
  pid(): number | undefined;
}

/**
 * The grabbing ffmpeg's niceness. It stamps each frame with the wall clock when it wakes to read
 * the screen, so a late wake-up costs it nothing; a browser's frame held back by its encoding
 * reaches the screen late. Each step's picture after its caption, animated bench pages, 60 s, 10
 * steps, four runs each: a mean 2.0–2.3 frames (3 at worst) at 10, 2.1–2.8 (4 at worst) at 0, at
 * the same 28–29 distinct fps per lane.
 */
export const GRAB_NICENESS = 10;

/** Reads an X screen into a growing MP4 (displayGrabArgs); one ffmpeg per lane. */
export function startDisplayGrab(tools: FfmpegTools, o: Parameters<typeof displayGrabArgs>[0], env: NodeJS.ProcessEnv = process.env): DisplayGrab {
  let head = '';
  let resolveStart: (v: number | null) => void = () => undefined;
  const started = new Promise<number | null>((r) => (resolveStart = r));
  let stopping = false;
  const run = startMedia({
    tools,
    args: displayGrabArgs(o),
    what: 'the screen capture',
    stdin: 'pipe',
    stdout: 'pipe',
    env,
    niceness: GRAB_NICENESS,
    onStderr: (d) => {
      if (head.length >= 20_000) return;
      head += d;
      const s = grabStartSec(head);
      if (s !== null) resolveStart(s * 1000);
    },
  });
  const done = run.done.then(
    () => resolveStart(null),
    (e: unknown) => {
      resolveStart(null);
      // A capture that ends on its own, before it was asked to, says so.
      if (!stopping && e instanceof FfmpegRunError) throw new FfmpegRunError(mediaError('the screen capture (ended before it was stopped)', e.stderrTail, e), e.stderrTail, e.exit);
      throw e;
    },
  );
  done.catch(() => undefined);
  return {
    output: run.proc.stdout!,
    started,
    async stop() {
      stopping = true;
      if (!run.ended()) run.proc.stdin!.end('q');
      // ffmpeg finishes within a frame or two; one that does not is killed, and the stop fails
      // (the file on disk keeps the fragments written so far, as evidence).
      const t = setTimeout(() => void run.kill(), 10_000);
      try {
        await done;
      } finally {
        clearTimeout(t);
      }
    },
    async kill() {
      stopping = true;
      await run.kill();
    },
    pid: () => run.proc.pid,
  };
}

/**
 * A low-rate JPEG view of an X screen for people watching a recording (the app's live preview):
 * ffmpeg reads the screen as the lane's capture does, so the preview cannot change how the page
 * is drawn, and it shows popups where they are. `width` is the pictures' width (height follows).
 */
export function previewGrabArgs(o: { display: string; width: number; height: number; fps: number; outWidth: number; quality?: number }): string[] {
  return [
    '-hide_banner', '-nostats', '-loglevel', 'error',
    '-f', 'x11grab', '-draw_mouse', '0', '-framerate', String(o.fps), '-video_size', `${o.width}x${o.height}`, '-i', `${o.display}+0,0`,
    '-an', '-vf', `scale=${Math.max(2, Math.round(o.outWidth / 2) * 2)}:-2:flags=bilinear`,
    '-c:v', 'mjpeg', '-q:v', String(o.quality ?? 7), '-threads', '1', '-f', 'image2pipe', 'pipe:1',
  ];
}

/** Splits a stream of concatenated JPEGs (ffmpeg's image2pipe of mjpeg) into whole pictures. */
export class JpegSplitter {
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly onPicture: (jpeg: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      const start = this.buf.indexOf(SOI);
      if (start < 0) {
        // A marker may be cut between two chunks: keep a trailing 0xff.
        this.buf = this.buf.at(-1) === 0xff ? this.buf.subarray(-1) : Buffer.alloc(0);
        return;
      }
      // ffmpeg's mjpeg pictures hold no embedded thumbnail, so the first end marker ends the picture.
      const end = this.buf.indexOf(EOI, start + 2);
      if (end < 0) {
        this.buf = this.buf.subarray(start);
        return;
      }
      this.onPicture(Buffer.from(this.buf.subarray(start, end + 2)));
      this.buf = this.buf.subarray(end + 2);
    }
  }
}
const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);

/** The preview reader gives way to everything that makes the recording. */
const PREVIEW_NICENESS = 19;

export interface PreviewGrab {
  stop(): Promise<void>;
}

/** Reads an X screen into JPEG pictures (previewGrabArgs); never throws: a preview that fails just ends. */
export function startPreviewGrab(tools: FfmpegTools, o: Parameters<typeof previewGrabArgs>[0], env: NodeJS.ProcessEnv, onPicture: (jpeg: Buffer) => void): PreviewGrab {
  let run: ReturnType<typeof startMedia>;
  try {
    run = startMedia({ tools, args: previewGrabArgs(o), what: 'the lane preview', stdout: 'pipe', env, niceness: PREVIEW_NICENESS });
  } catch {
    return { stop: async () => undefined };
  }
  const split = new JpegSplitter(onPicture);
  run.proc.stdout!.on('data', (c: Buffer) => split.push(c));
  return {
    async stop() {
      if (!run.ended()) run.proc.kill('SIGTERM');
      const t = setTimeout(() => void run.kill(), 3000);
      await run.done.catch(() => undefined);
      clearTimeout(t);
    },
  };
}
