// The run folder: its manifest (the schema every stage reads and writes), its files, and runs left behind.
import { randomBytes } from 'node:crypto';
import { promises as fs, type Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../common/atomic-write';
import { UserError } from '../common/errors';
import { parseOrThrow } from '../common/zod-issues';
import type { SourceColour } from '../media/colour';

import { FrameCheckSchema } from './inspect/frame-check-schema';
import { TimelineSchema } from './timeline';
import { processAlive } from '../common/fs-probe';

/**
 * A recording's folder: `<data>/recordings/<profile>/<timestamp>/`, described by
 * `manifest.json`. Every stage writes its outputs under temporary names and renames them
 * at the end, so a file listed in `files` is complete; the status says how far the run got.
 */
export const MANIFEST_VERSION = 1;

export const RunStatusSchema = z.enum(['recording', 'composing', 'done', 'failed', 'cancelled']);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/**
 * How much earlier on the run clock than read a lane's file was placed (`placedMs`; the method's
 * `pictureLagMs`, capture/method.ts). Runs recorded before December 2026 measured it with glides
 * of the lane's cursor and keep those readings beside it (`ms`, `end`, …), passed through as read.
 */
export const PictureLagSchema = z.object({ placedMs: z.number().nullable().optional() }).loose();

export const EncoderSettingsSchema = z.object({
  codec: z.literal('libx264'),
  preset: z.string(),
  crf: z.number(),
  pixFmt: z.literal('yuv420p'),
  fps: z.number(),
  /** `-x264-params`; empty in run folders written before it existed (x264's own defaults). */
  x264Params: z.string().default(''),
});
export type EncoderSettings = z.infer<typeof EncoderSettingsSchema>;

const CaptureSchema = z.object({
  /** The capture method's id (capture/choose.ts CAPTURE_METHODS). */
  method: z.string().min(1),
  /** Relative to the run folder. */
  file: z.string(),
  startMs: z.number(),
  endMs: z.number(),
  width: z.number().int(),
  height: z.number().int(),
  frames: z.object({ received: z.number().int(), written: z.number().int() }).nullable(),
  /** Frames in the file (ffprobe), filled after capture. */
  frameCount: z.number().int().nullable().default(null),
  /** The file's YUV range (ffprobe), filled after capture; older runs: unknown (Chrome's recorder writes full range). */
  colorRange: z.enum(['full', 'limited']).optional(),
  /** The file's YUV matrix (ffprobe `color_space`), when tagged; else known from the method (app/media/colour.ts). */
  colorMatrix: z.enum(['bt709', 'bt601']).optional(),
  /** When the capture was asked to start (older runs: unknown). */
  requestedMs: z.number().optional(),
  /** How startMs was found (capture/anchor.ts): by the start command, or by the end and the file's duration. */
  anchor: z.object({ by: z.enum(['start', 'end']), lagMs: z.number().nullable() }).optional(),
  /** The screen capture: how much earlier than read its pictures were drawn (older runs: unknown, placed as read). */
  pictureLag: PictureLagSchema.optional(),
});
export type CaptureRecord = z.infer<typeof CaptureSchema>;

/**
 * What a capture file holds: its colour tags as recorded after capture, else what its method
 * wrote in run folders from before the tags were recorded (Chrome's recorder BT.709 full range,
 * the screen capture BT.709 limited, the screencast's JPEGs BT.601 limited).
 */
export function sourceColour(cap: Pick<CaptureRecord, 'method' | 'colorRange' | 'colorMatrix'>): SourceColour {
  const chrome = cap.method === 'chrome-recorder';
  return {
    fullRange: (cap.colorRange ?? (chrome ? 'full' : 'limited')) === 'full',
    matrix: cap.colorMatrix ?? (chrome || cap.method === 'display' ? 'bt709' : 'bt601'),
  };
}

export const LaneRecordSchema = z.object({
  id: z.string(),
  title: z.string(),
  viewport: z.object({ width: z.number().int(), height: z.number().int() }),
  capture: CaptureSchema.nullable(),
});
export type LaneRecord = z.infer<typeof LaneRecordSchema>;

export const PopupRecordSchema = z.object({
  laneId: z.string(),
  openedMs: z.number(),
  closedMs: z.number().nullable(),
  capture: CaptureSchema.nullable(),
});
export type PopupRecord = z.infer<typeof PopupRecordSchema>;

/**
 * Which waits the composed video shortens (compose/time-map.ts): `keep` none; `assisted` the
 * idle time of a step handed to the person (the default); `all` that and every long wait of the
 * page (a step that waited on the page longer than 6 s).
 */
export const WaitsModeSchema = z.enum(['keep', 'assisted', 'all']);
export type WaitsMode = z.infer<typeof WaitsModeSchema>;

export const ChapterSchema = z.object({
  sceneId: z.string(),
  title: z.string(),
  permissions: z.array(z.string()),
  start: z.number(),
  end: z.number(),
});

export const ManifestSchema = z.object({
  manifestVersion: z.literal(MANIFEST_VERSION),
  runId: z.string(),
  profile: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  status: RunStatusSchema,
  error: z
    .object({
      message: z.string(),
      hint: z.string().optional(),
      stage: z.string(),
      stderrTail: z.array(z.string()).optional(),
      /** The same as the app says it (steps by number and caption, no command or flag), where it differs. */
      app: z.object({ message: z.string(), hint: z.string().optional() }).optional(),
    })
    .nullable()
    .default(null),
  /** The process that records it: a run still "recording" whose process is gone was interrupted. */
  owner: z.object({ pid: z.number().int(), host: z.string() }).optional(),
  scenario: z.object({ hash: z.string(), title: z.string().default('') }),
  title: z.object({ appName: z.string(), gateway: z.string(), date: z.string(), permissions: z.array(z.string()) }),
  /** Permissions to cut clips for (defaults to every permission a scene names). */
  permissions: z.array(z.string()).default([]),
  /** What the browsers played against (absent: recorded before this was kept). */
  hosts: z.enum(['sandbox', 'real']).optional(),
  canvas: z.object({ width: z.union([z.literal(1920), z.literal(1440)]), height: z.number().int() }),
  titleSec: z.number().default(3),
  lanes: z.array(LaneRecordSchema),
  popups: z.array(PopupRecordSchema).default([]),
  timeline: TimelineSchema,
  encoder: EncoderSettingsSchema,
  ffmpeg: z.object({ version: z.string() }).nullable().default(null),
  video: z.object({ durationSec: z.number(), originMs: z.number(), endMs: z.number() }).nullable().default(null),
  /** Which waits the video shortens (compose/time-map.ts): older runs, and runs recorded without a choice, `assisted`. */
  waits: WaitsModeSchema.default('assisted'),
  /**
   * What the composed video left out: each cut at `atSec` of the video, `removedSec` long, the
   * run-clock stretch it took out (`fromMs`–`toMs`), why (a hand-over's search, or a long wait of
   * the page) and the step it shortened. Absent: composed before cuts existed.
   */
  cuts: z
    .array(
      z.object({
        atSec: z.number(),
        removedSec: z.number(),
        fromMs: z.number(),
        toMs: z.number(),
        reason: z.enum(['assisted', 'wait']),
        stepId: z.string(),
      }),
    )
    .optional(),
  chapters: z.array(ChapterSchema).default([]),
  files: z.object({
    demo: z.string().nullable().default(null),
    captions: z.string().nullable().default(null),
    chapters: z.string().nullable().default(null),
    clips: z.record(z.string(), z.string()).default({}),
    steps: z.array(z.string()).default([]),
    overlay: z.string().nullable().default(null),
  }),
  timings: z.record(z.string(), z.number()).default({}),
  /** The frame check of demo.mp4 (inspect/inspect-video.ts), written after composing; older runs, and runs composed again since: none. */
  frames: FrameCheckSchema.optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const MANIFEST_FILE = 'manifest.json';

/** `2026-11-25T04-07-15-123Z`: sortable, valid on every file system. */
export function runTimestamp(d = new Date()): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

export function recordingsDir(dataDir: string, profile: string): string {
  return path.join(dataDir, 'recordings', profile);
}

export async function createRunFolder(dataDir: string, profile: string, d = new Date()): Promise<{ dir: string; runId: string }> {
  const runId = runTimestamp(d);
  const dir = path.join(recordingsDir(dataDir, profile), runId);
  try {
    await fs.mkdir(path.join(dir, 'lanes'), { recursive: true });
    await fs.mkdir(path.join(dir, 'steps'), { recursive: true });
  } catch (e) {
    throw new UserError('io', `cannot create the recording folder ${dir}: ${(e as Error).message}`, {
      hint: 'check that the data folder is writable (or pass --data-dir)',
      cause: e,
    });
  }
  return { dir, runId };
}

export async function writeManifest(dir: string, m: Manifest): Promise<void> {
  m.updatedAt = new Date().toISOString();
  await writeFileAtomic(path.join(dir, MANIFEST_FILE), JSON.stringify(ManifestSchema.parse(m), null, 2) + '\n', 0o644);
}

export async function readManifest(dir: string): Promise<Manifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let raw: string;
  try {
    raw = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new UserError('not-found', `${dir} is not a recording folder: it has no ${MANIFEST_FILE}`, {
      hint: 'pass a folder under <data>/recordings/<profile>/ made by "review-assistant record"',
      cause: e,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new UserError('validation', `${file} is not valid JSON`, { hint: 'the manifest is damaged; record again', cause: e });
  }
  return parseOrThrow(ManifestSchema, json, file, 'the manifest is damaged or from another version; record again');
}

/** A temp name next to the final one; `commitFile` renames it into place. */
export function tempName(finalPath: string): string {
  const ext = path.extname(finalPath);
  return path.join(path.dirname(finalPath), `.${path.basename(finalPath, ext)}.partial${ext}`);
}

export async function commitFile(finalPath: string): Promise<void> {
  await fs.rename(tempName(finalPath), finalPath);
}

const PARTIAL = /^\..+\.partial(\.[A-Za-z0-9]+)?$/;

/**
 * Removes the half-written outputs (`tempName` files) of a stopped run, in its folder and
 * the folders below: they are never shown as results, and on a full disk they hold the space
 * the manifest needs to say the run failed. Returns how many were removed.
 */
export async function removePartials(dir: string, depth = 2): Promise<number> {
  let removed = 0;
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && depth > 0) removed += await removePartials(p, depth - 1);
    else if (e.isFile() && PARTIAL.test(e.name)) {
      await fs.rm(p, { force: true }).catch(() => undefined);
      removed++;
    }
  }
  return removed;
}

/**
 * Disk space kept aside in a run folder while it records, as a `tempName`-like file so that
 * removePartials frees it: on a full disk that is the room the manifest needs to say the run
 * failed (it was left saying "recording"). Random bytes, so a compressing file system keeps it too.
 */
export const SPACE_RESERVE = '.space-reserve.partial';

/** Sets the reserve aside; best effort (a disk already that full fails the run soon enough). */
export async function reserveSpace(dir: string, bytes = 1 << 20): Promise<void> {
  const file = path.join(dir, SPACE_RESERVE);
  await fs.writeFile(file, randomBytes(bytes)).catch(() => fs.rm(file, { force: true }).catch(() => undefined));
}

/** Gives the reserve back (the run has ended, whichever way). */
export async function releaseSpace(dir: string): Promise<void> {
  await fs.rm(path.join(dir, SPACE_RESERVE), { force: true }).catch(() => undefined);
}

/** Lists a profile's runs, newest first, with their status (only `done` ones are complete). */
export async function listRuns(dataDir: string, profile: string): Promise<Array<{ dir: string; status: RunStatus; manifest: Manifest }>> {
  const base = recordingsDir(dataDir, profile);
  let names: string[] = [];
  try {
    names = await fs.readdir(base);
  } catch {
    return [];
  }
  const out: Array<{ dir: string; status: RunStatus; manifest: Manifest }> = [];
  for (const n of names.sort().reverse()) {
    try {
      const manifest = await readManifest(path.join(base, n));
      out.push({ dir: path.join(base, n), status: manifest.status, manifest });
    } catch {
      // not a run folder (or damaged): skipped, never presented as a recording
    }
  }
  return out;
}

/**
 * Whether a run marked recording or composing is still being written: its recording process
 * is alive on this computer. A run from another computer (a copied data folder) counts as live.
 */
export function runIsLive(m: Pick<Manifest, 'status' | 'owner'>, host = os.hostname()): boolean {
  if (m.status !== 'recording' && m.status !== 'composing') return false;
  if (!m.owner) return false;
  return m.owner.host !== host || processAlive(m.owner.pid);
}

/**
 * Marks the profile's runs whose recording process is gone while they still say recording or
 * composing (it was killed, the computer went down): failed, with why. Returns their folders.
 */
export async function markInterrupted(dataDir: string, profile: string): Promise<string[]> {
  const out: string[] = [];
  for (const r of await listRuns(dataDir, profile)) {
    const m = r.manifest;
    if ((m.status !== 'recording' && m.status !== 'composing') || runIsLive(m)) continue;
    m.error = {
      message: `interrupted: the process recording it${m.owner ? ` (pid ${m.owner.pid})` : ''} ended while it was ${m.status}`,
      hint: 'record again; the lane files it wrote are kept in this folder',
      stage: m.status === 'recording' ? 'steps' : 'compose',
    };
    m.status = 'failed';
    // The space a killed run kept aside is no use to anyone now.
    await releaseSpace(r.dir);
    await writeManifest(r.dir, m).catch(() => undefined);
    out.push(r.dir);
  }
  return out;
}
