// Grabs one frame of a video as a small JPEG poster for the bundle's report.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runArgs } from '../../media/process';
import { type FfmpegTools } from '../../media/tools';

/** Arguments that grab one frame at `atSec`, scaled to `width`, as a JPEG. Pure, for tests. */
export function posterArgs(input: string, output: string, atSec: number, width = 640): string[] {
  return ['-hide_banner', '-v', 'error', '-y', '-ss', atSec.toFixed(2), '-i', input, '-frames:v', '1', '-vf', `scale=${width}:-2`, '-q:v', '5', output];
}

/** Where in a video its poster comes from: past a clip's opening card, never past the end. */
export function posterTime(durationSec: number): number {
  if (!(durationSec > 0)) return 0;
  return Math.min(durationSec * 0.4, Math.max(0, durationSec - 0.1));
}

/** One frame of a video as a `data:image/jpeg;base64,…` URL, or null when ffmpeg could not grab it. */
export async function posterDataUrl(tools: FfmpegTools, video: string, durationSec: number, signal?: AbortSignal): Promise<string | null> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'review-poster-'));
  const out = path.join(dir, 'poster.jpg');
  try {
    await runArgs(tools, posterArgs(video, out, posterTime(durationSec)), signal);
    const bytes = await fs.readFile(out);
    return bytes.length ? `data:image/jpeg;base64,${bytes.toString('base64')}` : null;
  } catch {
    return null; // a report without a poster beats no report
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
