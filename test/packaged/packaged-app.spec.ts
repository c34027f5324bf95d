// Proves the packaged desktop app opens every screen and records the sample against the sandbox (release workflow only).
import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The packaged desktop app, launched as a user would (release workflow, after `npm run dist`):
 * every screen opens and the sample records against the built-in sandbox. Needs the packaged
 * binary in PACKAGED_APP; Electron cannot run on the development machine, so it skips there.
 */
const executablePath = process.env.PACKAGED_APP;

test.skip(!executablePath, 'PACKAGED_APP is not set: the packaged app is launched only by the release workflow (.github/workflows/release.yml)');
test.setTimeout(900_000);

test('the packaged app opens every screen and records the sample against the sandbox', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ra-packaged-'));
  const app = await electron.launch({ executablePath: executablePath as string, env: { ...process.env, REVIEW_ASSISTANT_DATA: dataDir } });
  try {
    const page = await app.firstWindow();
    const create = page.getByRole('button', { name: 'Create vault' });
    if (await create.isVisible({ timeout: 20_000 }).catch(() => false)) {
      await page.getByLabel('Passphrase', { exact: true }).fill('packaged-smoke-passphrase');
      await page.getByLabel('Repeat passphrase').fill('packaged-smoke-passphrase');
      await create.click();
    }
    await page.getByRole('button', { name: 'Try the sample submission' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /Sample submission/ })).toBeVisible();
    for (const name of ['Setup guide', 'Gateway & credentials', 'Permissions & texts', 'Check & export', 'Recorder']) {
      await page.getByRole('tab', { name, exact: true }).click();
      await expect(page.getByRole('tab', { name, exact: true })).toHaveAttribute('aria-selected', 'true');
      await page.screenshot({ path: path.join('test-results', 'packaged', `${name.replace(/\W+/g, '-').toLowerCase()}.png`) });
    }
    await page.getByRole('button', { name: '● Record' }).click();
    const job = page.locator('.job');
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 840_000, intervals: [5000] }).not.toBe('running');
    expect(await job.getAttribute('data-status'), (await job.textContent()) ?? '').toBe('passed');
    await expect(page.locator('video.player')).toBeVisible();
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
