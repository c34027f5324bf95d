// Proves a profile save killed with SIGKILL at any moment always leaves a readable profile.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileStore } from '../../../app/profile/store';
import { passphraseWrapper, Vault } from '../../../app/profile/vault';

const FAST = { logN: 10, r: 8, p: 1 };
const script = fileURLToPath(new URL('./fixtures/save-loop.ts', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ra-kill-'));
  await Vault.create(dir, passphraseWrapper('correct horse', FAST));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const open = () => new ProfileStore(dir, { unlock: () => Vault.open(dir, passphraseWrapper('correct horse', FAST)) });

/** Starts the save loop, waits for `saves` finished saves plus a random few ms, then SIGKILLs it. */
function runAndKill(saves: number, extraMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let last = 0;
    let stderr = '';
    let killing = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line) last = Number(line);
      if (!killing && last >= saves) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`save loop ended by itself (code ${code}): ${stderr}`));
    });
  });
}

describe('ProfileStore under SIGKILL', () => {
  it('always leaves a readable profile: the last finished save or the one in flight', async () => {
    const store = open();
    await store.create(undefined, { sample: true });
    for (let round = 0; round < 6; round++) {
      const finished = await runAndKill(5 + round * 7, Math.floor(Math.random() * 15));
      const p = await open().load('sample');
      const n = Number(/^version (\d+)$/.exec(p.title)?.[1]);
      // Either the last save it reported, or one it completed but had no time to report.
      expect(n === finished || n === finished + 1).toBe(true);
      expect(p.reviewer.operator.password).toBe(`password-${n}`);
      const bak = await open().loadBackup('sample');
      expect(bak.title).toMatch(/^(version \d+|Sample submission \(demo sandbox\))$/);
      // Every non-temp file in the folder is a complete profile or backup.
      const files = (await readdir(store.profilesDir)).filter((f) => !f.startsWith('.'));
      expect(files.sort()).toEqual(['sample.json', 'sample.json.bak']);
    }
    // The next save clears temp files the killed writers left behind.
    const s = open();
    // Plus one left by a writer that is certainly gone (a pid above the kernel's maximum).
    await writeFile(path.join(store.profilesDir, '.sample.json.4194305.abcd1234.tmp'), '{"half":');
    await s.save(await s.load('sample'));
    expect((await readdir(store.profilesDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
