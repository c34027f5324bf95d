// Runs the tests after typecheck and lint: the UI tests beside the main tests (both mostly wait on browsers), then the timing tests alone on a quiet machine.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** A tool's own script, run by this Node (`node_modules/.bin` holds shell shims on Windows, which spawn cannot run). */
const TOOL = { vitest: 'node_modules/vitest/vitest.mjs', playwright: 'node_modules/@playwright/test/cli.js' };
const tool = (name, ...args) => [process.execPath, [path.join(ROOT, TOOL[name]), ...args]];
const E2E_LOG = path.join(ROOT, 'test-results', 'e2e-output.log');

/**
 * The children still running, each in a process group of its own: a signal to us (Ctrl+C, a CI
 * timeout) is passed to the whole group once, as a terminal's Ctrl+C reaches a command run alone
 * (vitest told alone leaves its workers running), and we wait for them to finish cleaning up.
 */
const running = new Set();
// On Windows a detached child gets a console window of its own, not a process group.
const GROUPS = process.platform !== 'win32';
let stoppedBy;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (stoppedBy) return;
    stoppedBy = sig;
    const toGroups = (s) => {
      for (const child of running) {
        try {
          if (GROUPS) process.kill(-child.pid, s);
          else child.kill(s);
        } catch {
          // it has gone already
        }
      }
    };
    toGroups(sig);
    setTimeout(() => toGroups('SIGKILL'), 30_000).unref();
  });
}

/**
 * Runs one test command; its output goes to the terminal as it comes, or, for a command that
 * runs beside another, to a log that is printed whole once it ends (two reporters interleaved
 * line by line could not be read).
 */
function run(what, command, args, o = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: ['ignore', o.log ? 'pipe' : 'inherit', o.log ? 'pipe' : 'inherit'],
      env: process.env,
      detached: GROUPS,
    });
    running.add(child);
    let out = '';
    if (o.log) {
      mkdirSync(path.dirname(o.log), { recursive: true });
      const file = createWriteStream(o.log);
      for (const s of [child.stdout, child.stderr]) {
        s.on('data', (b) => {
          out += b;
          file.write(b);
        });
      }
      child.on('close', () => file.end());
    }
    const done = (code, error) => {
      running.delete(child);
      resolve({ what, ok: code === 0, code, error, sec: Math.round((Date.now() - started) / 1000), out });
    };
    child.on('error', (e) => done(null, e.message));
    child.on('close', (code) => done(code));
  });
}

const results = [];
// The UI tests run one browser at a time, so beside the main tests' two workers the machine
// stays busy rather than overloaded; the timing tests wait for both, as they need the machine quiet.
const [main, e2e] = await Promise.all([
  run('main tests (vitest, unit, integration, reliability)', ...tool('vitest', 'run', '--project', 'main')),
  run('UI tests (Playwright)', ...tool('playwright', 'test', '--pass-with-no-tests'), { log: E2E_LOG }),
]);
results.push(main, e2e);
process.stdout.write(`\n── ${e2e.what}, run beside the main tests (also in ${path.relative(ROOT, E2E_LOG)}) ──\n${e2e.out}\n`);
if (!stoppedBy) results.push(await run('timing tests (vitest, alone)', ...tool('vitest', 'run', '--project', 'timing')));

process.stdout.write('\n');
for (const r of results) process.stdout.write(`${r.ok ? 'passed' : 'FAILED'}  ${r.what} in ${r.sec} s${r.error ? ` (${r.error})` : ''}\n`);
if (stoppedBy) process.stdout.write(`stopped by ${stoppedBy}: the timing tests did not run\n`);
process.exit(stoppedBy ? 130 : results.every((r) => r.ok) ? 0 : 1);
