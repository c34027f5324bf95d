// Saves one profile in a child process and SIGKILLs it at a random moment, N times, checking after each kill that nothing was lost or damaged.
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProfileStore } from '../../app/profile/store';
import { passphraseWrapper, Vault } from '../../app/profile/vault';

const FAST = { logN: 10, r: 8, p: 1 };
const LOOP = fileURLToPath(new URL('./save-loop.ts', import.meta.url));

export interface KillCyclesResult {
  cycles: number;
  /** Saves the children reported finished, in all. */
  saves: number;
  /** Kills that came before the child had opened the profile (start-up, vault unlock). */
  killedStarting: number;
  /** Cycles whose profile could not be read, or whose backup could not. */
  corrupted: number;
  /** Cycles whose profile was older than the last save a child reported finished. */
  lost: number;
  /** Cycles where the next child could not save (a lock left behind that was not taken over, …). */
  blocked: number;
  /** Files other than the profile and its backup left in the folder after the final save. */
  leftAtEnd: string[];
  problems: string[];
  seconds: number;
}

interface Killed {
  /** The last save the child reported finished; -1 when it was killed before it was ready. */
  last: number;
  ready: boolean;
  stderr: string;
  code: number | null;
}

/** Where a kill lands: while the child starts (after `ms`), or `saves` saves after it is ready, then a random part of one save's time. */
type KillAt = { early: true; ms: number } | { early: false; saves: number; fraction: number };

/**
 * Starts a save loop and SIGKILLs it at `at`. The moment is measured in saves, not milliseconds,
 * so that on a loaded machine too the kill lands inside a save (anywhere in it: sealing,
 * writing the temp file, the backup, the rename, the lock) rather than before the first.
 */
function runAndKill(loop: string, dir: string, mode: 'save' | 'update', at: KillAt, interval: { ms: number }): Promise<Killed> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [loop, dir, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let last = -1;
    let ready = false;
    let stderr = '';
    let armed = false;
    let after = 0;
    let lastAt = 0;
    const arm = (ms: number) => {
      if (armed) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), ms);
    };
    if (at.early) arm(at.ms);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (!line) continue;
        const m = /^ready (\d+)$/.exec(line);
        const now = Date.now();
        if (m) {
          ready = true;
          last = Number(m[1]);
        } else {
          last = Number(line);
          after++;
          // The time one save takes here and now, smoothed.
          if (lastAt) interval.ms = interval.ms * 0.8 + (now - lastAt) * 0.2;
        }
        lastAt = now;
        if (!at.early && after >= at.saves) arm(Math.floor(at.fraction * interval.ms));
      }
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('exit', (code) => resolve({ last, ready, stderr, code }));
  });
}

const versionOf = (title: string): number => Number(/^version (\d+)$/.exec(title)?.[1] ?? 0);

