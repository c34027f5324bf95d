// Writes the submission bundle folder (texts, videos, posters, check report) and its zip, never over a folder it did not write.
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { UserError } from '../../common/errors';
import type { ProgressListener } from '../../common/progress';
import type { Profile } from '../../profile/schema';
import { resolveFfmpegTools } from '../../media/tools';
import { formatCheckMarkdown } from '../checks/format';
import type { RecordingFacts, VideoFacts } from '../checks/recording-facts-schema';
import type { CheckReport, ReviewTexts } from '../checks/types';
import { DEMO_FILE, REPORT_FILE, clipFile, descriptionFile, renderReadme, renderReportHtml, type BundleContents } from './documents';
import { posterDataUrl } from './poster';
import { INSTRUCTIONS_FILE, forbiddenValues, leakError, listFiles, redact, scanFolder } from './secrets';
import { pathExists } from '../../common/fs-probe';

export interface ExportOptions {
  profile: Profile;
  texts: ReviewTexts;
  report: CheckReport;
  /** The recording whose videos go into the bundle; without it the bundle holds texts and checks only. */
  recording?: RecordingFacts | undefined;
  /** The bundle folder. Must not exist, or be empty (or `force`). */
  outDir: string;
  /** Also write `<outDir>.zip`. */
  zip?: boolean;
  /** Replace an existing non-empty folder (and zip). */
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  now?: Date;
}

export interface ExportResult {
  folder: string;
  zip: string | null;
  /** Bundle-relative paths, sorted. */
  files: string[];
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await fs.readdir(dir)).length === 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR')
      throw new UserError('conflict', `${dir} is a file, not a folder`, { hint: 'choose another --out folder' });
    throw e;
  }
}

/** Marks a folder as a bundle this app wrote: the only kind of folder `force` may replace. */
export const BUNDLE_MARK = '.review-assistant-bundle';

/** `force` replaces an earlier bundle, never any other folder (`--out .` once emptied the working folder). */
async function assertReplaceable(dir: string): Promise<void> {
  if ((await isEmptyOrMissing(dir)) || (await pathExists(path.join(dir, BUNDLE_MARK)))) return;
  throw new UserError('conflict', `${dir} is not a bundle this app wrote, so --force does not replace it`, {
    hint: 'choose a new or empty --out folder; --force only replaces an earlier export',
  });
}

function checkAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new UserError('cancelled', 'the export was cancelled');
}

/** Writes `<folder>.zip` from the finished folder: temp file, then rename. */
export async function zipFolder(folder: string, zipPath: string, files: readonly string[]): Promise<void> {
  const tmp = `${zipPath}.${randomBytes(4).toString('hex')}.partial`;
  const zip = new yazl.ZipFile();
  for (const rel of files) {
    // Videos are already compressed: store them, deflate the texts.
    zip.addFile(path.join(folder, ...rel.split('/')), rel, { compress: !rel.endsWith('.mp4') });
  }
  zip.end();
  try {
    await pipeline(zip.outputStream, createWriteStream(tmp, { mode: 0o644 }));
    await fs.rename(tmp, zipPath);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw new UserError('io', `could not write ${zipPath}: ${(e as Error).message}`, {
      hint: 'check the free space and that the folder is writable',
      cause: e,
    });
  }
}

/**
 * Writes the submission bundle: texts, videos, captions, checks and a printable report.
 * Everything is written into a temporary sibling folder, scanned for secrets, and only
 * then renamed into place, so a reader never sees a half-written bundle and a leak stops
 * the export with nothing written.
 */
export async function exportBundle(o: ExportOptions): Promise<ExportResult> {
  const outDir = path.resolve(o.outDir);
  const zipPath = o.zip ? `${outDir}.zip` : null;
  const progress: Progress = (fraction, message) => o.onProgress?.({ stage: 'export', fraction, message });
  await assertFreeTarget(outDir, zipPath, o.force === true);
  const stage = await stagingFolder(outDir);
  try {
    const forbidden = forbiddenValues(o.profile);
    const createdAt = o.now ?? new Date();
    progress(0.02, 'Writing the texts');
    await writeTexts(stage.write, o);
    checkAborted(o.signal);
    const videos = o.recording ? await copyRecording(stage, o.recording, o, forbidden, progress) : noVideos();
    progress(0.75, 'Writing the README and the report');
    await writeReadmeAndReport(stage.write, o, videos, forbidden, createdAt);

    progress(0.85, 'Scanning the bundle for secrets');
    const leaks = await scanFolder(stage.dir, forbidden);
    if (leaks.length) throw leakError(leaks);
    checkAborted(o.signal);

    const files = await listFiles(stage.dir);
    await fs.writeFile(path.join(stage.dir, BUNDLE_MARK), JSON.stringify({ app: 'App Review Assistant', createdAt: createdAt.toISOString() }) + '\n', {
      mode: 0o644,
    });
    await moveIntoPlace(stage.dir, outDir, o.force === true);
    if (zipPath) {
      progress(0.9, 'Writing the zip');
      if (o.force) await fs.rm(zipPath, { force: true });
      await zipFolder(outDir, zipPath, files);
    }
    progress(1, 'Bundle written');
    return { folder: outDir, zip: zipPath, files };
  } catch (e) {
    await fs.rm(stage.dir, { recursive: true, force: true });
    throw e;
  }
}

type Progress = (fraction: number, message: string) => void;
type Forbidden = ReturnType<typeof forbiddenValues>;

