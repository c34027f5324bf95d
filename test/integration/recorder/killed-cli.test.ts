// Proves a `record` killed with SIGKILL leaves no browser, screen or ffmpeg running, and its run is later marked interrupted.
import { spawn, execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { descendantsOf } from '../../../app/common/processes';
import { listRuns, markInterrupted, SPACE_RESERVE } from '../../../app/recorder/run-folder';
import { LINUX_MISSING, describeNeeding } from '../../needs';

/**
 * `review-assistant record` killed with SIGKILL mid-recording (no chance to clean up): its
 * browsers, screens and ffmpegs end with it, the screens' private folders go, and the run is
 * marked as interrupted by the next recording instead of saying "recording" forever.
 */
const run = promisify(execFile);
const CLI = path.resolve(__dirname, '../../../scripts/review-assistant.mjs');
let data: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  data = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-killed-'));
  env = { ...process.env, REVIEW_ASSISTANT_DATA: data, REVIEW_ASSISTANT_PASSPHRASE: 'killed-cli-passphrase' };
  await run(process.execPath, [CLI, 'profile', 'create', '--sample'], { env });
});
afterAll(async () => {
  await fs.rm(data, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describeNeeding(LINUX_MISSING('process groups and /proc'))('the CLI killed mid-recording', () => {
  it('leaves no browser, screen or ffmpeg running, and its run is marked interrupted afterwards', async () => {
    const cli = spawn(process.execPath, [CLI, 'record', '--profile', 'sample', '--sandbox', '--headless'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no second step within 120 s:\n${err}`)), 120_000);
      cli.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if ([...err.matchAll(/step (\d+)\//g)].some((m) => Number(m[1]) >= 2)) {
          clearTimeout(t);
          resolve();
        }
      });
      cli.once('exit', () => reject(new Error(`the CLI ended early:\n${err}`)));
    });
    const helpers = await descendantsOf(cli.pid!);
    const names = [...helpers.values()].join('\n');
    expect(names).toMatch(/chrom/i);
    expect(names).toMatch(/ffmpeg/);
    const screens = [...names.matchAll(/-auth (\S+)\/Xauthority/g)].map((m) => m[1]!);
    cli.kill('SIGKILL');
    await new Promise((r) => cli.once('exit', r));
    // The watchdog acts on the closed pipe at once; the browsers take a moment to go.
    let left: number[] = [];
    for (let i = 0; i < 50; i++) {
      left = [...helpers.keys()].filter(alive).filter((pid) => !/review-assistant|-e\s/.test(helpers.get(pid) ?? ''));
      if (!left.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(left.map((p) => `${p} ${helpers.get(p)?.slice(0, 120)}`)).toEqual([]);
    for (const dir of screens) await expect(fs.access(dir)).rejects.toThrow();

    const [before] = await listRuns(data, 'sample');
    expect(before?.manifest.status).toBe('recording');
    // The 1 MiB a recording keeps aside (to say it failed on a full disk) stays until the run is marked…
    expect(await fs.readdir(before!.dir)).toContain(SPACE_RESERVE);
    expect(await markInterrupted(data, 'sample')).toEqual([before!.dir]);
    const [after] = await listRuns(data, 'sample');
    expect(after?.manifest.status).toBe('failed');
    expect(after?.manifest.error?.message).toMatch(/^interrupted: the process recording it \(pid \d+\) ended/);
    // …and is given back then.
    expect(await fs.readdir(after!.dir)).not.toContain(SPACE_RESERVE);
  }, 200_000);
});
