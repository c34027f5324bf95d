// Proves the sandbox's Webitel and Facebook pages follow each Webitel release in Chromium: login forms, two-factor, Workspace, Admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { startSandbox, sampleSeed, type RunningSandbox } from '../../../app/sandbox/index';
import { WEBITEL_TFA_CODE } from '../../../app/sandbox/state';
import { fill, launchChromium, newLane, shot, textOf } from './browser';

/** Webitel's buttons: found by their accessible name, which CSS upper-cases as on the real pages. */
const btn = (name: string) => `::-p-aria([name="${name}"][role="button"])`;
const isDisabled = (b: Element) => (b as HTMLButtonElement).disabled;
const HINTS = 'main.auth [role="alert"]';
const TOAST = '.p-toast .p-toast-message-error .p-toast-detail';

async function hints(page: Page): Promise<string[]> {
  return page.$$eval(HINTS, (els) => els.map((e) => (e.textContent ?? '').trim()));
}

/**
 * Connects the seed's Pages to the gateway as their Facebook admin does in the consent popup
 * ("all current and future Pages"), posting the dialog's answer without its screens (flow.test.ts walks them).
 */
async function connectAllPages(browser: Browser, sb: RunningSandbox): Promise<void> {
  const { context, page } = await newLane(browser);
  try {
    const fb = sb.seed.facebook.pageAdmin;
    await page.goto(`${sb.urls.gatewayUrl}?pages=setup`);
    await fill(page, 'input#email', fb.email);
    await fill(page, 'input#pass', fb.password);
    await Promise.all([page.waitForNavigation(), page.click('button[name="login"]')]);
    expect(new URL(page.url()).pathname).toBe(`/${sb.seed.gateway.apiVersion}/dialog/oauth`);
    const q = Object.fromEntries(new URL(page.url()).searchParams);
    await Promise.all([
      page.waitForNavigation(),
      page.evaluate(
        (action, fields) => {
          const form = document.createElement('form');
          form.method = 'POST';
          form.action = action;
          for (const [name, value] of Object.entries(fields)) {
            const input = document.createElement('input');
            input.type = 'hidden';
            input.name = name;
            input.value = value;
            form.append(input);
          }
          document.body.append(form);
          form.submit();
        },
        `/${sb.seed.gateway.apiVersion}/dialog/oauth/confirm`,
        { client_id: q.client_id!, redirect_uri: q.redirect_uri!, state: q.state!, scope: q.scope!, page_opt_in: 'all' },
      ),
    ]);
    expect(await textOf(page, '#result')).toBe('Pages updated. This window closes by itself.');
  } finally {
    await context.close();
  }
}

