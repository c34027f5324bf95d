// Proves the file lock runs one holder at a time, takes over dead or stale locks, and always frees itself.
import { mkdtemp, readFile, readdir, rm, writeFile, access } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withFileLock } from '../../../app/common/file-lock';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ra-lock-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the file lock', () => {
  it('runs one holder at a time, in order of arrival or not, and leaves nothing behind', async () => {
    const file = path.join(dir, 'a.lock');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        withFileLock(file, async () => {
          most = Math.max(most, ++inside);
          await new Promise((r) => setTimeout(r, 3));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    await expect(access(file)).rejects.toThrow();
  });

  it('takes over a lock whose process is gone, and one that is too old', async () => {
    const file = path.join(dir, 'b.lock');
    await writeFile(file, JSON.stringify({ pid: 2 ** 22 + 777, host: os.hostname(), at: Date.now() }));
    expect(await withFileLock(file, async () => 'ran')).toBe('ran');
    await writeFile(file, JSON.stringify({ pid: process.pid, host: 'another-computer', at: Date.now() - 120_000 }));
    expect(await withFileLock(file, async () => 'ran again', { staleMs: 60_000 })).toBe('ran again');
  });

  it('clears what killed holders left beside the lock, and nothing of a live one', async () => {
    const sub = await mkdtemp(path.join(dir, 'left-'));
    const file = path.join(sub, 'c.lock');
    const gone = 2 ** 22 + 778; // above the kernel's pid maximum: certainly not running
    const left = [`c.lock.${gone}.0a1b2c3d.new`, `c.lock.${gone}.0a1b2c3e.stale`];
    const live = `c.lock.${process.pid}.0a1b2c3f.new`;
    const other = 'd.lock.4194999.0a1b2c3d.new'; // another lock's: not this one's to clear
    for (const f of [...left, live, other]) await writeFile(path.join(sub, f), '{}');
    await withFileLock(file, async () => undefined);
    expect((await readdir(sub)).sort()).toEqual([live, other].sort());
  });

  it('waits for a live holder, then says who holds it; it frees the lock even when the work fails', async () => {
    const file = path.join(dir, 'c.lock');
    const held = JSON.stringify({ pid: process.pid, host: os.hostname(), at: Date.now() });
    await writeFile(file, held);
    await expect(withFileLock(file, async () => 'never', { timeoutMs: 150, what: 'profile "acme"' })).rejects.toThrow(
      `profile "acme" is being changed by another process (pid ${process.pid})`,
    );
    expect(await readFile(file, 'utf8')).toBe(held);
    await rm(file);
    await expect(withFileLock(file, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(access(file)).rejects.toThrow();
  });
});
