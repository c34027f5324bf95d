// Proves a new user can set up a submission in the UI: vault, create, validation, setup guide, texts, theme, keyboard, delete and undo.
import { test, expect, PASSPHRASE, shot } from './app-fixture';

test.describe.configure({ mode: 'serial' });

test.setTimeout(120_000);

test('a new user sets up a submission: vault, create, validation, texts', async ({ page, context, freshApp: app }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });
  await page.goto(app.launchUrl);
  // The token moved from the address bar into a cookie.
  await expect(page).not.toHaveURL(/token=/);

  // First run: the vault needs a passphrase.
  await expect(page.getByRole('heading', { name: 'Protect your secrets' })).toBeVisible();
  await shot(page, '01-vault-create');
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Repeat passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create vault' }).click();

  // Empty state.
  await expect(page.getByRole('heading', { level: 1, name: /Get your Messenger gateway/ })).toBeVisible();
  await shot(page, '02-welcome-empty');

  // Create: a bad name first.
  await page.getByRole('button', { name: '+ New submission' }).click();
  await page.getByLabel('Name').fill('Acme Support');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText('lowercase letters');
  await shot(page, '03-new-submission-invalid-name');
  await page.getByLabel('Name').fill('acme-support');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'acme-support' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Gateway & credentials' })).toHaveAttribute('aria-selected', 'true');

  // Invalid values: inline errors from the app's validation.
  await page.getByLabel('App ID', { exact: true }).fill('12ab');
  await page.getByLabel('App Secret', { exact: true }).fill('not-a-secret');
  await page.getByLabel('Webitel host', { exact: true }).fill('http://webitel.example.com');
  await expect(page.locator('[data-field="gateway.appId"] .field-error')).toContainText('digits only');
  await expect(page.locator('[data-field="gateway.appSecret"] .field-error')).toContainText('32-character');
  await expect(page.locator('[data-field="webitel.host"] .field-error')).toContainText('https://');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toBeVisible();
  await shot(page, '04-gateway-invalid');

  // Secrets are masked until revealed.
  await expect(page.getByLabel('App Secret', { exact: true })).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Show App Secret' }).click();
  await expect(page.getByLabel('App Secret', { exact: true })).toHaveAttribute('type', 'text');

  // Valid values: the errors go, the save works.
  await page.getByLabel('App ID', { exact: true }).fill('1234567890123456');
  await page.getByLabel('App Secret', { exact: true }).fill('0123456789abcdef0123456789abcdef');
  await page.getByLabel('Webitel host', { exact: true }).fill('https://webitel.example.com');
  await page.getByLabel('App name', { exact: true }).fill('Acme Support Messenger');
  await page.getByLabel('Company', { exact: true }).fill('Acme Retail Ltd');
  await expect(page.locator('.field-error')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('All changes saved')).toBeVisible();
  await shot(page, '05-gateway-valid-saved');

  // Unsaved-changes guard.
  await page.getByLabel('Company', { exact: true }).fill('Acme Retail Group');
  await page.getByRole('tab', { name: 'Setup guide' }).click();
  await expect(page.getByRole('dialog', { name: 'Discard unsaved changes?' })).toBeVisible();
  await shot(page, '06-unsaved-guard');
  await page.getByRole('button', { name: 'Discard changes' }).click();

  // Setup guide.
  await expect(page.getByText(/of \d+ done/)).toBeVisible();
  await shot(page, '07-setup-guide');

  // Permissions and texts.
  await page.getByRole('tab', { name: 'Permissions & texts' }).click();
  const messaging = page.locator('li.perm').filter({ hasText: 'pages_messaging' });
  // A new submission starts with the four permissions a Messenger gateway needs.
  await expect(page.locator('li.perm').getByRole('checkbox', { checked: true })).toHaveCount(4);
  await messaging.getByRole('checkbox').click();
  await expect(messaging.getByRole('checkbox')).not.toBeChecked();
  await messaging.getByRole('checkbox').click();
  await expect(messaging.getByRole('checkbox')).toBeChecked();
  const card = page.locator('[data-text-id="description:pages_messaging"]');
  await expect(card).toBeVisible();
  const generated = (await card.locator('pre.text-body').textContent()) ?? '';
  expect(generated.length).toBeGreaterThan(80);
  await expect(card.locator('.count')).toHaveText(`${[...generated].length} characters`);
  const copy = card.getByRole('button', { name: /^Copy (How|Why|pages_)/ });
  await copy.click();
  // A text that still holds placeholders ("[Page name]") asks before it is copied.
  if (/\[[A-Za-z][\w .@-]{0,40}\](?!\()/.test(generated)) {
    await expect(page.getByRole('dialog', { name: 'Some values are still placeholders' })).toBeVisible();
    await page.getByRole('button', { name: 'Copy anyway' }).click();
  }
  await expect(copy).toHaveText('Copied ✓');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(generated);
  await shot(page, '08-texts');

  // Edit, then reset to the generated text.
  await card.getByRole('button', { name: 'Edit' }).click();
  const edited = `${generated}\n\nOperators answer within one business day.`;
  await card.getByRole('textbox').fill(edited);
  await card.getByRole('button', { name: 'Save text' }).click();
  await expect(card.locator('.tag', { hasText: 'edited' })).toBeVisible();
  await expect(card.locator('pre.text-body')).toHaveText(edited);
  await shot(page, '09-text-edited');
  await card.getByRole('button', { name: 'Reset to generated' }).click();
  await expect(card.locator('.tag', { hasText: 'edited' })).toHaveCount(0);
  await expect(card.locator('pre.text-body')).toHaveText(generated);

  // The dark theme follows the OS.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(20, 23, 29)');
  await shot(page, '09b-texts-dark');
  await page.getByRole('tab', { name: 'Gateway & credentials' }).click();
  await shot(page, '09c-gateway-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Keyboard: the tabs are reachable and show a focus ring.
  await page.getByRole('tab', { name: 'Gateway & credentials' }).focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('tab', { name: 'Gateway & credentials' })).toBeFocused();
  expect(await page.getByRole('tab', { name: 'Gateway & credentials' }).evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');

  // Check & export, Recorder screens render.
  await page.getByRole('tab', { name: 'Check & export' }).click();
  await expect(page.getByRole('heading', { name: 'Check the submission' })).toBeVisible();
  await shot(page, '10-checks-empty');
  await page.getByRole('tab', { name: 'Recorder' }).click();
  await expect(page.getByRole('heading', { name: 'Record the demo' })).toBeVisible();
  await shot(page, '11-recorder-empty');

  // Delete with undo.
  page.once('dialog', () => undefined);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  // The delete's own notice (the text reset above may still show its Undo too).
  const undo = page.locator('.toast', { hasText: 'Deleted' }).getByRole('button', { name: 'Undo' });
  await expect(undo).toBeVisible();
  await shot(page, '12-deleted-undo');
  await undo.click();
  await expect(page.getByRole('heading', { level: 1, name: 'acme-support' })).toBeVisible();
});
