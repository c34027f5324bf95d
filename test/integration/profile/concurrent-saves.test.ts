// Proves no profile save is lost when several processes and calls save one profile at once; a stale save is refused as a conflict.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileStore } from '../../../app/profile/store';

/**
 * Saves from several processes (the CLI, browser mode and the desktop app share one data folder)
 * and from one process at once: none is lost. A load → change → save that raced another save is
 * refused as a conflict, never written over it; a change made in one go (`update`) always lands.
 */
const run = promisify(execFile);
const WORKER = path.join(__dirname, 'concurrent-saves.worker.ts');
let data: string;
let store: ProfileStore;

beforeAll(async () => {
  data = await mkdtemp(path.join(os.tmpdir(), 'ra-saves-'));
  store = new ProfileStore(data, { unlock: () => Promise.reject(new Error('no secrets here')) });
});
afterAll(async () => {
  await rm(data, { recursive: true, force: true });
});

async function procs(name: string, count: number, n: number, mode: 'update' | 'save'): Promise<Array<{ saved: number; conflicts: number }>> {
  const outs = await Promise.all(
    Array.from({ length: count }, (_, k) =>
      run(process.execPath, ['--import', 'tsx', WORKER, data, name, `p${k}`, String(n), mode], { cwd: path.resolve(__dirname, '../../..') }),
    ),
  );
  return outs.map((o) => JSON.parse(o.stdout) as { saved: number; conflicts: number });
}

describe('saving one profile from many places at once', () => {
  it('16 changes made in one go at the same moment, in one process: all 16 saved', async () => {
    await store.create('ticks');
    await Promise.all(
      Array.from({ length: 16 }, (_, i) => store.update('ticks', (p) => ({ ...p, setup: { done: { ...p.setup.done, [`step-${i}`]: true } } }))),
    );
    expect(Object.keys((await store.load('ticks')).setup.done)).toHaveLength(16);
  });

  it('eight processes updating in one go: every change lands', async () => {
    await store.create('updates');
    const r = await procs('updates', 8, 15, 'update');
    expect(r.reduce((a, b) => a + b.saved, 0)).toBe(120);
    expect(Object.keys((await store.load('updates')).setup.done)).toHaveLength(120);
  });

  it('two processes loading, changing and saving: each save either lands or is refused as a conflict, none is lost', async () => {
    await store.create('racing');
    const r = await procs('racing', 2, 60, 'save');
    const saved = r.reduce((a, b) => a + b.saved, 0);
    expect(saved + r.reduce((a, b) => a + b.conflicts, 0)).toBe(120);
    expect(Object.keys((await store.load('racing')).setup.done)).toHaveLength(saved);
    // No lock is left behind.
    expect((await readdir(path.join(data, 'profiles'))).filter((f) => f.endsWith('.lock'))).toEqual([]);
  });
});
