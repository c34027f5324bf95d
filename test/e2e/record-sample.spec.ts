// Proves a new user can record the sample against the sandbox in the UI, watch the progress and previews, play it and open a clip.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { sampleProfile } from '../../app/profile/sample';
import { sampleCommandLines } from '../reliability/secret-scan';
import { test, expect, layoutProblems, openSample, shot } from './app-fixture';
import { checkSampleTake } from './sample-take';

// Recording takes most of it; the take is then checked, and the recording page looked at in four window sizes and schemes.
test.setTimeout(780_000);

/**
 * The app's events to the page from now on, as text (lane pictures left out): the recording's
 * progress, its steps, prompts and outcome, as the UI hears them. (API answers are not among them:
 * the profile editor is given the submission's secrets to edit them, by design.)
 */
async function listen(page: Page): Promise<{ said: () => Promise<string[]> }> {
  await page.evaluate(() => {
    const w = window as unknown as { __said: string[] };
    w.__said = [];
    new EventSource('events').onmessage = (m: MessageEvent<string>) => {
      if (!m.data.includes('"lane-frame"')) w.__said.push(m.data);
    };
  });
  return { said: () => page.evaluate(() => (window as unknown as { __said: string[] }).__said) };
}

test('a new user records the sample against the sandbox, plays it and opens a clip', async ({ page, app, browser }) => {
  // The vault may exist from an earlier spec in this worker; REVIEW_ASSISTANT_PASSPHRASE unlocks it.
  // The sample may exist already from an earlier spec in this worker.
  await openSample(page, app.launchUrl);
  await shot(page, '20-sample-setup-guide');
  await page.getByRole('tab', { name: 'Gateway & credentials' }).click();
  await shot(page, '21-sample-gateway');

  await page.getByRole('tab', { name: 'Recorder' }).click();
  await page.getByRole('tab', { name: 'Scenario steps' }).click();
  await expect(page.locator('ol.steps > li').first()).toBeVisible();
  await page.getByRole('button', { name: 'Edit step 1', exact: true }).click();
  await shot(page, '22-scenario-steps');
  await page.getByRole('tab', { name: 'Record & results' }).click();

  await expect(page.getByRole('checkbox', { name: 'Built-in demo sandbox' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Hidden browser windows' })).toBeChecked();
  // What the app says and runs while recording, for the secrets check at the end.
  const heard = await listen(page);
  const sampler = sampleCommandLines(process.pid);
  await page.getByRole('button', { name: '● Record' }).click();
  const bar = page.getByRole('progressbar', { name: 'Recording progress' });
  await expect(bar).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
  const current = page.getByRole('list', { name: 'Stages' }).locator('[aria-current="step"]');

  // Launch (starting the sandbox and the browsers, 10–15 s) moves the bar before the first step
  // starts: read until the scenes begin, then look at what Launch showed.
  const launch: Array<{ stage: string; pct: number; msg: string }> = [];
  for (;;) {
    const [stage, pct, msg] = await Promise.all([
      current.textContent().catch(() => ''),
      bar.getAttribute('aria-valuenow').catch(() => null),
      page
        .locator('.job-msg')
        .textContent()
        .catch(() => ''),
    ]);
    if (!stage?.includes('Launch')) break;
    launch.push({ stage, pct: Number(pct ?? 0), msg: msg ?? '' });
    if (launch.length === 3) await shot(page, '22b-recording-launch');
    await page.waitForTimeout(250);
  }
  expect(launch.length, 'the job was seen in its Launch stage').toBeGreaterThan(0);
  expect(
    launch.some((l) => l.pct > 0),
    `Launch showed progress before the first step: ${JSON.stringify(launch.filter((_, i) => i % 4 === 0))}`,
  ).toBe(true);

  // The scenes: the step being played is named and its caption shown; an estimate appears.
  await expect(current).toContainText('Scenes', { timeout: 120_000 });
  await expect(page.locator('.job-msg')).toHaveText(/^Step \d+ of \d+$/);
  await expect(page.locator('.caption-now')).toHaveText(/^“.{8,}”$/);
  await expect(page.locator('.job-time')).toContainText(/about \d+:\d\d left/, { timeout: 180_000 });
  await shot(page, '22c-recording-caption-estimate');
  // Progress moves and the live preview shows both lanes.
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 120_000 }).toBeGreaterThan(5);
  // Until a lane opens its first page the preview shows the video's standby panel, then the page.
  await expect(page.locator('.lanes img')).toHaveCount(2, { timeout: 180_000 });
  await shot(page, '23-recording-in-progress');

  const job = page.locator('.job');
  // Composing: one percentage on the job (the bar's), none in the stage's message beside it.
  await expect(current).toContainText('Compose', { timeout: 540_000 });
  const percentages = await job.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    // The lanes' addresses may hold %-escapes.
    copy.querySelectorAll('.lanes').forEach((l) => l.remove());
    return copy.innerText.match(/\d+\s?%/g) ?? [];
  });
  await shot(page, '23b-recording-compose');
  expect(percentages, 'percentages shown while composing').toHaveLength(1);
  await expect.poll(() => job.getAttribute('data-status'), { timeout: 540_000, intervals: [2000] }).not.toBe('running');
  const commandLines = await sampler.stop();
  await shot(page, '24a-recording-finished');
  expect(await job.getAttribute('data-status'), (await job.textContent()) ?? '').toBe('passed');
  await expect(page.getByText('Recording finished')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Stages' }).locator('.stage.done')).toHaveCount(6);
  await expect(page.locator('ul.thumbs img').first()).toBeVisible();

  // The result plays.
  const video = page.locator('video.player');
  await expect(video).toBeVisible();
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  const duration = await video.evaluate((v: HTMLVideoElement) => v.duration);
  expect(duration).toBeGreaterThan(10);
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(0.2);
  await shot(page, '24-recording-result');

  // A chapter seeks.
  const chapters = page.locator('ol.chapters button');
  expect(await chapters.count()).toBeGreaterThan(1);
  await chapters.nth(2).click();
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(3);

  // A per-permission clip.
  await page
    .locator('ul.clips')
    .getByRole('button', { name: /pages_messaging/ })
    .click();
  await expect(page.getByText('Clip: pages_messaging')).toBeVisible();
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => decodeURIComponent(v.currentSrc)), { timeout: 10_000 })
    .toContain('clips/pages_messaging.mp4');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  expect(await video.evaluate((v: HTMLVideoElement) => v.duration)).toBeGreaterThan(3);
  await shot(page, '25-clip');

  // Checks after the recording (the finished job offers them), then the export bundle.
  await page.getByRole('button', { name: /Next: Check & export/ }).click();
  await page.getByRole('button', { name: 'Yes' }).click();
  await page.getByRole('button', { name: 'Run checks' }).click();
  await expect(page.locator('p.summary')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('p.summary')).toContainText('No errors');
  await shot(page, '26-checks-after-recording');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.locator('.exported')).toContainText('Written to', { timeout: 120_000 });
  await expect(page.locator('.exported')).toContainText('.zip');
  // Browser mode: the bundle is on the computer running the app (maybe a server): the app serves
  // its report, which opens in a tab; the folder is shown by its path.
  await expect(page.locator('.exported').getByRole('button', { name: 'Show folder' })).toBeVisible();
  await shot(page, '27-exported');
  const [reportTab] = await Promise.all([page.waitForEvent('popup'), page.locator('.exported').getByRole('link', { name: 'Open report' }).click()]);
  await expect(reportTab.getByRole('heading', { level: 1, name: /^Meta App Review — / })).toBeVisible();
  // Each permission's poster is in the page itself (the report is one self-contained file).
  await expect(reportTab.locator('section.perm img')).toHaveCount(4);
  expect(await reportTab.locator('section.perm img').evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0))).toBe(true);
  await shot(reportTab, '27b-report');
  await reportTab.close();

  // The take itself: the one full recording of the default scenario in `npm test`.
  const said = await heard.said();
  const runId = said.map((m) => JSON.parse(m) as { type: string; runId?: string | null }).find((e) => e.type === 'job-finished')?.runId;
  expect(runId, 'the job-finished event names the run').toBeTruthy();
  await checkSampleTake({ dataDir: app.dataDir, runDir: path.join(app.dataDir, 'recordings', 'sample', runId!), profile: sampleProfile(), said, commandLines });

  // The recording's page in a small window and at 150 % zoom, light and dark: the player, the
  // chapters and the clips stay inside their card, and no name is cut (issue 29).
  const found: string[] = [];
  for (const size of [
    { name: '1024x700', viewport: { width: 1024, height: 700 }, deviceScaleFactor: 1 },
    { name: 'zoom150', viewport: { width: 911, height: 573 }, deviceScaleFactor: 1.5 },
  ]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor, colorScheme });
      try {
        const p = await context.newPage();
        await openSample(p, app.launchUrl);
        await p.getByRole('tab', { name: 'Recorder' }).click();
        const player = p.locator('video.player');
        await expect(player).toBeVisible({ timeout: 15_000 });
        await player.scrollIntoViewIfNeeded();
        for (const f of await layoutProblems(p)) found.push(`${size.name} ${colorScheme}: ${f}`);
        await shot(p, `28-recording-${size.name}-${colorScheme}`);
        await p.locator('ul.clips').scrollIntoViewIfNeeded();
        for (const f of await layoutProblems(p)) found.push(`${size.name} ${colorScheme}: ${f}`);
        await shot(p, `28-recording-${size.name}-${colorScheme}-clips`);
      } finally {
        await context.close();
      }
    }
  }
  expect([...new Set(found)], found.join('\n')).toEqual([]);
});
