// Proves the UI speaks plainly, keyboard only: errors by label and step caption, one hint summary, keyed notices, de-duplicated checks, placeholder warnings, focus after delete.
import type { Locator, Page } from '@playwright/test';
import { test, expect, layoutProblems, openApp, openSample, shot } from './app-fixture';

/**
 * Messages a person can act on (issue 29), tried the way a new user would: keyboard only, with
 * mistakes. Every message names the field by its label or the step by its number (from 1) and
 * caption, says what to do, and never names a command-line flag, an internal call or zod's wording.
 */

/** What must never reach the window: a flag, a command, a call name, a dotted path, zod's English. */
const INTERNAL =
  /(^|[\s("'])--[a-z]|review-assistant|[a-z]+(Create|Submission|Scenario)\b|input is not valid|\b[a-z]+\.[a-z]+[A-Z]\w*|steps\[\d|Too (small|big)|expected string|Invalid (input|option)/;

/** Presses Tab (or Shift+Tab) until `target` has focus: only the keyboard moves. */
async function tabTo(page: Page, target: Locator, opts: { back?: boolean; max?: number } = {}): Promise<void> {
  for (let i = 0; i < (opts.max ?? 40); i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target).toBeFocused();
}

const field = (page: Page, path: string) => page.locator(`[data-field="${path}"]`);

/** Opens the blank submission `name`, creating it when this worker has none. */
async function openBlank(page: Page, name: string): Promise<void> {
  const item = page.locator('.sub-item', { hasText: name });
  if (await item.count()) await item.first().click();
  else {
    await page.getByRole('button', { name: '+ New submission' }).click();
    await page.getByRole('dialog').getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
  }
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test('keyboard only: a blank submission filled with mistakes; every message says what to do', async ({ page, app }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp(page, app.launchUrl);
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible();

  // Create: Tab to the button, Enter, type the name, Enter.
  await tabTo(page, page.getByRole('button', { name: '+ New submission' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog').getByLabel('Name', { exact: true })).toBeFocused();
  // A name that cannot be one first: the dialog says what a name may hold.
  await page.keyboard.type('Acme Support');
  await page.keyboard.press('Enter');
  const nameError = page.getByRole('dialog').locator('.field-error');
  await expect(nameError).toContainText(/lowercase letters, digits or dashes/);
  await expect(nameError).not.toHaveText(INTERNAL);
  await page.keyboard.press('Control+a');
  await page.keyboard.type('kb-walk');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'kb-walk' })).toBeVisible();

  // Focus after create: in the first field, ready to type.
  const title = page.getByRole('textbox', { name: 'Submission title' });
  await expect(title).toBeFocused();

  // A pristine blank form is not a wall of hints.
  await expect(page.locator('.form .field-warning')).toHaveCount(0);
  await expect(page.locator('.form-summary')).toHaveText('');

  await page.keyboard.type('Acme support');
  await page.keyboard.press('Tab');
  // The Webitel host without https:// — said next to the field, with what it should look like.
  await expect(page.getByRole('textbox', { name: 'Webitel host' })).toBeFocused();
  await page.keyboard.type('cloud.example.com');
  await expect(field(page, 'webitel.host').locator('.field-error')).toContainText('https://');
  await page.keyboard.press('Tab'); // Gateway name, left empty (optional)
  await page.keyboard.press('Tab'); // App ID
  await expect(page.getByRole('textbox', { name: 'App ID' })).toBeFocused();
  await page.keyboard.type('12ab');
  await expect(field(page, 'gateway.appId').locator('.field-error')).toContainText('digits only');
  // Walking past the App Secret without filling it: now (and only now) it says what it needs.
  await tabTo(page, page.getByLabel('App Secret', { exact: true }));
  await expect(field(page, 'gateway.appSecret').locator('.field-warning')).toHaveCount(0);
  await page.keyboard.press('Tab');
  await expect(field(page, 'gateway.appSecret').locator('.field-warning')).toContainText('enter the App Secret');
  // Hints for fields not visited yet stay away; the ones shown stay while another field is invalid.
  await expect(field(page, 'recording.pageAdmin.password').locator('.field-warning')).toHaveCount(0);
  await expect(page.locator('.form .field-warning')).toHaveCount(1);
  // One summary, counting the invalid fields (they stop a save) apart from the pointed-out empty ones.
  await expect(page.locator('.form-summary')).toHaveText('2 fields to fix, 1 to fill');
  await shot(page, '70-keyboard-mistakes');

  // Save with Enter in a field: refused, one notice naming a field by its label, with a way to it.
  await tabTo(page, page.getByRole('textbox', { name: 'Company' }));
  await page.keyboard.press('Enter');
  const notSaved = page.locator('.toast', { hasText: 'Not saved' });
  await expect(notSaved).toHaveCount(1);
  await expect(notSaved).toContainText('2 fields to fix');
  await expect(notSaved).toContainText(/“(Webitel host|App ID)” must be/);
  await expect(notSaved).not.toHaveText(INTERNAL);
  // After Save every empty field says what it needs, and the summary counts them too.
  await expect(field(page, 'recording.pageAdmin.password').locator('.field-warning')).toContainText('enter the password');
  const summary = page.locator('.form-summary button');
  // It agrees with the notice: 2 to fix, and every empty field to fill.
  await expect(summary).toHaveText(/^2 fields to fix, \d+ to fill$/);
  const empty = Number(/(\d+) to fill/.exec((await summary.textContent()) ?? '')?.[1]);
  expect(empty).toBeGreaterThan(10);
  for (const msg of await page.locator('.form .field-warning, .form .field-error').allTextContents()) {
    expect(msg, msg).toMatch(/^(enter|add|must|confirm|choose|use|Add)\b/);
    expect(msg).not.toMatch(INTERNAL);
  }
  await shot(page, '71-keyboard-after-save');

  // The summary takes focus to the first field to fix.
  await tabTo(page, summary, { back: true, max: 60 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Webitel host' })).toBeFocused();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('https://cloud.example.com');
  await expect(field(page, 'webitel.host').locator('.field-error')).toHaveCount(0);
  await expect(summary).toHaveText(`1 field to fix, ${empty} to fill`);
  await tabTo(page, page.getByRole('textbox', { name: 'App ID' }));
  await page.keyboard.press('Control+a');
  await page.keyboard.type('1234567890');
  await expect(field(page, 'gateway.appId').locator('.field-error')).toHaveCount(0);
  // Nothing invalid any more: the "Not saved" notice has gone by itself.
  await expect(notSaved).toHaveCount(0);
  await expect(summary).toHaveText(`${empty} fields to fill`);
  // Saved: its notice replaces any failure under the same key; the empty fields still say what they need.
  await page.keyboard.press('Enter');
  await expect(page.locator('.toast', { hasText: 'Saved' })).toHaveCount(1);
  await expect(page.locator('.toast.error')).toHaveCount(0);
  await expect(field(page, 'recording.pageAdmin.password').locator('.field-warning')).toBeVisible();
});

test('a form with one mistake: one summary that goes when it is fixed; keyed notices', async ({ page, app }) => {
  await openSample(page, app.launchUrl);
  await page.getByRole('tab', { name: 'Gateway & credentials' }).click();
  const appId = page.getByRole('textbox', { name: 'App ID' });
  const summary = page.locator('.form-summary');
  await expect(summary).toHaveText('');
  await appId.fill('not-digits');
  await expect(summary).toHaveText('1 field to fix');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('.toast.error', { hasText: 'Not saved: 1 field to fix' })).toHaveCount(1);
  // The notice's Show goes to the field.
  await page.locator('.toast.error').getByRole('button', { name: 'Show' }).click();
  await expect(appId).toBeFocused();
  await appId.fill('1234567890');
  await expect(summary).toHaveText('');
  await expect(page.locator('.toast.error')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('.toast', { hasText: 'Saved' })).toHaveCount(1);

  // A refused save, then the edits discarded on the way to another section: the notice goes with them.
  await appId.fill('still-not-digits');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('.toast.error', { hasText: 'Not saved' })).toHaveCount(1);
  await page.getByRole('tab', { name: 'Permissions & texts' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.getByRole('tab', { name: 'Permissions & texts' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.toast.error')).toHaveCount(0);
});

test('a scenario mistake is said by step number (from 1) and caption, and Save clears it', async ({ page, app }) => {
  await openSample(page, app.launchUrl);
  await page.getByRole('tab', { name: 'Recorder', exact: true }).click();
  await page.getByRole('tab', { name: 'Scenario steps' }).click();
  // The first step that has a CSS selector: empty it.
  const steps = page.locator('ol.steps > li');
  await expect(steps.first()).toBeVisible();
  let index = -1;
  let caption = '';
  for (let i = 0; i < (await steps.count()); i++) {
    await page.getByRole('button', { name: `Edit step ${i + 1}`, exact: true }).click();
    const kind = steps.nth(i).locator('.sel-row select');
    if ((await kind.count()) && (await kind.inputValue()) === 'css') {
      index = i;
      caption = (
        await steps
          .nth(i)
          .getByRole('textbox', { name: /^Caption/ })
          .inputValue()
      ).trim();
      await steps.nth(i).getByRole('textbox', { name: 'Selector value' }).fill('');
      break;
    }
    await page.getByRole('button', { name: `Edit step ${i + 1}`, exact: true }).click();
  }
  expect(index).toBeGreaterThanOrEqual(0);
  const name = caption ? `Step ${index + 1}, “${caption}”` : `Step ${index + 1}`;
  await page.getByRole('button', { name: `Edit step ${index + 1}`, exact: true }).click(); // close it: "Show step" opens it again
  await page.getByRole('button', { name: 'Save scenario' }).click();
  const notice = page.locator('.toast.error');
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText('Not saved: 1 problem in the steps');
  await expect(notice).toContainText(`${name}: the first target's CSS selector is empty — fill it in`);
  await expect(notice).not.toHaveText(INTERNAL);
  const list = page.locator('.issue-list');
  await expect(list).toContainText(`${name}: the first target's CSS selector is empty`);
  await expect(list).not.toHaveText(INTERNAL);
  await shot(page, '72-scenario-step-error');
  // "Show step" opens that step and puts focus in it.
  await list.getByRole('button', { name: `Show step ${index + 1}` }).click();
  await expect(steps.nth(index).locator('.step-edit')).toBeVisible();
  await expect(steps.nth(index).locator('.step-edit :focus')).toHaveCount(1);
  await steps.nth(index).getByRole('textbox', { name: 'Selector value' }).fill('button.fixed');
  await page.getByRole('button', { name: 'Save scenario' }).click();
  // The success replaces the failure: never "Not saved" and "Scenario saved" at once.
  await expect(page.locator('.toast', { hasText: 'Scenario saved' })).toHaveCount(1);
  await expect(page.locator('.toast.error')).toHaveCount(0);
  await page.getByRole('button', { name: 'Back to default' }).click();
});

test('checks on a blank submission: one result per problem, "not checked" once as a state', async ({ page, app }) => {
  await openApp(page, app.launchUrl);
  await openBlank(page, 'dedupe');
  await page.getByRole('tab', { name: 'Check & export', exact: true }).click();
  await page.getByRole('button', { name: 'Run checks' }).click();
  const failed = page.locator('.results-list').first().locator('> li');
  await expect(failed.first()).toBeVisible();
  const texts = await failed.allInnerTexts();
  // Each empty field once: the Webitel host, the operator login, the privacy policy…
  for (const label of [
    'Webitel host',
    'Webitel operator login',
    'Operator password',
    'Privacy policy URL',
    'Gateway URI',
    'Trigger message the reviewer sends',
  ])
    expect(
      texts.filter((t) => t.includes(`“${label}” is empty`)),
      label,
    ).toHaveLength(1);
  expect(texts.some((t) => /not filled in|No privacy policy URL/.test(t))).toBe(false);
  for (const t of texts) expect(t).not.toMatch(INTERNAL);
  // Not run yet is a state, said once, not a list of errors.
  expect(texts.some((t) => /Pre-flight not run|No recording yet\.$/.test(t))).toBe(false);
  // Nor does a check that needs a recording warn before there is one (the server-to-server note did).
  expect(texts.filter((t) => /No recording yet|server-to-server/.test(t))).toEqual([]);
  const notChecked = page.locator('details', { has: page.locator('summary', { hasText: 'not checked' }) });
  await expect(notChecked).toHaveCount(1);
  await notChecked.locator('summary').click();
  const reasons = await notChecked.locator('.skip-reason strong').allTextContents();
  expect(new Set(reasons).size).toBe(reasons.length);
  await shot(page, '73-checks-blank-deduplicated');
});

test('placeholders: Copy and Export ask first', async ({ page, app }) => {
  await openApp(page, app.launchUrl);
  await openBlank(page, 'dedupe');
  await page.getByRole('tab', { name: 'Permissions & texts', exact: true }).click();
  await page.getByRole('button', { name: /^Copy Reviewer instructions/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Some values are still placeholders' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('[operator login]');
  // Cancel has focus: Enter does not copy by accident.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shot(page, '74-placeholder-warning');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await page.getByRole('tab', { name: 'Check & export', exact: true }).click();
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Reviewer instructions');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('.exported')).toHaveCount(0);
});

test('focus after delete: the Undo is focused and reachable; Undo brings the submission back with focus on it', async ({ page, app }) => {
  await openApp(page, app.launchUrl);
  await openBlank(page, 'dedupe');
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
  const notice = page.locator('.toast', { hasText: 'Deleted "dedupe"' });
  const undo = notice.getByRole('button', { name: 'Undo' });
  await expect(undo).toBeFocused();
  await shot(page, '75-delete-undo-focused');
  // Tab moves on and Shift+Tab comes back: the notice stays while it is in use.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(undo).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'dedupe' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'dedupe' })).toBeFocused();
});

for (const colorScheme of ['light', 'dark'] as const) {
  for (const size of [
    { name: '1024x700', viewport: { width: 1024, height: 700 }, deviceScaleFactor: 1 },
    { name: 'zoom150', viewport: { width: 911, height: 573 }, deviceScaleFactor: 1.5 },
  ]) {
    test(`messages look right: ${colorScheme}, ${size.name}`, async ({ browser, app }) => {
      const context = await browser.newContext({ viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor, colorScheme });
      const page = await context.newPage();
      try {
        await openSample(page, app.launchUrl);
        await page.getByRole('tab', { name: 'Gateway & credentials' }).click();
        await page.getByRole('textbox', { name: 'App ID' }).fill('12ab');
        await page.getByRole('textbox', { name: 'Company' }).fill('');
        await page.getByRole('textbox', { name: 'Company' }).blur();
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        await expect(page.locator('.toast.error')).toBeVisible();
        await page.getByRole('textbox', { name: 'App ID' }).scrollIntoViewIfNeeded();
        await shot(page, `76-messages-${colorScheme}-${size.name}-form`);
        expect(await layoutProblems(page)).toEqual([]);
        await page.getByRole('button', { name: 'Revert' }).click();
        await openBlank(page, 'shots-blank');
        await page.getByRole('tab', { name: 'Permissions & texts', exact: true }).click();
        await page.getByRole('button', { name: /^Copy Reviewer instructions/ }).click();
        await expect(page.getByRole('dialog', { name: 'Some values are still placeholders' })).toBeVisible();
        await shot(page, `77-messages-${colorScheme}-${size.name}-placeholders`);
        expect(await layoutProblems(page)).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
}
