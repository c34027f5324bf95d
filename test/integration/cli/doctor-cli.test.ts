// Proves `review-assistant doctor` and record's doctor gate through the real command: exit codes, the --json report, and a refused recording that launches nothing and leaves no run folder.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileStore } from '../../../app/profile/store';
import { passphraseWrapper, Vault } from '../../../app/profile/vault';
import { discoverBrowser } from '../../../app/recorder/browser/discover';

const execFileP = promisify(execFile);
const CLI = path.resolve(__dirname, '../../../scripts/review-assistant.mjs');
const PASS = 'doctor cli passphrase';
/** The browser doctor should find; the spy below wraps it (a shell script, so not on Windows). */
const CHROMIUM = (() => {
  try {
    return discoverBrowser({ env: process.env }).path;
  } catch {
    return undefined;
  }
})();
const CAN_RUN = !!CHROMIUM && process.platform !== 'win32';
const WHY_NOT = CAN_RUN ? '' : ' (skipped: needs Chrome or Chromium installed and a POSIX shell)';
let tmp: string;
let data: string;
/** A browser that writes down that it was started, then is Chromium: proves whether `record` launched one. */
let spyBrowser: string;
let launches: string;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return execFileP(process.execPath, [CLI, ...args], {
    env: { ...process.env, REVIEW_ASSISTANT_PASSPHRASE: PASS, REVIEW_ASSISTANT_DATA: data, ...env },
    timeout: 120_000,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

interface Report {
  ok: boolean;
  findings: Array<{ id: string; level: string; title: string; detail: string; todo?: string }>;
}

function parseReport(stdout: string): Report {
  const r = JSON.parse(stdout) as Report;
  expect(Object.keys(r).sort()).toEqual(['findings', 'ok']);
  for (const f of r.findings) {
    expect(['ok', 'warning', 'error']).toContain(f.level);
    expect(typeof f.id).toBe('string');
    expect(f.title.length).toBeGreaterThan(0);
    expect(f.detail.length).toBeGreaterThan(0);
    // What to do comes with every warning and error.
    if (f.level !== 'ok') expect(f.todo?.length, `${f.id} says what to do`).toBeGreaterThan(0);
  }
  return r;
}

beforeAll(async () => {
  if (!CAN_RUN) return;
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ra-doctor-cli-'));
  data = path.join(tmp, 'data');
  launches = path.join(tmp, 'browser-launches.txt');
  spyBrowser = path.join(tmp, 'chromium-spy');
  await writeFile(spyBrowser, `#!/bin/sh\necho "$$" >> '${launches}'\nexec '${CHROMIUM}' "$@"\n`);
  await chmod(spyBrowser, 0o755);
  const created = await cli(['profile', 'create', '--sample']);
  expect(created.code, created.stderr).toBe(0);
  // A customer's own profile (not the sample) whose Webitel host does not answer: port 9 on this computer.
  const store = new ProfileStore(data, { unlock: () => Vault.open(data, passphraseWrapper(PASS)) });
  const sample = await store.load('sample');
  await store.save({ ...sample, name: 'unreachable', sample: false, webitel: { ...sample.webitel, host: 'http://webitel.localhost:9' } }, { create: true });
}, 120_000);

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe.skipIf(!CAN_RUN)(`review-assistant doctor, through the real command${WHY_NOT}`, () => {
  it.each(['26.04', '26.08'])('against the sandbox drawing %s: exit 0 and the --json report names every check', async (release) => {
    const r = await cli(['doctor', '--profile', 'sample', '--sandbox', '--webitel-release', release, '--json'], { REVIEW_ASSISTANT_BROWSER: CHROMIUM! });
    expect(r.code, r.stderr).toBe(0);
    const report = parseReport(r.stdout);
    expect(report.ok).toBe(true);
    const by = Object.fromEntries(report.findings.map((f) => [f.id, f]));
    expect(Object.keys(by)).toEqual([
      'webitel-host',
      'webitel-release',
      'live-connection',
      'admin-login',
      'operator-login',
      'browser',
      'ffmpeg',
      'screen-capture',
      'disk',
    ]);
    expect(report.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(by['webitel-host']!.detail).toMatch(/the built-in sandbox/);
    expect(by['webitel-release']!.detail).toContain(`the sandbox draws ${release}`);
    // The sandbox knows the logins' domain and signs in by password.
    expect(by['admin-login']).toMatchObject({ level: 'ok' });
    expect(by['operator-login']!.detail).toMatch(/exists on the host, password sign-in/);
    expect(by['browser']!.detail).toContain(CHROMIUM!);
  });

  it('a failing finding: exit 1, ok false, the error with what to do; the text report says so too', async () => {
    const env = { REVIEW_ASSISTANT_BROWSER: path.join(tmp, 'no-such-chrome') };
    const r = await cli(['doctor', '--profile', 'sample', '--sandbox', '--webitel-release', '26.04', '--json'], env);
    expect(r.code).toBe(1);
    const report = parseReport(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.findings.filter((f) => f.level === 'error').map((f) => f.id)).toEqual(['browser']);
    const text = await cli(['doctor', '--profile', 'sample', '--sandbox'], env);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^ERROR {4}Browser: /m);
    expect(text.stdout).toMatch(/1 error\(s\): fix them before recording\./);
  });

  it('a host that does not answer is an error for a real profile: exit 1', async () => {
    const r = await cli(['doctor', '--profile', 'unreachable', '--json'], { REVIEW_ASSISTANT_BROWSER: CHROMIUM! });
    expect(r.code).toBe(1);
    const host = parseReport(r.stdout).findings.find((f) => f.id === 'webitel-host')!;
    expect(host.level).toBe('error');
    expect(host.detail).toMatch(/http:\/\/webitel\.localhost:9 did not answer \(ECONNREFUSED\)/);
  });
});

describe.skipIf(!CAN_RUN)(`review-assistant record refuses when doctor finds an error${WHY_NOT}`, () => {
  async function runFolders(profile: string): Promise<string[]> {
    const dir = path.join(data, 'recordings', profile);
    return (await exists(dir)) ? readdir(dir) : [];
  }

  it('a real profile whose host does not answer: refused before any browser starts, no run folder', async () => {
    await rm(launches, { force: true });
    const r = await cli(['record', '--profile', 'unreachable', '--headless'], { REVIEW_ASSISTANT_BROWSER: spyBrowser });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not recording: Webitel host: http:\/\/webitel\.localhost:9 did not answer/);
    expect(r.stderr).toMatch(/check the address/);
    expect(await exists(launches), 'a browser was started').toBe(false);
    expect(await runFolders('unreachable')).toEqual([]);
  });

  it('the sample in the sandbox without a browser: refused with the cause, no run folder', async () => {
    const r = await cli(['record', '--profile', 'sample', '--sandbox', '--headless', '--webitel-release', '26.04'], {
      REVIEW_ASSISTANT_BROWSER: path.join(tmp, 'no-such-chrome'),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not recording: Browser: /);
    expect(await runFolders('sample')).toEqual([]);
  });

  it('a bad --ffmpeg: refused with the cause, nothing started, no run folder', async () => {
    await rm(launches, { force: true });
    const r = await cli(['record', '--profile', 'sample', '--sandbox', '--headless', '--ffmpeg', path.join(tmp, 'no-ffmpeg')], {
      REVIEW_ASSISTANT_BROWSER: spyBrowser,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not recording: ffmpeg: /);
    expect(await exists(launches)).toBe(false);
    expect(await runFolders('sample')).toEqual([]);
  });

  it('the spy browser does write down a start (so its silence above means none was started)', async () => {
    await rm(launches, { force: true });
    const v = await execFileP(spyBrowser, ['--version']);
    expect(v.stdout).toMatch(/Chromium/);
    expect(await exists(launches)).toBe(true);
  });
});
