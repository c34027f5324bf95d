// Proves the watchdog ends the helpers a process leaves running, on an orderly exit too, and nothing it was not given.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { itNeeding } from '../../needs';

const REAPER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../app/common/reaper.ts');

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Runs a child that starts two `sleep`s, registers only the first, and exits normally; their pids. */
async function orderlyExit(): Promise<{ registered: number; other: number }> {
  const code = `
    import { spawn } from 'node:child_process';
    import { reapOnDeath } from ${JSON.stringify(REAPER)};
    const a = spawn('sleep', ['30'], { stdio: 'ignore', detached: true });
    const b = spawn('sleep', ['30'], { stdio: 'ignore', detached: true });
    reapOnDeath(a, { group: true });
    a.unref(); b.unref();
    console.log(JSON.stringify({ registered: a.pid, other: b.pid }));
    setTimeout(() => process.exit(0), 300);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  await new Promise((r) => child.once('exit', r));
  return JSON.parse(out.trim()) as { registered: number; other: number };
}

describe('the watchdog of helpers', () => {
  itNeeding(process.platform === 'win32' ? 'POSIX process groups' : null)(
    'kills a registered helper still running at an orderly exit, and leaves an unregistered process alone',
    async () => {
      const { registered, other } = await orderlyExit();
      try {
        for (let i = 0; i < 50 && alive(registered); i++) await new Promise((r) => setTimeout(r, 100));
        expect(alive(registered), 'the helper left running by an orderly exit').toBe(false);
        expect(alive(other), 'a process never given to the watchdog').toBe(true);
      } finally {
        for (const pid of [registered, other]) if (alive(pid)) process.kill(pid, 'SIGKILL');
      }
    },
    20_000,
  );
});
