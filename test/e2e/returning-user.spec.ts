// Proves a returning user unlocks the vault in the UI: a wrong passphrase is refused, the right one shows their submissions.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { ensureBuilt, ROOT, startUi, shot } from './app-fixture';

const PASSPHRASE = 'returning-user-passphrase';

base.setTimeout(120_000);

base('a returning user unlocks the vault: a wrong passphrase is refused, the right one shows their submissions', async ({ page }) => {
  ensureBuilt();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ra-e2e-back-'));
  let ui: Awaited<ReturnType<typeof startUi>> | undefined;
  try {
    // An earlier session left a vault and a submission (made with the CLI).
    const made = spawnSync(process.execPath, [path.join(ROOT, 'scripts/review-assistant.mjs'), 'profile', 'create', '--sample', '--data-dir', dataDir], {
      cwd: ROOT,
      env: { ...process.env, REVIEW_ASSISTANT_PASSPHRASE: PASSPHRASE },
      encoding: 'utf8',
    });
    expect(made.status, made.stderr).toBe(0);
    // Started without the passphrase: the vault is locked, as the desktop app's is at every start.
    ui = await startUi(dataDir, null);
    await page.goto(ui.launchUrl);
    await expect(page.getByRole('heading', { name: 'Unlock your submissions' })).toBeVisible();
    await expect(page.getByText('Sample submission (demo sandbox)')).toHaveCount(0);

    await page.getByLabel('Passphrase', { exact: true }).fill('not-the-passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('alert')).toContainText('wrong passphrase');
    await shot(page, '30-unlock-wrong-passphrase');

    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    // The list is read after the unlock (it was refused while locked), and the newest is opened.
    await expect(page.locator('.app[data-ready="true"] .sub-item')).toHaveCount(1);
    await expect(page.getByRole('heading', { level: 1, name: 'Sample submission (demo sandbox)' })).toBeVisible();
    await shot(page, '31-unlocked');

    // A new passphrase from the app: the command line opens the vault with it, not with the old one.
    await page.getByRole('button', { name: 'Vault passphrase…' }).click();
    await page.getByLabel('New passphrase').fill('a changed passphrase');
    await page.getByLabel('Repeat the passphrase').fill('a changed passphrase');
    await shot(page, '32-vault-passphrase');
    await page.getByRole('button', { name: 'Set passphrase' }).click();
    await expect(page.getByText('Vault passphrase set.')).toBeVisible();
    const show = (pass: string) =>
      spawnSync(process.execPath, [path.join(ROOT, 'scripts/review-assistant.mjs'), 'profile', 'show', 'sample', '--reveal', '--data-dir', dataDir], {
        cwd: ROOT,
        env: { ...process.env, REVIEW_ASSISTANT_PASSPHRASE: pass },
        encoding: 'utf8',
      });
    expect(show('a changed passphrase').status).toBe(0);
    expect(show(PASSPHRASE).stderr).toMatch(/wrong passphrase/);
  } finally {
    await ui?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
