// Proves a recording or compose runs alone in its data folder across processes, refuses at once with who holds it, and frees its lock.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../../app/common/errors';
import { lockFolderOfRun, heavyJobLock, oneAtATime, runningElsewhere } from '../../../app/recorder/one-at-a-time';

let root: string;
let other: ChildProcess;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-one-'));
  // Another process on this computer, alive for the test: the holder of a lock it "took".
  other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
});
afterAll(async () => {
  other.kill('SIGKILL');
  await fs.rm(root, { recursive: true, force: true });
});

const holdBy = (dataDir: string, pid: number, doing = 'recording "acme"') =>
  fs.writeFile(heavyJobLock(dataDir), JSON.stringify({ pid, host: os.hostname(), at: Date.now() - 90_000, doing }));

describe('one recording or compose at a time per data folder', () => {
  it('refuses at once while another live process holds it, naming what it does and how to go on; nothing of its own runs', async () => {
    const data = path.join(root, 'held');
    await fs.mkdir(data, { recursive: true });
    await holdBy(data, other.pid!);
    let ran = false;
    const err = await oneAtATime(data, 'recording "sample"', async () => (ran = true)).catch((e: unknown) => e);
    expect(ran).toBe(false);
    expect(isUserError(err) && err.kind).toBe('conflict');
    const e = err as Error & { hint?: string };
    expect(e.message).toContain('another recording or compose is running with this data folder');
    expect(e.message).toContain('recording "acme"');
    expect(e.message).toContain(`process ${other.pid}`);
    expect(e.hint).toContain('Ctrl-C');
    expect(e.hint).toContain(heavyJobLock(data));
    // The holder's lock is untouched.
    expect(JSON.parse(await fs.readFile(heavyJobLock(data), 'utf8')).pid).toBe(other.pid);
  });

  it('takes over the lock of a process that has ended (a recording killed with -9), then frees it, also after a failure', async () => {
    const data = path.join(root, 'dead');
    await fs.mkdir(data, { recursive: true });
    await holdBy(data, 2 ** 22 + 4321);
    expect(await oneAtATime(data, 'composing x', async () => JSON.parse(await fs.readFile(heavyJobLock(data), 'utf8')).doing)).toBe('composing x');
    await expect(fs.access(heavyJobLock(data))).rejects.toThrow();
    await expect(
      oneAtATime(data, 'composing x', async () => {
        throw new Error('ffmpeg failed');
      }),
    ).rejects.toThrow('ffmpeg failed');
    await expect(fs.access(heavyJobLock(data))).rejects.toThrow();
  });

  it('lets a second one in the same process wait for nothing: refused while the first runs, welcome after', async () => {
    const data = path.join(root, 'two');
    let release!: () => void;
    const first = oneAtATime(data, 'recording "a"', () => new Promise<string>((r) => (release = () => r('first'))));
    await new Promise((r) => setTimeout(r, 50));
    await expect(oneAtATime(data, 'recording "b"', async () => 'second')).rejects.toThrow(/recording "a"/);
    release();
    expect(await first).toBe('first');
    expect(await oneAtATime(data, 'recording "b"', async () => 'second')).toBe('second');
  });

  it("tells doctor of another process's recording, not of its own or of a dead one's", async () => {
    const data = path.join(root, 'doctor');
    await fs.mkdir(data, { recursive: true });
    expect(await runningElsewhere(data)).toBeNull();
    await holdBy(data, other.pid!);
    expect(await runningElsewhere(data)).toEqual({
      who: expect.stringMatching(new RegExp(`^recording "acme", process ${other.pid}, since \\d\\d:\\d\\d$`)),
      hint: expect.stringContaining(heavyJobLock(data)),
    });
    await holdBy(data, process.pid);
    expect(await runningElsewhere(data)).toBeNull();
    await holdBy(data, 2 ** 22 + 4321);
    expect(await runningElsewhere(data)).toBeNull();
    await oneAtATime(data, 'recording "mine"', async () => expect(await runningElsewhere(data)).toBeNull());
  });

  it("runs the job without the lock on a disk too full to hold it: the job says the disk's problem itself", async (t) => {
    const data = path.join(root, 'full');
    await fs.mkdir(data, { recursive: true });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', data]);
    } catch (e) {
      return t.skip(`a full disk needs a size-limited tmpfs, which needs root: ${(e as Error).message.split('\n')[0]}`);
    }
    try {
      await fs.writeFile(path.join(data, 'ballast'), Buffer.alloc(1 << 20)).catch(() => undefined);
      await expect(fs.writeFile(path.join(data, 'probe'), 'x')).rejects.toThrow(/ENOSPC/);
      expect(await oneAtATime(data, 'composing x', async () => 'ran')).toBe('ran');
    } finally {
      execFileSync('umount', [data]);
    }
  });

  it('finds the data folder of a run folder; a run copied elsewhere holds its own lock', () => {
    expect(lockFolderOfRun('/d/data/recordings/sample/2026-12-06T22-00-00-000Z')).toBe(path.resolve('/d/data'));
    expect(lockFolderOfRun('/home/me/Desktop/run-copy')).toBe(path.resolve('/home/me/Desktop/run-copy'));
  });
});
