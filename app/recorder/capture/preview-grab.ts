// The live preview's view of a lane's screen: low-rate JPEG pictures read by ffmpeg (x11grab), for people watching a recording.
import { argv } from '../../common/argv';
import { startMedia } from '../../media/process';
import type { FfmpegTools } from '../../media/tools';

/**
 * A low-rate JPEG view of an X screen for people watching a recording (the app's live preview):
 * ffmpeg reads the screen as the lane's capture does, so the preview cannot change how the page
 * is drawn, and it shows popups where they are. `width` is the pictures' width (height follows).
 */
export function previewGrabArgs(o: { display: string; width: number; height: number; fps: number; outWidth: number }): string[] {
  return argv`-hide_banner -nostats -loglevel error
    -f x11grab -draw_mouse 0 -framerate ${o.fps} -video_size ${o.width}x${o.height} -i ${o.display}+0,0
    -an -vf scale=${Math.max(2, Math.round(o.outWidth / 2) * 2)}:-2:flags=bilinear
    -c:v mjpeg -q:v 7 -threads 1 -f image2pipe pipe:1`;
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
export function startPreviewGrab(
  tools: FfmpegTools,
  o: Parameters<typeof previewGrabArgs>[0],
  env: NodeJS.ProcessEnv,
  onPicture: (jpeg: Buffer) => void,
): PreviewGrab {
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