describe('sandbox Webitel pages per release, in Chromium', () => {
  let browser: Browser;
  let r0604: RunningSandbox;
  let r0606: RunningSandbox;
  let r0608: RunningSandbox;
  let tfa: RunningSandbox;
  let change: RunningSandbox;
  let readOnly: RunningSandbox;
  let domainFirst: RunningSandbox;

  beforeAll(async () => {
    const fast = { ccSwitchDelayMs: 100, webitel: { sessionOpenMs: 700, activityTypesMs: 500 } };
    r0604 = await startSandbox({ seed: sampleSeed(), webitelRelease: '26.04', ...fast });
    r0606 = await startSandbox({ seed: sampleSeed(), ...fast });
    r0608 = await startSandbox({ seed: sampleSeed(), webitelRelease: '26.08', ...fast });
    tfa = await startSandbox({ seed: sampleSeed(), webitel: { tfa: true } });
    change = await startSandbox({ seed: sampleSeed(), webitel: { forcePasswordChange: ['operator'] } });
    readOnly = await startSandbox({ seed: sampleSeed(), webitel: { adminReadOnly: true } });
    const seed = sampleSeed();
    seed.facebook.customer.needsCode = true;
    seed.facebook.customer.code = '424242';
    domainFirst = await startSandbox({ seed, loginForm: 'domain-first' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    for (const sb of [r0604, r0606, r0608, tfa, change, readOnly, domainFirst]) await sb?.close();
  });

  it('26.06: "Field is required" at load, name@domain validation, upper-case NEXT, the password below the login, a wrong password in a toast', async () => {
    const { context, page } = await newLane(browser);
    try {
      const op = r0606.seed.webitel.operator;
      expect(r0606.webitelRelease).toBe('26.06');
      await page.goto(r0606.urls.workspace);
      await page.waitForSelector('input[name="username"]');
      // Hints, not errors: the form touches its fields on mount.
      expect(await hints(page)).toEqual(['Field is required']);
      expect(await page.$(TOAST)).toBeNull();
      // Chromium names the button after CSS text-transform: "NEXT", not "Next".
      expect(await page.$(btn('Next'))).toBeNull();
      const next = (await page.$(btn('NEXT')))!;
      expect(await next.evaluate(isDisabled)).toBe(true);
      expect(await next.evaluate((b) => getComputedStyle(b).textTransform)).toBe('uppercase');
      expect(await next.evaluate((b) => b.getAttribute('type'))).toBe('button');
      await fill(page, 'input[name="username"]', op.login.split('@')[0]!);
      expect(await next.evaluate(isDisabled)).toBe(true);
      await fill(page, 'input[name="username"]', `${op.login.split('@')[0]}@acme`);
      expect(await next.evaluate(isDisabled)).toBe(true);
      expect(await hints(page)).toEqual([]);
      await fill(page, 'input[name="username"]', op.login);
      expect(await next.evaluate(isDisabled)).toBe(false);
      await page.keyboard.press('Enter');
      await page.waitForSelector('input[name="password"][type="password"]');
      expect(await textOf(page, '.auth-wrapper__title')).toBe('Enter your password');
      expect(await page.$eval('input[name="username"]', (i) => (i as HTMLInputElement).value)).toBe(op.login);
      expect(await hints(page)).toEqual(['Field is required']);
      await fill(page, 'input[name="password"]', 'wrong-password');
      await page.click(btn('NEXT'));
      await page.waitForSelector(TOAST);
      expect(await textOf(page, TOAST)).toBe('Invalid login or password');
      expect(new URL(page.url()).pathname).toBe('/app/auth');
      await shot(page, '10-webitel-26.06-wrong-password');
      await fill(page, 'input[name="password"]', op.password);
      await page.click(btn('NEXT'));
      await page.waitForSelector('.wt-popup__title');
      expect(page.url()).toBe(r0606.urls.workspace);
      expect(await page.evaluate(() => localStorage.getItem('access-token'))).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      await context.close();
    }
  });

  it('Workspace start-up: "Ok" loads, the session opens, then the release\'s Call Center switch appears; avatars are initials', async () => {
    for (const sb of [r0606, r0608]) {
      const { context, page } = await newLane(browser);
      try {
        const op = sb.seed.webitel.operator;
        await page.goto(sb.urls.workspace);
        await fill(page, 'input[name="username"]', op.login);
        await page.keyboard.press('Enter');
        await fill(page, 'input[name="password"]', op.password);
        await page.keyboard.press('Enter');
        await page.waitForSelector('.wt-popup__title');
        expect(await textOf(page, '.wt-popup__title')).toBe('Welcome to Webitel Agent Workspace!');
        // No switch before the agent session is open.
        expect(await page.$('.wt-switcher ::-p-text(Call Center)')).toBeNull();
        const ok = await page.waitForSelector(`.wt-popup ${btn('OK')}:not([disabled])`);
        await ok!.click();
        expect(await page.$eval('.wt-popup .wt-popup__actions button', (b) => b.classList.contains('p-button--loading'))).toBe(true);
        await page.waitForSelector('.wt-popup', { hidden: true });
        await page.waitForSelector('.wt-switcher ::-p-text(Call Center)');
        const sdkClass = await page.$('.wt-cc-agent-status-select__call-center-switcher');
        expect(sdkClass !== null).toBe(sb.webitelRelease === '26.08');
        expect(await page.$eval('.wt-header-actions__btn .wt-avatar', (e) => (e.textContent ?? '').trim())).toBe('OO');
        expect(await page.$eval('.wt-header-actions__name', (e) => e.textContent)).toBe(op.name);
        const sw = '.ws-agent-controls .wt-switcher input[role="switch"]';
        await page.click(sw);
        if (sb.webitelRelease === '26.08') {
          // The activity types come over the network first; only then their popup opens.
          expect(await page.$('.wt-cc-activity-type-popup')).toBeNull();
          await page.waitForSelector('.wt-cc-activity-type-popup .wt-popup__title');
          expect(await textOf(page, '.wt-cc-activity-type-popup .wt-popup__title')).toBe('Please select activity type');
          expect(await page.$$eval('.wt-cc-activity-type-popup .wt-radio__label', (l) => l.map((x) => x.textContent))).toEqual([
            'Standard Online',
            'Chats only',
          ]);
          await page.click(`.wt-cc-activity-type-popup ${btn('OK')}`);
        }
        await page.waitForSelector('.ws-agent-controls .p-toggleswitch[data-p-checked="true"]');
        expect(sb.state.agentStatus).toBe('online');
        await shot(page, `15-workspace-${sb.webitelRelease}`);
      } finally {
        await context.close();
      }
    }
  });

  it('a stored token skips the form and opens Workspace as its owner: 26.06 never draws the form, 26.04 draws it, then forwards', async () => {
    for (const [sb, drawn] of [
      [r0606, false],
      [r0604, true],
    ] as const) {
      const { context, page } = await newLane(browser);
      try {
        await page.goto(sb.urls.webitelLogin);
        const ad = sb.seed.webitel.admin;
        const token = await page.evaluate(async (a) => {
          const r = await fetch('/api/login', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ username: a.login, password: a.password }),
          });
          return ((await r.json()) as { access_token: string }).access_token;
        }, ad);
        await page.evaluate((t) => localStorage.setItem('access-token', t), token);
        let seen = false;
        await page.exposeFunction('noteForm', () => {
          seen = true;
        });
        await page.evaluateOnNewDocument(() => {
          new MutationObserver(() => {
            if (document.querySelector('input[name="username"], input[name="domain"]')) (window as unknown as { noteForm: () => void }).noteForm();
          }).observe(document, { childList: true, subtree: true });
        });
        await page.goto(`${sb.urls.webitelLogin}?redirectTo=${encodeURIComponent(sb.urls.workspace)}`);
        await page.waitForSelector('.wt-header-actions__name');
        // Whoever "logs in" next in this browser becomes the admin: why the scenario signs the admin out first.
        expect(await page.$eval('.wt-header-actions__name', (e) => e.textContent)).toBe(ad.name);
        expect(new URL(page.url()).pathname).toBe('/workspace/');
        expect(seen).toBe(drawn);
      } finally {
        await context.close();
      }
    }
  });

  it('26.04: domain first ("acme" refused), then Login and Password beside the domain, BACK and LOG IN', async () => {
    const { context, page } = await newLane(browser);
    try {
      const op = r0604.seed.webitel.operator;
      const [user, domain] = op.login.split('@') as [string, string];
      await page.goto(r0604.urls.workspace);
      await page.waitForSelector('input[name="domain"]');
      expect(await hints(page)).toEqual(['Field is required']);
      await fill(page, 'input[name="domain"]', 'acme');
      expect(await page.$eval(btn('NEXT'), isDisabled)).toBe(true);
      await shot(page, '11-webitel-26.04-domain');
      await fill(page, 'input[name="domain"]', domain);
      expect(await page.$eval(btn('NEXT'), isDisabled)).toBe(false);
      await page.keyboard.press('Enter');
      await page.waitForSelector('input[name="username"]');
      expect(await hints(page)).toEqual(['Field is required', 'Field is required']);
      expect(await page.$eval('[data-field="domain"] input', (i) => [(i as HTMLInputElement).value, (i as HTMLInputElement).disabled])).toEqual([domain, true]);
      expect(await page.$(btn('BACK'))).not.toBeNull();
      await fill(page, 'input[name="username"]', user);
      await fill(page, 'input[name="password"]', op.password);
      await page.click(btn('LOG IN'));
      await page.waitForSelector('.wt-popup__title');
      expect(page.url()).toBe(r0604.urls.workspace);
    } finally {
      await context.close();
    }
  });

  it('two-factor "Code" step after the password; a wrong code is a toast', async () => {
    const { context, page } = await newLane(browser);
    try {
      const op = tfa.seed.webitel.operator;
      await page.goto(tfa.urls.workspace);
      await fill(page, 'input[name="username"]', op.login);
      await page.keyboard.press('Enter');
      await fill(page, 'input[name="password"]', op.password);
      await page.keyboard.press('Enter');
      await page.waitForSelector('input[placeholder="Code"]');
      expect(await textOf(page, '.auth-wrapper__title')).toBe('Enter your credentials');
      await fill(page, 'input[placeholder="Code"]', '000000');
      await page.click(btn('NEXT'));
      await page.waitForSelector(TOAST);
      expect(await textOf(page, TOAST)).toBe('Invalid authentication code');
      await fill(page, 'input[placeholder="Code"]', WEBITEL_TFA_CODE);
      await page.click(btn('NEXT'));
      await page.waitForSelector('.wt-popup__title');
    } finally {
      await context.close();
    }
  });

  it('a forced password change (HTTP 412) draws the change form instead of signing in', async () => {
    const { context, page } = await newLane(browser);
    try {
      const op = change.seed.webitel.operator;
      await page.goto(change.urls.workspace);
      await fill(page, 'input[name="username"]', op.login);
      await page.keyboard.press('Enter');
      await fill(page, 'input[name="password"]', op.password);
      await page.keyboard.press('Enter');
      await page.waitForSelector('.login-change-password');
      expect(await textOf(page, '.login-change-password-header--text')).toBe('You need to set up a new password');
      expect(await page.$(btn('SAVE'))).not.toBeNull();
      expect(new URL(page.url()).pathname).toBe('/app/auth');
    } finally {
      await context.close();
    }
  });

  it('Admin: tabs are buttons in a nav (no role="tab"), the gateway URL opens Meta, the pages table waits behind a loader, {status, detail} errors are toasts', async () => {
    const { context, page } = await newLane(browser);
    try {
      const ad = r0606.seed.webitel.admin;
      await page.goto(`${r0606.origins.webitel}/routing/chat-gateways/${r0606.seed.gateway.id}`);
      await fill(page, 'input[name="username"]', ad.login);
      await page.keyboard.press('Enter');
      await fill(page, 'input[name="password"]', ad.password);
      await page.keyboard.press('Enter');
      await page.waitForSelector('nav.wt-tabs');
      expect(page.url()).toBe(r0606.urls.gatewayMeta);
      expect(await page.$$eval('nav.wt-tabs > button.wt-tab', (bs) => bs.map((b) => [b.textContent, b.getAttribute('role'), b.getAttribute('type')]))).toEqual(
        ['Meta', 'Facebook pages', 'Instagram', 'Whatsapp', 'Templates'].map((t) => [t, null, 'button']),
      );
      expect(await page.$('[role="tab"]')).toBeNull();
      // The loader can come and go between two polls on a loaded machine: record what the page
      // drew when the loader arrived instead of racing to see it.
      // The tab is a navigation, so the recorder goes in before the next document's scripts.
      await page.evaluateOnNewDocument(() => {
        const w = window as unknown as { loaderArrived?: { tableHidden: boolean } };
        new MutationObserver((_, obs) => {
          const loader = document.querySelector<HTMLElement>('.adm-pages-loader');
          if (!loader) return;
          const table = document.querySelector<HTMLElement>('.table-section__table-wrapper');
          w.loaderArrived = { tableHidden: !table || getComputedStyle(table).display === 'none' };
          obs.disconnect();
        }).observe(document, { childList: true, subtree: true });
      });
      await page.click('nav.wt-tabs ::-p-text(Facebook pages)');
      // Waiting for the loader to be hidden alone can pass on the old document, before the
      // navigation starts; wait for the new document's record of the loader first.
      const arrived = await page.waitForFunction(() => (window as unknown as { loaderArrived?: unknown }).loaderArrived);
      expect(await arrived.jsonValue()).toEqual({ tableHidden: true });
      await page.waitForSelector('.adm-pages-loader', { hidden: true });
      expect(await page.$eval('.table-section__table-wrapper', (e) => getComputedStyle(e).display)).not.toBe('none');
      expect(await page.$(btn('ADD OR REMOVE PAGES'))).not.toBeNull();
      await page.evaluate(() => window.postMessage({ status: 'error', detail: 'canceled by the user' }, '*'));
      await page.waitForSelector(TOAST);
      expect(await textOf(page, TOAST)).toBe('canceled by the user');
    } finally {
      await context.close();
    }
  });

  it('Admin without update access: no "Add or remove pages", and the Page\'s subscription switch is drawn disabled', async () => {
    // A Page connected beforehand (by someone with access), so the table has a switch to draw.
    await connectAllPages(browser, readOnly);
    const page0 = readOnly.seed.pages[0]!;
    expect(readOnly.state.connectedPages().map((p) => [p.id, p.subscribed])).toEqual([[page0.id, false]]);
    const { context, page } = await newLane(browser);
    try {
      const ad = readOnly.seed.webitel.admin;
      await page.goto(readOnly.urls.gatewayPages);
      await fill(page, 'input[name="username"]', ad.login);
      await page.keyboard.press('Enter');
      await fill(page, 'input[name="password"]', ad.password);
      await page.keyboard.press('Enter');
      await page.waitForSelector('.adm-pages-loader', { hidden: true });
      await page.waitForSelector('.adm-pages');
      expect(await page.$(btn('ADD OR REMOVE PAGES'))).toBeNull();
      // wt-switcher's PrimeVue ToggleSwitch, disabled: the class, the data attribute and the input itself.
      const sw = `tr[data-page="${page0.id}"] .adm-subscription`;
      const drawn = await page.$eval(`${sw} .p-toggleswitch`, (t) => ({
        cls: t.classList.contains('p-disabled'),
        data: t.getAttribute('data-p-disabled'),
        input: (t.querySelector('input[role="switch"]') as HTMLInputElement).disabled,
      }));
      expect(drawn).toEqual({ cls: true, data: 'true', input: true });
      await shot(page, '13-admin-read-only-switch');
      // Clicking it changes nothing, on screen or in Webitel.
      await page.click(`${sw} input[role="switch"]`);
      expect(await page.$eval(`${sw} .p-toggleswitch`, (t) => t.getAttribute('data-p-checked'))).toBe('false');
      expect(readOnly.state.connectedPages()[0]!.subscribed).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('Facebook login with the code step: a wrong code is refused, the right one lands on the Page', async () => {
    const { context, page } = await newLane(browser, 800, 700);
    try {
      const cu = domainFirst.seed.facebook.customer;
      await page.goto(domainFirst.urls.messengerThread);
      await fill(page, 'input#email', cu.email);
      await fill(page, 'input#pass', 'nope');
      await Promise.all([page.waitForNavigation(), page.click('button[name="login"]')]);
      expect(await textOf(page, '[role="alert"]')).toBe("The password that you've entered is incorrect.");
      await fill(page, 'input#pass', cu.password);
      await Promise.all([page.waitForNavigation(), page.click('button[name="login"]')]);
      expect(await textOf(page, 'h2')).toBe('Enter the code from your authentication app');
      await fill(page, 'input#approvals_code[name="approvals_code"][aria-label="Login code"]', '000000');
      await Promise.all([page.waitForNavigation(), page.click('::-p-text(Continue)')]);
      expect(await page.$('[role="alert"]')).not.toBeNull();
      await shot(page, '12-facebook-code-step');
      await fill(page, 'input#approvals_code', cu.code);
      await Promise.all([page.waitForNavigation(), page.click('::-p-text(Continue)')]);
      expect(page.url()).toBe(domainFirst.urls.messengerThread);
      await page.waitForSelector('div[contenteditable="true"][role="textbox"][aria-label="Message"]');
      // Nothing connected in this sandbox: the message stays on the customer's side.
      await page.click('div[role="textbox"]');
      await page.keyboard.type('Hello?');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[role="grid"] [role="row"] ::-p-text(Hello?)');
      expect(domainFirst.state.chats()).toEqual([]);
      expect(domainFirst.state.snapshot().conversations[0]!.messages[0]).toMatchObject({ text: 'Hello?', routed: false });
    } finally {
      await context.close();
    }
  });

  it('admin gateway list, the "New chat gateway" popup and the Meta form', async () => {
    const { context, page } = await newLane(browser);
    const twoStep = r0606;
    try {
      const ad = twoStep.seed.webitel.admin;
      await page.goto(twoStep.urls.chatGateways);
      await fill(page, 'input[name="username"]', ad.login);
      await page.keyboard.press('Enter');
      await fill(page, 'input[name="password"]', ad.password);
      await page.keyboard.press('Enter');
      await page.waitForSelector('.wt-table tbody tr');
      expect(await page.$$eval('.wt-table th', (ths) => ths.map((t) => t.textContent))).toEqual(['Name', 'URI', 'Flow schema', 'Provider', 'State']);
      expect(await textOf(page, '.wt-table tbody tr td:nth-child(2)')).toBe(twoStep.seed.gateway.uri);
      await page.click('::-p-text(Add)');
      await page.waitForSelector('.wt-popup .popup-options__item-header');
      expect(await textOf(page, '.wt-popup__title')).toBe('New chat gateway');
      await page.click('li.popup-options__item-wrap h4::-p-text(Meta)');
      await shot(page, '13-admin-new-gateway-popup');
      await page.click('.wt-popup .popup-close');

      await page.goto(twoStep.urls.gatewayMeta);
      await page.waitForSelector('input[placeholder="App ID"]');
      const g = twoStep.seed.gateway;
      expect(await page.$eval('input[placeholder="Name"]', (i) => (i as HTMLInputElement).value)).toBe(g.name);
      expect(await page.$eval('input[placeholder="App ID"]', (i) => (i as HTMLInputElement).value)).toBe(g.appId);
      expect(await page.$eval('input[placeholder="URI"]', (i) => (i as HTMLInputElement).value)).toBe(g.uri);
      expect(await page.$eval('input[placeholder="App Secret"]', (i) => (i as HTMLInputElement).type)).toBe('password');
      expect(await page.$eval('input[placeholder="API Version"]', (i) => (i as HTMLInputElement).value)).toBe(g.apiVersion);
      expect(await textOf(page, '.adm-save')).toBe('Saved');
      await shot(page, '14-admin-meta-form');
      await fill(page, 'input[placeholder="Name"]', 'Messenger demo');
      expect(await textOf(page, '.adm-save')).toBe('Save');
      await page.click('.adm-save');
      await page.waitForFunction(() => document.querySelector('.adm-save')?.textContent?.trim() === 'Saved');
      expect(twoStep.state.snapshot().gateways[0]!.name).toBe('Messenger demo');
    } finally {
      await context.close();
    }
  });
});
