import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'puppeteer-core';
import { startSandbox, sampleSeed, type RunningSandbox } from '../../../app/sandbox/index';
import { fill, launchChromium, newLane, shot, textOf } from './browser';

const SUBMIT = 'button.p-button.wt-button[type="submit"]';
const isDisabled = (b: Element) => (b as HTMLButtonElement).disabled;

describe('sandbox logins in Chromium', () => {
  let browser: Browser;
  let twoStep: RunningSandbox;
  let domainFirst: RunningSandbox;

  beforeAll(async () => {
    twoStep = await startSandbox({ seed: sampleSeed(), ccSwitchDelayMs: 100 });
    const seed = sampleSeed();
    seed.webitel.operator.activityTypes = ['Standard Online', 'Back office'];
    seed.facebook.customer.needsCode = true;
    seed.facebook.customer.code = '424242';
    domainFirst = await startSandbox({ seed, loginForm: 'domain-first', ccSwitchDelayMs: 100 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await twoStep?.close();
    await domainFirst?.close();
  });

  it('two-step form: a wrong password shows the error and stays; the right one hands the token to Workspace', async () => {
    const { context, page } = await newLane(browser);
    try {
      const op = twoStep.seed.webitel.operator;
      await page.goto(twoStep.urls.workspace);
      await page.waitForSelector('div.wt-input[name="username"] input[name="username"]');
      expect(await page.$eval(SUBMIT, isDisabled)).toBe(true);
      await fill(page, 'input[name="username"]', op.login);
      expect(await page.$eval(SUBMIT, isDisabled)).toBe(false);
      await page.keyboard.press('Enter');
      await page.waitForSelector('input[name="password"][type="password"][placeholder="Password"]');
      expect(await textOf(page, '.auth__subtitle')).toBe('Enter your password');
      await fill(page, 'input[name="password"]', 'wrong-password');
      await page.click(SUBMIT);
      await page.waitForSelector('.wt-input--invalid .wt-input__error');
      expect(await textOf(page, '.wt-input__error')).toBe('Incorrect login or password');
      expect(new URL(page.url()).pathname).toBe('/app/auth');
      await shot(page, '10-webitel-wrong-password');
      await fill(page, 'input[name="password"]', op.password);
      await page.click(SUBMIT);
      await page.waitForSelector('.wt-popup__title');
      expect(page.url()).toBe(twoStep.urls.workspace);
      expect(await page.evaluate(() => localStorage.getItem('access-token'))).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      await context.close();
    }
  });

  it('domain-first form: "Incorrect domain" until valid, then username + password; activity-type popup on Call Center', async () => {
    const { context, page } = await newLane(browser);
    try {
      const op = domainFirst.seed.webitel.operator;
      const [user, domain] = op.login.split('@') as [string, string];
      await page.goto(domainFirst.urls.workspace);
      await page.waitForSelector('input[name="domain"]');
      await fill(page, 'input[name="domain"]', 'acme');
      await page.waitForSelector('.wt-input--invalid');
      expect(await textOf(page, '.wt-input__error')).toBe('Incorrect domain');
      expect(await page.$eval(SUBMIT, isDisabled)).toBe(true);
      await shot(page, '11-webitel-domain-first');
      await fill(page, 'input[name="domain"]', domain);
      expect(await page.$eval(SUBMIT, isDisabled)).toBe(false);
      await page.keyboard.press('Enter');
      await fill(page, 'input[name="username"]', user);
      await fill(page, 'input[name="password"]', op.password);
      expect(await page.$$eval('form button', (bs) => bs.map((b) => b.textContent?.trim()))).toEqual(['Back', 'Log in']);
      await page.click(SUBMIT);
      await page.waitForSelector('.wt-popup .wt-popup__actions button:not([disabled])');
      await page.click('.wt-popup .wt-popup__actions button');
      await page.waitForSelector('.wt-popup', { hidden: true });

      const sw = '.wt-cc-agent-status-select__call-center-switcher';
      await page.click(`${sw} input[role="switch"]`);
      await page.waitForSelector('.wt-cc-activity-type-popup .wt-popup__title');
      expect(await textOf(page, '.wt-cc-activity-type-popup .wt-popup__title')).toBe('Please select activity type');
      expect(await page.$eval(`${sw} .p-toggleswitch`, (e) => e.getAttribute('data-p-checked'))).toBe('false');
      await page.click('.wt-cc-activity-type-popup input[value="Back office"]');
      await page.click('.wt-cc-activity-type-popup ::-p-text(Ok)');
      await page.waitForSelector(`${sw} .p-toggleswitch[data-p-checked="true"]`);
      expect(domainFirst.state.snapshot().agent).toMatchObject({ status: 'online', activity: 'Back office' });
      // and off again
      await page.click(`${sw} input[role="switch"]`);
      await page.waitForSelector(`${sw} .p-toggleswitch[data-p-checked="false"] input[aria-checked="false"]`);
      expect(domainFirst.state.agentStatus).toBe('offline');
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
