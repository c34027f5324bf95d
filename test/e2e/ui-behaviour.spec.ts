// Proves the UI behaves under keyboard and mouse: no jumping window, arrow-key tabs, expired addresses, server loss, undoable resets.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt, test, expect, openApp, openSample, PASSPHRASE, shot, startUi } from './app-fixture';

/**
 * How the app behaves under the keyboard and the mouse (issue 29): the segmented controls do not
 * scroll the window away, the New dialog takes typing at Name, tab bars answer arrow keys,
 * required fields are named without their asterisk, and an expired address explains itself.
 */

test('keyboard and mouse: no jumping window, typing lands in Name, arrows move between tabs', async ({ page, app }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp(page, app.launchUrl);

  // The New dialog: typing goes into Name at once.
  await page.getByRole('button', { name: '+ New submission' }).click();
  await expect(page.getByRole('dialog').getByLabel('Name', { exact: true })).toBeFocused();
  await page.keyboard.type('ui-check');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ui-check' })).toBeVisible();

  // Required fields: named for what they are, no "*" read aloud, and marked required.
  const host = page.getByRole('textbox', { name: 'Webitel host', exact: true });
  await expect(host).toHaveAttribute('aria-required', 'true');

  // The section tabs: one Tab stop; arrows, Home and End move and select.
  const gateway = page.getByRole('tab', { name: 'Gateway & credentials' });
  await gateway.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Permissions & texts' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Permissions & texts' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'Check & export' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Setup guide' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('tab', { name: 'Check & export' })).toBeFocused();
  await expect(page.locator('[role="tablist"][aria-label="Sections"] [tabindex="0"]')).toHaveCount(1);
  await shot(page, '51-tabs-by-keyboard');
  await page.getByRole('tab', { name: 'Gateway & credentials' }).click();

  // A segmented control, by mouse and by keyboard: the window stays where it was.
  const yes = page.locator('.segmented label', { hasText: 'Yes' });
  await yes.scrollIntoViewIfNeeded();
  const before = await page.evaluate(() => document.scrollingElement?.scrollTop ?? 0);
  const top = await yes.boundingBox();
  await yes.click();
  await page.keyboard.press('ArrowRight');
  const after = await page.evaluate(() => document.scrollingElement?.scrollTop ?? 0);
  expect(Math.abs(after - before)).toBeLessThan(5);
  expect(Math.abs(((await yes.boundingBox())?.y ?? 0) - (top?.y ?? 0))).toBeLessThan(5);
  await expect(page.getByRole('radiogroup', { name: /Facebook Test User/ }).getByRole('radio', { name: 'No', exact: true })).toBeChecked();
  await shot(page, '50-segmented-stays');
});

test('an old address leads to a page that says how to get a fresh one', async ({ page, app }) => {
  await page.context().clearCookies();
  const res = await page.goto(`${app.origin}/?token=an-old-token`);
  expect(res?.status()).toBe(401);
  await expect(page.getByRole('heading', { level: 1, name: 'This address has expired' })).toBeVisible();
  await expect(page.getByText('review-assistant ui', { exact: true }).last()).toBeVisible();
  await shot(page, '52-expired-address');
});

test('a stopped server shows one banner with Retry; the page carries on when it answers again', async ({ page }) => {
  ensureBuilt();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ra-e2e-stop-'));
  const ui = await startUi(dataDir, PASSPHRASE);
  try {
    await openApp(page, ui.launchUrl);
    await expect(page.locator('.conn-banner')).toHaveCount(0);

    // Unreachable for a while (as if the computer slept): one banner, and Retry brings the page back.
    await page.route('**/api/**', (r) => r.abort('connectionrefused'));
    await page.getByRole('button', { name: '+ New submission' }).click();
    await page.getByRole('dialog').getByLabel('Name', { exact: true }).fill('while-down');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(page.locator('.conn-banner')).toHaveCount(1);
    await expect(page.getByRole('alert').filter({ hasText: 'The app has stopped answering' })).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await shot(page, '53-server-stopped');
    await page.unroute('**/api/**');
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect(page.locator('.conn-banner')).toHaveCount(0);

    // Really stopped (Ctrl-C in its terminal): the event stream drops and the banner comes by itself.
    await ui.stop();
    await expect(page.getByRole('alert').filter({ hasText: 'The app has stopped answering' })).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('.conn-banner')).toHaveCount(1);

    // Started again under a new token: this address says to open the new one.
    await page.route('**/api/**', (r) => r.fulfill({ status: 401, contentType: 'text/plain', body: 'unauthorized' }));
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'This address no longer works' })).toBeVisible();
    // One message for it: no toast repeats what the banner says.
    await expect(page.locator('.toast', { hasText: 'cannot reach the app' })).toHaveCount(0);
    await shot(page, '54-server-restarted');
  } finally {
    await ui.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('"Reset to generated" and "Back to default" can be undone from their notice', async ({ page, app }) => {
  await openSample(page, app.launchUrl);
  await page.getByRole('tab', { name: 'Permissions & texts', exact: true }).click();

  const card = page.locator('section.text-card').first();
  await card.getByRole('button', { name: 'Edit', exact: true }).click();
  await card.locator('textarea').fill('An edit that took an hour to write.');
  await card.getByRole('button', { name: 'Save text' }).click();
  await expect(card.locator('.tag', { hasText: 'edited' })).toBeVisible();
  await card.getByRole('button', { name: 'Reset to generated' }).click();
  await expect(card.locator('.tag', { hasText: 'edited' })).toHaveCount(0);
  const notice = page.locator('.toast', { hasText: 'back to the generated text' });
  await shot(page, '55-reset-undo');
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(card.locator('.tag', { hasText: 'edited' })).toBeVisible();
  await expect(card.locator('pre.text-body')).toHaveText('An edit that took an hour to write.');

  // The scenario: a saved customisation comes back, and so do edits not saved yet.
  await page.getByRole('tab', { name: 'Recorder', exact: true }).click();
  await page.getByRole('tab', { name: 'Scenario steps' }).click();
  await page.getByRole('button', { name: 'Edit step 1', exact: true }).click();
  const caption = page.getByRole('textbox', { name: /^Caption/ });
  await caption.fill('A saved caption of my own');
  await page.getByRole('button', { name: 'Save scenario' }).click();
  await expect(page.getByRole('button', { name: 'Back to default' })).toBeVisible();
  await page.getByRole('button', { name: 'Back to default' }).click();
  await expect(page.getByRole('button', { name: 'Back to default' })).toHaveCount(0);
  await page.locator('.toast', { hasText: 'Back to the default scenario' }).getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('button', { name: 'Back to default' })).toBeVisible();
});

test('checks: each reason for not checking is said once, and nothing names a command-line flag', async ({ page, app }) => {
  await openSample(page, app.launchUrl);
  await page.getByRole('tab', { name: 'Check & export', exact: true }).click();
  await page.getByRole('button', { name: 'Run checks' }).click();
  const notChecked = page.locator('details', { has: page.locator('summary', { hasText: 'not checked' }) });
  await notChecked.locator('summary').click();
  const reasons = await notChecked.locator('.skip-reason strong').allTextContents();
  expect(reasons.length).toBeGreaterThan(0);
  expect(new Set(reasons).size).toBe(reasons.length);
  expect(reasons.filter((r) => r.startsWith('Pre-flight not run ('))).toHaveLength(1);
  const card = page.locator('section.card', { has: page.getByRole('heading', { name: 'Check the submission' }) });
  expect(await card.innerText()).not.toMatch(/review-assistant|(^|\s|\()--[a-z]/);
  await shot(page, '56-checks-not-checked');
});
