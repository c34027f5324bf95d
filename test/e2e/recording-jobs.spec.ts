// Proves recording jobs live on the server: a reload finds a running job, cancel is calm, a failed run can be deleted and restored.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { profileFieldLabel } from '../../app/profile/field-labels';
import { test, expect, openApp, openSample, type RunningApp, shot } from './app-fixture';

/**
 * Before a real recording (not the sandbox) of a submission with empty fields: Record is off, and
 * its note lists every missing value as a link that opens the form at that field.
 */
test('a real recording with values missing: Record is off, and the note lists each value and leads to it', async ({ page, app }) => {
  await openApp(page, app.launchUrl);
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible();
  await page.getByRole('button', { name: '+ New submission' }).click();
  await page.getByRole('dialog').getByLabel('Name', { exact: true }).fill('initech');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'initech' })).toBeVisible();
  const openRecorder = async () => {
    await page.getByRole('tab', { name: 'Recorder' }).click();
    await expect(page.getByRole('checkbox', { name: 'Built-in demo sandbox' })).not.toBeChecked();
  };
  await openRecorder();
  const record = page.getByRole('button', { name: '● Record' });
  await expect(record).toBeDisabled();
  const note = page.locator('#record-missing');
  const toggle = note.getByRole('button', { name: /^\d+ values? (is|are) missing before recording$/ });
  await expect(toggle).toBeVisible();
  // Record says why it is off: the note is its description.
  await expect(record).toHaveAttribute('aria-describedby', 'record-missing');
  const count = Number(/^(\d+)/.exec((await toggle.textContent()) ?? '')?.[1]);
  await toggle.click();
  const links = note.locator('ul.missing-list li').getByRole('button');
  // As many links as the note counts, each naming a field as the form labels it.
  await expect(links).toHaveCount(count);
  const labels = await links.allTextContents();
  expect(count).toBeGreaterThan(5);
  expect(labels).toEqual(expect.arrayContaining(['Webitel host', 'Webitel operator login']));
  await shot(page, '39-record-missing-values');

  // Each link opens the form with focus in its field (the field whose label the link shows); a
  // Page's value, while the submission lists no Page, on the button that adds one.
  for (const label of labels) {
    await openRecorder();
    if ((await note.locator('ul.missing-list').count()) === 0) await toggle.click();
    await note.locator('ul.missing-list').getByRole('button', { name: label, exact: true }).click();
    await expect(page.getByRole('tab', { name: 'Gateway & credentials' })).toHaveAttribute('aria-selected', 'true');
    if (/\(Page \d+\)$/.test(label)) {
      await expect(page.getByRole('button', { name: '+ Add Page' }), `the link "${label}"`).toBeFocused();
      continue;
    }
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-field]')?.getAttribute('data-field') ?? null)).not.toBeNull();
    const field = await page.evaluate(() => document.activeElement?.closest('[data-field]')?.getAttribute('data-field') ?? '');
    expect(profileFieldLabel(field), `the link "${label}" focused ${field}`).toBe(label);
  }
  await shot(page, '39b-missing-value-focused');
  // The sandbox needs none of them: Record comes on.
  await openRecorder();
  await page.getByRole('checkbox', { name: 'Built-in demo sandbox' }).check();
  await expect(note).toHaveCount(0);
});

test('only the latest answer counts: an answer for the sandbox that comes late does not make a submission with values missing look ready', async ({
  page,
  app,
}) => {
  await openApp(page, app.launchUrl);
  await page.getByRole('button', { name: '+ New submission' }).click();
  await page.getByRole('dialog').getByLabel('Name', { exact: true }).fill('hooli');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'hooli' })).toBeVisible();
  // Under load the answers can cross: here every answer about the sandbox is held back 1.5 s.
  await page.route('**/api/recordingReadiness', async (route) => {
    if ((route.request().postDataJSON() as { sandbox?: boolean }).sandbox) await new Promise((r) => setTimeout(r, 1500));
    await route.continue().catch(() => undefined);
  });
  await page.getByRole('tab', { name: 'Recorder' }).click();
  const sandbox = page.getByRole('checkbox', { name: 'Built-in demo sandbox' });
  await expect(sandbox).not.toBeChecked();
  const note = page.locator('#record-missing');
  await expect(note).toBeVisible();
  // On and straight off again: the late "ready" of the sandbox must not win.
  await sandbox.check();
  await sandbox.uncheck();
  await page.waitForTimeout(2500);
  await expect(note).toBeVisible();
  await expect(page.getByRole('button', { name: '● Record' })).toBeDisabled();
});

/**
 * The server owns recording jobs: a reload mid-recording finds the job with its progress and
 * Cancel; a cancel is a calm state; a run that fails (a lane's browser killed) shows up without a
 * refresh and can be deleted to the trash and restored.
 */

