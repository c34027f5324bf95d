// Proves `record` and `compose` from a second terminal are refused while another process records with the same data folder, before anything starts.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heavyJobLock } from '../../../app/recorder/one-at-a-time';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '../../../scripts/review-assistant.mjs');
let data: string;
let holder: ChildProcess;

beforeAll(async () => {
  data = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-one-cli-'));
  await cli(['profile', 'create', '--sample']);
  // The other terminal's recording: a live process on this computer holding the data folder's lock.
  holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
  await fs.writeFile(heavyJobLock(data), JSON.stringify({ pid: holder.pid, host: os.hostname(), at: Date.now(), doing: 'recording "sample"' }));
});
afterAll(async () => {
  holder.kill('SIGKILL');
  await fs.rm(data, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [CLI, ...args], {
    env: { ...process.env, REVIEW_ASSISTANT_PASSPHRASE: 'a passphrase of ours', REVIEW_ASSISTANT_DATA: data },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

describe('a second recording or compose with the same data folder', () => {
  it('record: refused by its checks with who holds it and what to do; no browser, no run folder', async () => {
    const r = await cli(['record', '--profile', 'sample', '--sandbox', '--headless']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error: not recording: Another recording is running with this data folder: recording "sample", process \d+, since \d\d:\d\d$/m);
    expect(r.stderr).toContain('Ctrl-C in its terminal');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    await expect(fs.readdir(path.join(data, 'recordings', 'sample'))).rejects.toThrow();
    await expect(fs.readdir(path.join(data, 'browser-profiles'))).rejects.toThrow();
  });

  it('doctor: names it as an error', async () => {
    const r = await cli(['doctor', '--profile', 'sample', '--sandbox', '--json']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { ok: boolean; findings: Array<{ id: string; level: string; detail: string }> };
    expect(report.ok).toBe(false);
    expect(report.findings.find((f) => f.id === 'recording-running')).toMatchObject({
      level: 'error',
      detail: expect.stringMatching(/^recording "sample", process \d+/),
    });
  });

  it('compose: refused by the lock itself, the run folder untouched', async () => {
    const runDir = path.join(data, 'recordings', 'sample', '2026-12-01T10-00-00-000Z');
    await fs.mkdir(runDir, { recursive: true });
    const manifest = await fs.readFile(path.resolve(__dirname, '../../fixtures/video/good-run.manifest.json'), 'utf8');
    await fs.writeFile(path.join(runDir, 'manifest.json'), manifest);
    const r = await cli(['compose', runDir]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error: another recording or compose is running with this data folder/m);
    expect(await fs.readFile(path.join(runDir, 'manifest.json'), 'utf8')).toBe(manifest);
    await fs.rm(path.join(data, 'recordings'), { recursive: true });
  });
});
