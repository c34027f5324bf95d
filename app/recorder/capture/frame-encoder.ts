// One ffmpeg turning a stream of JPEG pictures on a constant-rate grid into a lane file (the screencast's encoder).
import { PassThrough, type Writable } from 'node:stream';
import { startMedia } from '../../media/process';
import type { FfmpegTools } from '../../media/tools';

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
export function frameEncoderArgs(o: { output: string; fps: number; width: number; height: number; crf?: number; preset?: string }): string[] {
  return [
    '-hide_banner',
    '-f', 'image2pipe', '-c:v', 'mjpeg', '-framerate', String(o.fps), '-i', 'pipe:0',
    '-vf', `scale=${o.width}:${o.height}:force_original_aspect_ratio=decrease,pad=${o.width}:${o.height}:(ow-iw)/2:(oh-ih)/2:white,setsar=1`,
    '-an', '-c:v', 'libx264', '-preset', o.preset ?? 'ultrafast', '-crf', String(o.crf ?? 16), '-pix_fmt', 'yuv420p', '-g', String(o.fps * 2), '-r', String(o.fps),
    '-f', 'matroska', '-y', o.output,
  ];
}

/** One encoder per lane or popup; the caller places the pictures on the grid. */
export function startFrameEncoder(tools: FfmpegTools, o: Parameters<typeof frameEncoderArgs>[0]): FrameEncoder {
  const input = new PassThrough({ highWaterMark: 1 << 20 });
  const run = startMedia({ tools, args: frameEncoderArgs(o), what: 'the lane encoder', stdin: 'pipe' });
  input.pipe(run.proc.stdin!);
  const done = run.done.then(() => undefined);
  done.catch(() => undefined);
  return { input, done, kill: () => run.kill(), pid: () => run.proc.pid };
}