test.setTimeout(420_000);

async function openSampleRecorder(page: Page, app: RunningApp): Promise<void> {
  await openSample(page, app.launchUrl);
  await page.getByRole('tab', { name: 'Recorder' }).click();
  await expect(page.getByRole('checkbox', { name: 'Built-in demo sandbox' })).toBeChecked();
}

/** The main process of a lane's browser, started by the app for this data folder. */
function laneBrowserPid(dataDir: string, lane: string): number | null {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (m && m[2]!.includes(path.join(dataDir, 'browser-profiles', 'sample', lane)) && !m[2]!.includes('--type=')) return Number(m[1]);
  }
  return null;
}

test('a reload mid-recording finds the job; cancel is calm; a failed run is deleted and restored', async ({ page, app }) => {
  await openSampleRecorder(page, app);
  await page.getByRole('button', { name: '● Record' }).click();
  const stepper = page.getByRole('list', { name: 'Stages' });
  await expect(stepper).toBeVisible();
  // From the first moment: both lanes, the customer's as the video shows it before its first page.
  await expect(page.getByRole('img', { name: /customer: not in use yet/ })).toBeVisible({ timeout: 60_000 });
  await expect(stepper.locator('[aria-current="step"]')).toContainText('Scenes', { timeout: 120_000 });
  await expect(page.locator('.job-time')).toContainText('elapsed');
  await shot(page, '40-recording-stages');

  // Reload: the same submission and section (whatever other submissions the worker holds), the
  // job still there, with its progress, its stage and Cancel.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: /Sample submission/ })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Recorder', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('progressbar', { name: 'Recording progress' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Stages' }).locator('[aria-current="step"]')).toContainText('Scenes');
  await expect(page.getByRole('button', { name: '● Record' })).toHaveCount(0);
  await shot(page, '41-after-reload');

  // Another submission waits its turn: Record is off, the note names the running one and leads back to it.
  await page.getByRole('button', { name: '+ New submission' }).click();
  await page.getByLabel('Name').fill('globex');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'globex' })).toBeVisible();
  await page.getByRole('tab', { name: 'Recorder' }).click();
  await expect(page.locator('#record-elsewhere')).toContainText('A recording of “sample” is running: one at a time');
  await expect(page.getByRole('button', { name: '● Record' })).toBeDisabled();
  await shot(page, '41b-another-submission-waits');
  await page.locator('#record-elsewhere').getByRole('button', { name: 'Open it' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Sample submission/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();

  // Cancel: a calm state, not an error.
  await page.getByRole('button', { name: 'Cancel' }).click();
  const job = page.locator('.job');
  await expect.poll(() => job.getAttribute('data-status'), { timeout: 60_000 }).toBe('cancelled');
  await expect(page.locator('.job-outcome.calm')).toContainText('Cancelled');
  await expect(page.locator('.job .field-error')).toHaveCount(0);
  await expect(page.locator('.rec-item').first().locator('.tag')).toHaveText('cancelled');
  await shot(page, '42-cancelled');

  // A lane's browser killed mid-run: the run fails, and the list says so without a refresh.
  await page.getByRole('button', { name: '● Record' }).click();
  await expect(page.getByRole('list', { name: 'Stages' }).locator('[aria-current="step"]')).toContainText('Scenes', { timeout: 120_000 });
  const pid = laneBrowserPid(app.dataDir, 'webitel');
  expect(pid, 'the Webitel lane browser is running').not.toBeNull();
  process.kill(pid!, 'SIGKILL');
  await expect.poll(() => job.getAttribute('data-status'), { timeout: 90_000 }).toBe('failed');
  await expect(page.locator('.job-outcome.bad')).toContainText('Stopped at');
  // Said as the app names things: the window by its title, the step by number and caption; no lane id, no flag.
  await expect(page.locator('.job-outcome.bad')).toContainText(/The Webitel — admin and operator window closed unexpectedly during Step \d+, “/);
  await expect(page.locator('.job-outcome.bad')).not.toContainText(/lane "|--[a-z]|REVIEW_ASSISTANT/);
  const failed = page.locator('.rec-item').first();
  await expect(failed.locator('.tag')).toHaveText('failed', { timeout: 15_000 });
  await shot(page, '43-failed');

  // Deleted to the trash, then brought back with Undo.
  const count = await page.locator('.rec-item').count();
  await failed.click();
  await page.locator('.rec-view').getByRole('button', { name: 'Delete' }).click();
  await expect(page.locator('.rec-item')).toHaveCount(count - 1);
  await shot(page, '44-deleted-with-undo');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('.rec-item')).toHaveCount(count);
  await expect(page.locator('.rec-item').first().locator('.tag')).toHaveText('failed');
});
