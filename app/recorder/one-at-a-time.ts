// One recording or compose at a time per data folder, across processes: the app, the CLI, a second terminal.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { lockHolder, withFileLock, type LockHolder } from '../common/file-lock';
import { UserError } from '../common/errors';

/** The lock a recording or compose holds while it runs; a person may delete it when nothing runs. */
export function heavyJobLock(dataDir: string): string {
  return path.join(dataDir, '.recording.lock');
}

/**
 * Where a compose of `runDir` takes its turn: the data folder of a run laid out as
 * `<data>/recordings/<profile>/<run>`; a run copied elsewhere only waits for other composes of itself.
 */
export function lockFolderOfRun(runDir: string): string {
  const abs = path.resolve(runDir);
  const recordings = path.dirname(path.dirname(abs));
  return path.basename(recordings) === 'recordings' ? path.dirname(recordings) : abs;
}

/**
 * Runs `fn` as the only recording or compose of `dataDir`, or refuses at once. Both take the
 * screen and both cores for minutes: a second one started beside it would spoil both takes'
 * timing, as the app already refuses within one process (api/job-state.ts HEAVY_JOBS).
 * A holder whose process has ended is taken over; six hours covers a pid reused after a crash.
 */
export async function oneAtATime<T>(dataDir: string, doing: string, fn: () => Promise<T>): Promise<T> {
  await fs.mkdir(dataDir, { recursive: true });
  const file = heavyJobLock(dataDir);
  let started = false;
  try {
    return await withFileLock(
      file,
      () => {
        started = true;
        return fn();
      },
      { timeoutMs: 0, staleMs: STALE_MS, doing, busy: (h) => new UserError('conflict', busyMessage(h), { hint: busyHint(file) }) },
    );
  } catch (e) {
    // A lock that cannot be written (a full or read-only disk) guards nothing: the job runs and
    // says the disk's problem in its own words, its run folder marked as such.
    if (!started && UNWRITABLE.has((e as NodeJS.ErrnoException).code ?? '')) return fn();
    throw e;
  }
}

const UNWRITABLE = new Set(['ENOSPC', 'EROFS', 'EACCES', 'EPERM', 'EDQUOT']);

const STALE_MS = 6 * 3600_000;

/**
 * The recording or compose another process runs with `dataDir` now (what, which process, since
 * when) and what to do, for doctor; or null. This process's own jobs are the app's to show.
 */
export async function runningElsewhere(dataDir: string): Promise<{ who: string; hint: string } | null> {
  const file = heavyJobLock(dataDir);
  const h = await lockHolder(file, STALE_MS);
  if (!h || (h.pid === process.pid && h.host === os.hostname())) return null;
  return { who: holderInWords(h), hint: busyHint(file) };
}

function holderInWords(h: LockHolder): string {
  const where = h.host !== os.hostname() ? ` on ${h.host}` : '';
  return `${h.doing ?? 'a recording'}, process ${h.pid}${where}, since ${new Date(h.at).toTimeString().slice(0, 5)}`;
}

function busyMessage(h: LockHolder | null): string {
  return `another recording or compose is running with this data folder${h ? ` (${holderInWords(h)})` : ''}: one at a time, as each needs the whole machine`;
}

const busyHint = (file: string) =>
  `wait for it to finish, or cancel it (Ctrl-C in its terminal, or Cancel on its Recorder screen); if none is running, delete ${file}`;
