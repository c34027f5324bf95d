// Proves a run fails, naming the lane and keeping its folder, when one lane's capture is killed mid-run.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sampleProfile } from '../../../app/profile/sample';
import { findXvfb } from '../../../app/recorder/browser/virtual-display';
import { recordProfile } from '../../../app/recorder/record';
import { listRuns } from '../../../app/recorder/run-folder';
import { childFfmpegPids, stillPagesScenario } from './helpers';
import { XVFB_MISSING, describeNeeding } from '../../needs';

/**
 * A lane whose capture ends mid-run (its screen-grabbing ffmpeg killed) fails the run: it once
 * finished "done" with that lane dropped, a video of the other lane under captions about this one.
 */
const xvfb = findXvfb();
const page = (label: string) => 'data:text/html,' + encodeURIComponent(`<!doctype html><body style="font:40px sans-serif"><h1>${label}</h1></body>`);
const scenario = stillPagesScenario('Lane lost', { left: page('Left'), right: page('Right') });

let data: string;
beforeAll(async () => {
  data = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-lane-lost-'));
});
afterAll(async () => {
  await fs.rm(data, { recursive: true, force: true });
});

/** The screen grabbers (x11grab into H.264) among this process's ffmpegs. */
async function grabbers(): Promise<number[]> {
  const out: number[] = [];
  for (const pid of await childFfmpegPids()) {
    const args = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (args.includes('x11grab') && args.includes('libx264')) out.push(pid);
  }
  return out;
}

describeNeeding(xvfb ? null : XVFB_MISSING)('a lane whose capture is killed mid-run', () => {
  it('fails the run, names the lane and keeps the folder as evidence', async () => {
    let killed = 0;
    const err = await recordProfile({
      profile: sampleProfile(),
      dataDir: data,
      sandbox: true,
      headless: true,
      scenario,
      skipStepPictures: true,
      onEvent: (e) => {
        if (e.type === 'step-started' && e.index === 0) {
          void grabbers().then((pids) => {
            if (pids[0]) {
              process.kill(pids[0], 'SIGKILL');
              killed++;
            }
          });
        }
      },
    }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(killed).toBe(1);
    // At once, naming the stage (it once played the scenario on, recording nothing of that lane).
    expect(err?.message).toMatch(/"(webitel|facebook)" lane ended before the scenario did \(during the scenes, at step 1 \(/);
    const [run] = await listRuns(data, 'sample');
    expect(run?.manifest.status).toBe('failed');
  });
});
