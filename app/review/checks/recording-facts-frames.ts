// The frame check's result for a run folder: the one the recorder stored, or a fresh look at demo.mp4 for runs without one.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isUserError } from '../../common/errors';
import type { FfmpegTools } from '../../media/tools';
import type { FrameCheck } from '../../recorder/inspect/frame-check-schema';
import { inspectRun, isCurrent } from '../../recorder/inspect/inspect-video';
import { readManifest } from '../../recorder/run-folder';
import type { RecordingFacts } from './recording-facts-schema';

export type FrameFacts = NonNullable<RecordingFacts['frames']>;

/**
 * Results of videos read in this process, by file, size and time: checking again (the UI checks
 * after every edit) must not read the same video again. Kept small: a few runs are looked at.
 */
const analysed = new Map<string, Promise<FrameCheck>>();
const KEEP = 8;

/** The frame check of a run folder's demo.mp4, from its manifest when current, else by reading the video. */
export async function loadFrameFacts(folder: string, tools: FfmpegTools): Promise<FrameFacts> {
  let m;
  try {
    m = await readManifest(folder);
  } catch (e) {
    return { check: null, note: `its manifest could not be read (${e instanceof Error ? e.message : String(e)})` };
  }
  const file = path.join(folder, m.files.demo ?? 'demo.mp4');
  const stat = await fs.stat(file).catch(() => null);
  if (!stat) return { check: null, note: 'the run has no demo.mp4' };
  if (isCurrent(m.frames, m, stat.size)) return { check: m.frames, source: 'stored' };
  if (!m.lanes.some((l) => l.capture)) return { check: null, note: 'its manifest lists no recorded lanes, so where each lane is in the video is unknown' };
  const key = `${file}\u0000${stat.size}\u0000${stat.mtimeMs}`;
  let job = analysed.get(key);
  if (!job) {
    job = inspectRun(folder, m, { tools });
    analysed.set(key, job);
    if (analysed.size > KEEP) analysed.delete(analysed.keys().next().value!);
    // A failed read is not kept: the next check tries again.
    job.catch(() => analysed.delete(key));
  }
  try {
    return { check: await job, source: 'analysed' };
  } catch (e) {
    return { check: null, note: `reading its pictures failed (${isUserError(e) || e instanceof Error ? e.message : String(e)})` };
  }
}
