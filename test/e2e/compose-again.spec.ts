// Proves the recorder screen's "Compose again" keeps the waits a recording was composed with unless the person picks others.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test, expect, openSample, shot } from './app-fixture';
import { syntheticCapture, syntheticManifestHead } from '../synthetic-run';

test.setTimeout(300_000);

const T = 1_700_000_000_000;
const RUN = '2026-12-06T09-00-00-000Z';

/**
 * A recorded run (synthetic, real video files): one lane, its step 1 handed to the person for 12 s,
 * recorded with the default choice (a hand-over's search is cut), never composed yet.
 */
function writeRun(dataDir: string): void {
  const dir = path.join(dataDir, 'recordings', 'sample', RUN);
  mkdirSync(path.join(dir, 'lanes'), { recursive: true });
  const ffmpeg = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  const parts: Array<[string, number]> = [
    ['gray', 5],
    ['cyan', 12],
    ['blue', 5],
  ];
  const args = ['-v', 'error'];
  for (const [c, d] of parts) args.push('-f', 'lavfi', '-i', `color=c=${c}:s=480x540:r=30:d=${d}`);
  args.push('-filter_complex', '[0:v][1:v][2:v]concat=n=3:v=1[v]', '-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  execFileSync(ffmpeg, [...args, '-y', path.join(dir, 'lanes', 'a.mkv')]);
  const step = (ms: number, index: number, caption: string) => ({
    type: 'step-started',
    t: T + ms,
    index,
    stepId: `s${index}`,
    sceneId: 'login',
    laneId: 'a',
    action: 'click',
    caption,
  });
  const manifest = {
    ...syntheticManifestHead({ runId: RUN, t0: T, status: 'done', titleSec: 1 }),
    lanes: [
      {
        id: 'a',
        title: 'Webitel — administrator',
        viewport: { width: 480, height: 540 },
        capture: syntheticCapture('lanes/a.mkv', T, T + 22_000, { width: 480, height: 540 }),
      },
    ],
    timeline: [
      { type: 'run-started', t: T },
      { type: 'url-changed', t: T, laneId: 'a', url: 'https://webitel.localhost/admin', popup: false },
      { type: 'scene-started', t: T + 500, sceneId: 'login', title: 'Log in', permissions: ['pages_show_list'] },
      step(500, 0, 'The administrator opens Webitel.'),
      { type: 'step-succeeded', t: T + 1000, index: 0, stepId: 's0', durationMs: 500 },
      step(4000, 1, 'The administrator clicks "Next".'),
      {
        type: 'assist-started',
        t: T + 4500,
        index: 1,
        stepId: 's1',
        laneId: 'a',
        action: 'click',
        missed: 'target',
        reason: 'not found',
        lookedFor: ['#next'],
      },
      { type: 'assist-ended', t: T + 17_000, startedAt: T + 4500, index: 1, stepId: 's1', laneId: 'a', how: 'click', missed: 'target' },
      { type: 'step-succeeded', t: T + 17_200, index: 1, stepId: 's1', durationMs: 13_200 },
      { type: 'run-finished', t: T + 22_000, status: 'passed' },
    ],
    encoder: { codec: 'libx264', preset: 'ultrafast', crf: 23, pixFmt: 'yuv420p', fps: 30, x264Params: 'threads=2:bframes=0' },
    files: {},
  };
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
}

test('Compose again keeps the recording’s waits unless the person picks others', async ({ page, app }) => {
  await openSample(page, app.launchUrl);
  writeRun(app.dataDir);
  await page.getByRole('tab', { name: 'Recorder' }).click();
  await page.locator('.rec-item', { hasText: 'finished' }).first().click();
  const view = page.locator('.rec-view');
  const waits = view.getByRole('combobox', { name: 'Waits in the video' });
  // The recording's own choice: the search during the hand-over is cut.
  await expect(waits).toHaveValue('assisted');
  await view.getByRole('button', { name: 'Compose again' }).click();
  const note = page.locator('.cuts-note');
  await expect(note).toContainText(/Step \d+, “[^”]+”, done by hand/, { timeout: 180_000 });
  await expect(page.locator('.job')).toHaveAttribute('data-status', 'passed');
  const video = page.locator('video.player');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.duration), { timeout: 30_000 }).toBeLessThan(15);
  await expect(page.locator('.job-outcome')).toContainText('Video composed again');
  await page.locator('.rec-actions').scrollIntoViewIfNeeded();
  await shot(page, '70-compose-again-cut');

  // Another choice: every wait kept, and the recording remembers it.
  await page.locator('.rec-view').getByRole('combobox', { name: 'Waits in the video' }).selectOption('keep');
  await page.locator('.rec-view').getByRole('button', { name: 'Compose again' }).click();
  await expect(note).toHaveCount(0, { timeout: 180_000 });
  await expect.poll(() => page.locator('video.player').evaluate((v: HTMLVideoElement) => v.duration), { timeout: 30_000 }).toBeGreaterThan(20);
  await expect(page.locator('.rec-view').getByRole('combobox', { name: 'Waits in the video' })).toHaveValue('keep');
  await page.locator('.rec-actions').scrollIntoViewIfNeeded();
  await shot(page, '71-compose-again-kept');
});