export async function killCycles(opts: {
  count: number;
  /** The longest wait before a kill during start-up. */
  maxDelayMs?: number;
  log?: (line: string) => void;
}): Promise<KillCyclesResult> {
  const started = Date.now();
  const maxDelay = opts.maxDelayMs ?? 300;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ra-kill-cycles-'));
  const open = () => new ProfileStore(dir, { unlock: () => Vault.open(dir, passphraseWrapper('correct horse', FAST)) });
  const r: KillCyclesResult = { cycles: 0, saves: 0, killedStarting: 0, corrupted: 0, lost: 0, blocked: 0, leftAtEnd: [], problems: [], seconds: 0 };
  const problem = (cycle: number, what: string) => {
    r.problems.push(`cycle ${cycle}: ${what}`);
    opts.log?.(`cycle ${cycle}: ${what}`);
  };
  try {
    // Bundled once: a child started with tsx spends most of its life transpiling.
    const loop = path.join(dir, 'save-loop.mjs');
    await build({ entryPoints: [LOOP], outfile: loop, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error' });
    await Vault.create(dir, passphraseWrapper('correct horse', FAST));
    const interval = { ms: 30 };
    await open().create(undefined, { sample: true });
    let known = 0; // the newest version a child reported finished
    for (let cycle = 1; cycle <= opts.count; cycle++) {
      const mode = Math.random() < 0.5 ? 'save' : 'update';
      // One kill in ten lands while the child starts (loading, unlocking); the rest while it
      // saves: after 0–3 finished saves, at a random point of the next one.
      const early = Math.random() < 0.1;
      const at: KillAt = early
        ? { early, ms: Math.floor(Math.random() * maxDelay) }
        : { early, saves: Math.floor(Math.random() * 4), fraction: Math.random() * 1.2 };
      const k = await runAndKill(loop, dir, mode, at, interval);
      r.cycles++;
      if (k.code !== null) problem(cycle, `the save loop ended by itself (code ${k.code}): ${k.stderr.trim().split('\n').slice(-3).join(' ')}`);
      if (!k.ready) r.killedStarting++;
      if (k.ready && k.last > known) {
        r.saves += k.last - known;
        known = k.last;
      }
      let n: number;
      try {
        const p = await open().load('sample');
        n = versionOf(p.title);
        if (p.reviewer.operator.password !== `password-${n}` && n > 0) problem(cycle, `profile title says version ${n} but its password is another version's`);
      } catch (e) {
        r.corrupted++;
        problem(cycle, `the profile cannot be read: ${(e as Error).message}`);
        continue;
      }
      // The save in flight may have landed without being reported: one ahead is fine, behind is a loss.
      if (n < known) {
        r.lost++;
        problem(cycle, `profile is at version ${n}, but version ${known} was reported saved`);
      } else if (n > known + 1) problem(cycle, `profile is at version ${n}, more than one ahead of ${known}`);
      else if (n === known + 1) {
        r.saves++;
        known = n;
      }
      try {
        const bak = await open().loadBackup('sample');
        if (n > 0 && versionOf(bak.title) > n) problem(cycle, `the backup (version ${versionOf(bak.title)}) is newer than the profile (${n})`);
      } catch (e) {
        if (n > 0) {
          r.corrupted++;
          problem(cycle, `the backup cannot be read: ${(e as Error).message}`);
        }
      }
      const visible = (await readdir(path.join(dir, 'profiles'))).filter((f) => !f.startsWith('.')).sort();
      const expected = n > 0 || known > 0 ? ['sample.json', 'sample.json.bak'] : ['sample.json'];
      if (visible.join() !== expected.join()) problem(cycle, `unexpected files in the profiles folder: ${visible.join(', ')}`);
      if (cycle % 50 === 0) opts.log?.(`${cycle}/${opts.count} cycles, ${r.saves} saves, version ${known}, ${r.problems.length} problems`);
    }
    // A save after the last kill must go through (no lock left that is never taken over), and clear
    // what the killed writers left.
    try {
      const s = open();
      await s.update('sample', (p) => ({ ...p, title: `version ${versionOf(p.title) + 1}` }));
    } catch (e) {
      r.blocked++;
      problem(r.cycles, `a save after the last kill failed: ${(e as Error).message}`);
    }
    r.leftAtEnd = (await readdir(path.join(dir, 'profiles'))).filter((f) => f !== 'sample.json' && f !== 'sample.json.bak').sort();
  } finally {
    await rm(dir, { recursive: true, force: true });
    r.seconds = Math.round((Date.now() - started) / 1000);
  }
  return r;
}

// `npx tsx scripts/reliability/kill-cycles.ts [count]`: prints the figures as JSON; exits 1 on any loss.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 1000);
  if (!Number.isInteger(count) || count < 1) {
    process.stderr.write('usage: kill-cycles.ts [count]   (count: a whole number of cycles, 1000 if left out)\n');
    process.exit(2);
  }
  const r = await killCycles({ count, log: (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  process.exit(r.problems.length || r.corrupted || r.lost || r.blocked || r.leftAtEnd.length ? 1 : 0);
}
