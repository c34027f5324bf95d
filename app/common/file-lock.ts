// An exclusive lock between processes (and within one) on a file path, with a stale-lock rule.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from './errors';
import { processAlive } from './fs-probe';
import { escapeRegExp } from './escape-regexp';

const HolderSchema = z.object({ pid: z.number().int(), host: z.string(), at: z.number(), doing: z.string().optional() });
export type LockHolder = z.infer<typeof HolderSchema>;

export interface LockOptions {
  /** Give up after this long (the holder is alive and busy). */
  timeoutMs?: number;
  /** A lock older than this is taken over even if its process seems alive (a reused pid). */
  staleMs?: number;
  /** What is locked, for the message when it cannot be had. */
  what?: string;
  /** What the holder does, written into the lock for whoever finds it held. */
  doing?: string;
  /** The error when the lock cannot be had in time (default: "… is being changed by another process"). */
  busy?: (holder: LockHolder | null) => UserError;
}

/** Whether a lock left behind can be taken over: its process is gone (same computer), it is unreadable, or too old. */
function stale(h: LockHolder | null, staleMs: number, now: number): boolean {
  if (!h) return true;
  if (now - h.at > staleMs) return true;
  return h.host === os.hostname() && !processAlive(h.pid);
}

async function readHolder(file: string): Promise<LockHolder | null> {
  try {
    const r = HolderSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
    return r.success ? r.data : null;
  } catch (e) {
    // Gone meanwhile: free. Half-written by a process that died: stale (null).
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw e;
    return null;
  }
}

/** Who holds `file` now, when a live holder does (a stale or absent lock: null); nothing is taken. */
export async function lockHolder(file: string, staleMs: number): Promise<LockHolder | null> {
  const h = await readHolder(file).catch(() => null);
  return h && !stale(h, staleMs, Date.now()) ? h : null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Removes what holders killed between two steps left beside the lock: `<lock>.<pid>.<hex>.new`
 * (killed before linking it) and `<lock>.<pid>.<hex>.stale` (killed before removing a stale lock
 * it had moved away), when their process is gone. Without this, each kill could leave one behind for good.
 */
async function sweepLeftovers(file: string): Promise<void> {
  const dir = path.dirname(file);
  const re = new RegExp(`^${escapeRegExp(path.basename(file))}\\.(\\d+)\\.[0-9a-f]+\\.(?:new|stale)$`);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const f of names) {
    const m = re.exec(f);
    if (m && !processAlive(Number(m[1]))) await fs.rm(path.join(dir, f), { force: true });
  }
}

/**
 * Runs `fn` holding `<file>`: created exclusively with the holder's pid, host and time,
 * removed afterwards. A lock whose process is gone, or older than `staleMs`, is taken over by
 * renaming it away first, so two waiters cannot both take it over.
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, o: LockOptions = {}): Promise<T> {
  const timeoutMs = o.timeoutMs ?? 15_000;
  const staleMs = o.staleMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let mine = '';
  for (let attempt = 0; ; attempt++) {
    // Written whole under a name of its own, then linked into place: a lock is never seen empty,
    // and link fails when another holder is there.
    mine = JSON.stringify({ pid: process.pid, host: os.hostname(), at: Date.now(), ...(o.doing ? { doing: o.doing } : {}) });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.new`;
    await fs.writeFile(tmp, mine, { mode: 0o600 });
    try {
      await fs.link(tmp, file);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      await fs.rm(tmp, { force: true });
    }
    let holder: LockHolder | null;
    try {
      holder = await readHolder(file);
    } catch {
      continue; // released meanwhile
    }
    if (stale(holder, staleMs, Date.now())) {
      const away = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
      await fs.rename(file, away).then(
        () => fs.rm(away, { force: true }),
        () => undefined,
      );
      continue;
    }
    if (Date.now() >= deadline) {
      if (o.busy) throw o.busy(holder);
      throw new UserError('conflict', `${o.what ?? file} is being changed by another process (pid ${holder?.pid ?? '?'})`, {
        hint: 'wait for it to finish, then try again',
      });
    }
    await sleep(Math.min(100, 5 + attempt * 5) + Math.random() * 10);
  }
  await sweepLeftovers(file);
  try {
    return await fn();
  } finally {
    // Only our own: a lock taken over as stale meanwhile belongs to its new holder.
    if ((await fs.readFile(file, 'utf8').catch(() => '')) === mine) await fs.rm(file, { force: true });
  }
}
