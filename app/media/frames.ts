// Decoding a whole file's pictures, sampled, into raw pixels with their times (the frame check's view of a video).
import { argv } from '../common/argv';
import { UserError } from '../common/errors';
import { startMedia } from './process';
import type { FfmpegTools } from './tools';

/** The frame times (seconds) showinfo printed, in order. */
export function showinfoTimes(stderr: string): number[] {
  return [...stderr.matchAll(/\] n:\s*\d+ pts:\s*-?\d+ pts_time:(-?[\d.]+)/g)].map((m) => Number(m[1]));
}

/** Collects showinfo's frame times as ffmpeg prints them (the stderr a run keeps whole is bounded; these lines are not). */
function showinfoReader(onTimes: () => void = () => undefined) {
  const times: number[] = [];
  let partial = '';
  return {
    times,
    onStderr(d: string) {
      partial += d;
      const cut = partial.lastIndexOf('\n');
      if (cut < 0) return;
      times.push(...showinfoTimes(partial.slice(0, cut + 1)));
      partial = partial.slice(cut + 1);
      onTimes();
    },
    flush: () => void times.push(...showinfoTimes(partial)),
  };
}

export interface SampleOptions {
  /** Pictures a second. */
  fps: number;
  /** The pictures' size (area-averaged down from the file's). */
  width: number;
  height: number;
}

/**
 * ffmpeg's arguments to decode a whole file into a few small pictures a second, raw RGB on
 * stdout, each picture's time (file seconds) printed by showinfo: the frame check's view of a
 * composed video. Area scaling keeps a flat colour flat and averages a small text into a grey.
 */
export function sampledFramesArgs(file: string, o: SampleOptions): string[] {
  // One decoding thread: the 107 s sample video took 2.9 s of CPU so, 4.1 s with ffmpeg's default threads.
  return argv`-hide_banner -nostdin -loglevel info -threads 1 -i ${file}
    -an -vf fps=${o.fps},scale=${o.width}:${o.height}:flags=area,format=rgb24,showinfo -vsync 0 -f rawvideo pipe:1`;
}

/**
 * Decodes a file's pictures as sampledFramesArgs describes and hands them over one at a time,
 * in order, with their times (a whole video's pictures would not fit in memory at once). A
 * picture whose time ffmpeg never printed gets its place on the sampling grid. Resolves with
 * the number of pictures.
 */
export async function streamSampledFrames(
  tools: FfmpegTools,
  file: string,
  o: SampleOptions,
  onPicture: (sec: number, rgb: Uint8Array) => void,
  signal?: AbortSignal,
): Promise<number> {
  if (signal?.aborted) throw new UserError('cancelled', 'reading the video was cancelled');
  const size = o.width * o.height * 3;
  const waiting: Uint8Array[] = [];
  let delivered = 0;
  let failure: unknown = null;
  const { times, onStderr, flush } = showinfoReader(() => deliver(false));
  const run = startMedia({
    tools,
    args: sampledFramesArgs(file, o),
    what: `reading the pictures of ${file}`,
    stdout: 'pipe',
    onStderr,
    signal,
  });
  const deliver = (all: boolean) => {
    while (waiting.length && (delivered < times.length || all)) {
      const pic = waiting.shift()!;
      const sec = times[delivered] ?? delivered / o.fps;
      delivered++;
      try {
        onPicture(sec, pic);
      } catch (e) {
        failure ??= e;
        void run.kill();
      }
    }
  };
  let buf = Buffer.alloc(size);
  let filled = 0;
  run.proc.stdout!.on('data', (chunk: Buffer) => {
    let at = 0;
    while (at < chunk.length) {
      const n = Math.min(size - filled, chunk.length - at);
      chunk.copy(buf, filled, at, at + n);
      filled += n;
      at += n;
      if (filled === size) {
        waiting.push(new Uint8Array(buf.buffer, buf.byteOffset, size));
        buf = Buffer.alloc(size);
        filled = 0;
      }
    }
    deliver(false);
  });
  try {
    await run.done;
  } catch (e) {
    throw failure ?? e;
  }
  flush();
  deliver(true);
  if (failure) throw failure;
  return delivered;
}