/** The folder must be new or empty, or an earlier bundle with `force`; the zip likewise. */
async function assertFreeTarget(outDir: string, zipPath: string | null, force: boolean): Promise<void> {
  if (!(await isEmptyOrMissing(outDir)) && !force) {
    throw new UserError('conflict', `${outDir} already exists and is not empty`, { hint: 'choose another --out folder, or add --force to replace it' });
  }
  if (force) await assertReplaceable(outDir);
  if (zipPath && (await pathExists(zipPath)) && !force)
    throw new UserError('conflict', `${zipPath} already exists`, { hint: 'choose another --out folder, or add --force to replace it' });
}

/** The temporary sibling folder the bundle is written in, and a writer of its files by bundle-relative path. */
interface Staging {
  dir: string;
  write(rel: string, data: string): Promise<void>;
}

async function stagingFolder(outDir: string): Promise<Staging> {
  const parent = path.dirname(outDir);
  try {
    await fs.mkdir(parent, { recursive: true });
  } catch (e) {
    throw new UserError('io', `cannot create ${parent}: ${(e as Error).message}`, { hint: 'choose a writable --out folder', cause: e });
  }
  const dir = path.join(parent, `.${path.basename(outDir)}.${randomBytes(4).toString('hex')}.partial`);
  await fs.mkdir(dir, { recursive: true });
  return {
    dir,
    async write(rel, data) {
      const file = path.join(dir, ...rel.split('/'));
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, data, { mode: 0o644 });
    },
  };
}

/** Each permission's description, the reviewer instructions and the checks. */
async function writeTexts(write: Staging['write'], { profile: p, texts, report }: ExportOptions): Promise<void> {
  for (const perm of p.permissions) await write(descriptionFile(perm.id), (texts.descriptions[perm.id] ?? '').trim() + '\n');
  await write(INSTRUCTIONS_FILE, texts.reviewerInstructions.trim() + '\n');
  await write('checks.json', JSON.stringify(report, null, 2) + '\n');
  await write('checks.md', formatCheckMarkdown(report));
}

/** What of the recording went into the bundle. */
interface BundledVideos {
  clips: string[];
  hasDemo: boolean;
  hasCaptions: boolean;
  posters: Record<string, string | null>;
}

const noVideos = (): BundledVideos => ({ clips: [], hasDemo: false, hasCaptions: false, posters: {} });

/** The demo and the per-permission clips with a poster each, and the captions with the recording-only logins hidden. */
async function copyRecording(stage: Staging, recording: RecordingFacts, o: ExportOptions, forbidden: Forbidden, progress: Progress): Promise<BundledVideos> {
  const bundled = noVideos();
  const tools = resolveFfmpegTools();
  const videos: { key: string; from: VideoFacts; to: string }[] = [];
  if (recording.demo) videos.push({ key: 'demo', from: recording.demo, to: DEMO_FILE });
  for (const perm of o.profile.permissions) {
    const clip = recording.clips[perm.id];
    if (clip) videos.push({ key: perm.id, from: clip, to: clipFile(perm.id) });
  }
  await fs.mkdir(path.join(stage.dir, 'videos'), { recursive: true });
  for (const [i, v] of videos.entries()) {
    progress(0.1 + (0.6 * i) / Math.max(1, videos.length), `Copying ${v.to}`);
    await fs.copyFile(v.from.path, path.join(stage.dir, ...v.to.split('/')));
    bundled.posters[v.key] = await posterDataUrl(tools, v.from, o.signal);
    if (v.key === 'demo') bundled.hasDemo = true;
    else bundled.clips.push(v.key);
    checkAborted(o.signal);
  }
  const srt = path.join(recording.folder, 'captions.srt');
  if (await pathExists(srt)) {
    // Captions may name the recording-only logins (e.g. "enters the login admin@…"): hide them in the copy we hand over.
    await stage.write(
      'captions.srt',
      redact(
        await fs.readFile(srt, 'utf8'),
        forbidden.filter((f) => f.allowedIn.length === 0),
      ),
    );
    bundled.hasCaptions = true;
  }
  return bundled;
}

async function writeReadmeAndReport(
  write: Staging['write'],
  { profile: p, texts, report }: ExportOptions,
  { clips, hasDemo, hasCaptions, posters }: BundledVideos,
  forbidden: Forbidden,
  createdAt: Date,
): Promise<void> {
  // The setup notes are for the integrator and may name the Test User (to add it as a tester); the bundle keeps that to the instructions.
  const setupNotes = redact(
    redact(
      texts.setupNotes ?? '',
      forbidden.filter((f) => f.allowedIn.length === 0),
    ),
    forbidden.filter((f) => f.allowedIn.length > 0),
    `[see ${INSTRUCTIONS_FILE}]`,
  );
  const contents: BundleContents = { profile: p, texts: { ...texts, setupNotes }, report, clips, hasDemo, hasCaptions, createdAt };
  await write('README.md', renderReadme(contents));
  await write(REPORT_FILE, renderReportHtml(contents, posters, redact(texts.reviewerInstructions.trim(), forbidden, '••••••')));
}

/** Renames the finished bundle into place; the earlier bundle goes only once the new one is there. */
async function moveIntoPlace(staged: string, outDir: string, force: boolean): Promise<void> {
  const parent = path.dirname(outDir);
  const old = force && !(await isEmptyOrMissing(outDir)) ? path.join(parent, `.${path.basename(outDir)}.${randomBytes(4).toString('hex')}.old`) : null;
  if (old) await fs.rename(outDir, old);
  else await fs.rmdir(outDir).catch(() => undefined); // an empty folder the person made for the bundle
  try {
    await fs.rename(staged, outDir);
  } catch (e) {
    if (old) await fs.rename(old, outDir).catch(() => undefined);
    throw e;
  }
  if (old) await fs.rm(old, { recursive: true, force: true });
}
