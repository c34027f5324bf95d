// Grabs one frame of a video as a small JPEG poster for the bundle's report.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runArgs } from '../../media/process';
import { type FfmpegTools } from '../../media/tools';
import type { VideoFacts } from '../checks/recording-facts-schema';

/** Arguments that grab one frame at `atSec`, scaled to `width`, as a JPEG. Pure, for tests. */
export function posterArgs(input: string, output: string, atSec: number, width = 640): string[] {
  return ['-hide_banner', '-v', 'error', '-y', '-ss', atSec.toFixed(2), '-i', input, '-frames:v', '1', '-vf', `scale=${width}:-2`, '-q:v', '5', output];
}

/**
 * Where in a video its poster comes from: where it shows what it is for, when the recording
 * says (`shownAtSec`), else past a clip's opening card. At least a second before the end: a
 * seek past the last frame's start grabs nothing.
 */
export function posterTime(durationSec: number, shownAtSec?: number): number {
  if (!(durationSec > 0)) return 0;
  const at = shownAtSec !== undefined && shownAtSec >= 0 ? shownAtSec : durationSec * 0.4;
  return Math.min(at, Math.max(0, durationSec - 1));
}

/** One frame of a video as a `data:image/jpeg;base64,…` URL, or null when ffmpeg could not grab it. */
export async function posterDataUrl(tools: FfmpegTools, video: VideoFacts, signal?: AbortSignal): Promise<string | null> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'review-poster-'));
  const out = path.join(dir, 'poster.jpg');
  try {
    await runArgs(tools, posterArgs(video.path, out, posterTime(video.durationSec, video.shownAtSec)), signal);
    const bytes = await fs.readFile(out);
    return bytes.length ? `data:image/jpeg;base64,${bytes.toString('base64')}` : null;
  } catch {
    return null; // a report without a poster beats no report
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
