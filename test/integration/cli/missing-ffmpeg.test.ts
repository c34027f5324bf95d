// Proves CLI commands that need no ffmpeg still work when REVIEW_ASSISTANT_FFMPEG is broken, and that the others name it.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A command that does not use ffmpeg must not need it: a broken REVIEW_ASSISTANT_FFMPEG once crashed even `--version`. */
const run = promisify(execFile);
const CLI = path.resolve(__dirname, '../../../scripts/review-assistant.mjs');
let data: string;

beforeAll(async () => {
  data = await mkdtemp(path.join(os.tmpdir(), 'ra-noff-'));
});
afterAll(async () => {
  await rm(data, { recursive: true, force: true });
});

const cli = (args: string[]) =>
  run(process.execPath, [CLI, ...args], {
    env: { ...process.env, REVIEW_ASSISTANT_FFMPEG: '/nonexistent/ffmpeg', REVIEW_ASSISTANT_PASSPHRASE: 'a passphrase of ours', REVIEW_ASSISTANT_DATA: data },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('the CLI with REVIEW_ASSISTANT_FFMPEG pointing nowhere', () => {
  it('prints its version, its help and the profile list', async () => {
    for (const args of [['--version'], ['--help'], ['profile', 'list']]) {
      const r = await cli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('names the variable when a command needs ffmpeg', async () => {
    const r = await cli(['compose', data]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
