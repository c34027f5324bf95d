// Reads a recorded run folder (manifest, timeline, videos) into the facts the recording checks judge, and finds the newest finished run.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../../common/errors';
import { TimelineEventSchema, type TimelineEvent } from '../../recorder/timeline';
import { resolveFfmpegTools } from '../../media/tools';
import { clipShownAtSec, demoShownAtSec } from '../../recorder/clips';
import type { Chapter } from '../../recorder/compose/video-time';
import { ChapterSchema, listRuns as listRecorderRuns } from '../../recorder/run-folder';
import { probeVideo } from './probe';
import { loadFrameFacts } from './recording-facts-frames';
import { CutsFactSchema, type RecordingFacts, type VideoFacts } from './recording-facts-schema';
import { timelineFacts } from './timeline-facts';

/** Manifest statuses that mean "finished, with its files". */
export const DONE_STATUSES = new Set(['done', 'passed', 'succeeded', 'completed', 'complete']);

/**
 * The part of the recorder's manifest.json the checks read. Loose on purpose: the recorder
 * owns the format and may add fields; events of unknown types are skipped.
 */
const ManifestSchema = z.looseObject({
  status: z.string(),
  // Loose like the rest: a value these checks do not know is no reason to refuse the run folder.
  createdAt: z.unknown().optional(),
  hosts: z.unknown().optional(),
  title: z.unknown().optional(),
  timeline: z.array(z.unknown()).default([]),
  cuts: z.unknown().optional(),
  chapters: z.unknown().optional(),
});

interface ManifestFacts {
  status: string;
  hosts?: 'sandbox' | 'real';
  recordedAt?: string;
  timeline: TimelineEvent[];
  cuts?: RecordingFacts['cuts'];
  /** Empty when the manifest has none or they do not parse: then no video says where it shows its point. */
  chapters: Chapter[];
}

export async function readManifest(folder: string): Promise<ManifestFacts> {
  const file = path.join(folder, 'manifest.json');
  let raw: string;
  try {
    raw = await fs.readFile(file, 'utf8');
  } catch {
    throw new UserError('not-found', `no recording manifest at ${file}`, {
      hint: 'pass the folder of a recording run (it holds manifest.json and demo.mp4), or record one first',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new UserError('validation', `${file} is not valid JSON: ${(e as Error).message}`, { hint: 'the run folder is damaged; record again' });
  }
  const m = ManifestSchema.safeParse(json);
  if (!m.success) throw new UserError('validation', `${file} has no "status"`, { hint: 'the run folder is damaged or from another tool; record again' });
  const timeline: TimelineEvent[] = [];
  for (const e of m.data.timeline) {
    const ev = TimelineEventSchema.safeParse(e);
    if (ev.success) timeline.push(ev.data);
  }
  const cuts = CutsFactSchema.safeParse(m.data.cuts);
  const chapters = z.array(ChapterSchema).safeParse(m.data.chapters);
  const hosts = hostsOf(m.data.hosts, m.data.title);
  const created = m.data.createdAt;
  return {
    status: m.data.status,
    ...(hosts ? { hosts } : {}),
    ...(typeof created === 'string' && !Number.isNaN(Date.parse(created)) ? { recordedAt: created } : {}),
    timeline,
    ...(m.data.cuts !== undefined && cuts.success ? { cuts: cuts.data } : {}),
    chapters: chapters.success ? chapters.data : [],
  };
}

/** What a run played against; a run recorded before the manifest kept it is told by its title card, which named the sandbox. */
function hostsOf(hosts: unknown, title: unknown): 'sandbox' | 'real' | undefined {
  if (hosts === 'sandbox' || hosts === 'real') return hosts;
  const gateway = title && typeof title === 'object' ? (title as { gateway?: unknown }).gateway : undefined;
  return typeof gateway === 'string' && gateway.includes('(demo sandbox)') ? 'sandbox' : undefined;
}

async function srtCues(file: string): Promise<{ exists: boolean; cues: number }> {
  try {
    const text = await fs.readFile(file, 'utf8');
    return { exists: true, cues: text.split(/\r?\n/).filter((l) => l.includes('-->')).length };
  } catch {
    return { exists: false, cues: 0 };
  }
}

/** Everything the checks need to know about one run folder. */
export async function loadRecordingFacts(folder: string): Promise<RecordingFacts> {
  const { status, hosts, recordedAt, timeline, cuts, chapters } = await readManifest(folder);
  const tools = resolveFfmpegTools();
  const probe = async (file: string, shownAtSec: number | undefined): Promise<VideoFacts | null> => {
    const facts = await probeVideo(path.join(folder, file), tools);
    return facts && shownAtSec !== undefined ? { ...facts, shownAtSec } : facts;
  };
  const clips: Record<string, VideoFacts | null> = {};
  let names: string[] = [];
  try {
    names = (await fs.readdir(path.join(folder, 'clips'))).filter((n) => n.endsWith('.mp4'));
  } catch {
    names = [];
  }
  for (const n of names.sort()) clips[n.slice(0, -4)] = await probe(path.join('clips', n), clipShownAtSec(chapters, n.slice(0, -4)));
  return {
    folder,
    status,
    done: DONE_STATUSES.has(status),
    ...(hosts ? { hosts } : {}),
    ...(recordedAt ? { recordedAt } : {}),
    demo: await probe('demo.mp4', demoShownAtSec(chapters)),
    clips,
    captions: await srtCues(path.join(folder, 'captions.srt')),
    ...timelineFacts(timeline),
    frames: await loadFrameFacts(folder, tools),
    ...(cuts ? { cuts } : {}),
  };
}

/** The newest run folder of a profile whose manifest says done (the recorder's listing), or undefined. */
export async function latestDoneRun(dataDir: string, profile: string): Promise<string | undefined> {
  return (await listRecorderRuns(dataDir, profile)).find((r) => DONE_STATUSES.has(r.status))?.dir;
}
