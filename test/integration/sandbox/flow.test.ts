// Proves the sandbox's whole story in Chromium: the admin connects the Page, a customer's message becomes a chat, the reply arrives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { startSandbox, sampleSeed, type RunningSandbox } from '../../../app/sandbox/index';
import { clickFresh, fill, launchChromium, newLane, shot, textOf } from './browser';

// 26.06 (the default release) draws a plain wt-switcher labelled "Call Center" in the header.
const CC_SWITCH = '.ws-agent-controls .wt-switcher';
const NEXT = '::-p-aria([name="NEXT"][role="button"])';

async function webitelLogin(page: Page, login: string, password: string): Promise<void> {
  await page.waitForSelector('input[name="username"]');
  await fill(page, 'input[name="username"]', login);
  await page.click(NEXT);
  await fill(page, 'input[name="password"][type="password"]', password);
  await page.click(NEXT);
  await page.waitForFunction(() => !location.pathname.startsWith('/app/auth'));
}

async function facebookLogin(page: Page, email: string, password: string): Promise<void> {
  await fill(page, 'input#email[name="email"]', email);
  await fill(page, 'input#pass[name="pass"][type="password"]', password);
  await Promise.all([page.waitForNavigation(), page.click('button[name="login"]')]);
}

describe('sandbox end to end in Chromium', () => {
  let browser: Browser;
  let sb: RunningSandbox;
  const log: string[] = [];

  beforeAll(async () => {
    sb = await startSandbox({ seed: sampleSeed(), ccSwitchDelayMs: 300, log: (l) => log.push(l) });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sb?.close();
  });

  it('admin connects the Page, operator goes online, customer message becomes a chat, reply reaches the customer', async () => {
    const seed = sb.seed;
    const page0 = seed.pages[0]!;
    const admin = await newLane(browser);
    const operator = await newLane(browser);
    const customer = await newLane(browser, 900, 800);
    try {
      // --- Admin: login (redirected from the pages tab), Add or remove pages, consent, subscription ---
      const a = admin.page;
      await a.goto(sb.urls.gatewayPages);
      await a.waitForSelector('input[name="username"]');
      expect(new URL(a.url()).pathname).toBe('/app/auth');
      expect(new URL(a.url()).searchParams.get('redirectTo')).toBe(sb.urls.gatewayPages);
      expect(await textOf(a, 'h1')).toBe('Sign in');
      await shot(a, '01-webitel-login');
      await webitelLogin(a, seed.webitel.admin.login, seed.webitel.admin.password);
      await a.waitForSelector('::-p-text(Add or remove pages)');
      expect(a.url()).toBe(sb.urls.gatewayPages); // accessToken taken out of the URL
      expect(await a.evaluate(() => localStorage.getItem('access-token'))).toMatch(/^[0-9a-f]{32}$/);
      expect(await a.$$eval('.wt-table th', (ths) => ths.map((t) => t.textContent))).toEqual(['ID', 'Name', 'Accounts', 'Webhook subscription']);

      // Record what the page asks window.open for (headless clamps windows to its 800×600 screen).
      await a.evaluate(() => {
        const w = window as unknown as { open: typeof window.open; __opened?: unknown[] };
        const original = w.open.bind(window);
        w.open = (...args: Parameters<typeof window.open>) => {
          w.__opened = args;
          return original(...args);
        };
      });
      const popupP = new Promise<Page>((resolve) => a.once('popup', (p) => resolve(p!)));
      await a.click('button.adm-pages-setup');
      const popup = await popupP;
      popup.setDefaultTimeout(15_000);
      await popup.waitForSelector('input#email');
      expect(new URL(popup.url()).origin).toBe(sb.origins.facebook);
      const opened = (await a.evaluate(() => (window as unknown as { __opened: string[] }).__opened)) as string[];
      expect(opened[0]).toBe(`/chat/${seed.gateway.uri}?pages=setup`);
      expect(opened[2]).toMatch(/^width=600,height=700,/);
      await shot(popup, '02-facebook-login-popup');
      await facebookLogin(popup, seed.facebook.pageAdmin.email, seed.facebook.pageAdmin.password);
      const dialogUrl = new URL(popup.url());
      expect(dialogUrl.pathname).toBe(`/${seed.gateway.apiVersion}/dialog/oauth`);
      expect(dialogUrl.searchParams.get('client_id')).toBe(seed.gateway.appId);
      expect(dialogUrl.searchParams.get('auth_type')).toBe('rerequest');
      expect(dialogUrl.searchParams.get('redirect_uri')).toBe(sb.urls.gatewayUrl);
      // As chat_manager 26.6-157 builds it: the three scopes, a popup, state "fb".
      expect(dialogUrl.searchParams.get('scope')).toBe('pages_show_list,pages_messaging,pages_manage_metadata');
      expect(dialogUrl.searchParams.get('display')).toBe('popup');
      expect(dialogUrl.searchParams.get('state')).toBe('fb');
      const first = seed.facebook.pageAdmin.name.split(' ')[0]!;
      expect(await textOf(popup, '[data-screen="1"] h2')).toBe(`Continue as ${seed.facebook.pageAdmin.name}?`);
      // The heading also reads "Continue as …": the button is the one to click.
      await popup.click(`::-p-aria([name="Continue as ${first}"][role="button"])`);
      // Facebook Login for Business: all current and future Pages is the preset; "current only" shows the checklist.
      await popup.waitForSelector('::-p-aria([name="Opt in to current Pages only"][role="radio"])', { visible: true });
      expect(await popup.$(`input[type="checkbox"][aria-label="${page0.name}"]`).then((h) => h!.isVisible())).toBe(false);
      await popup.click('::-p-aria([name="Opt in to current Pages only"][role="radio"])');
      await popup.waitForSelector(`input[type="checkbox"][aria-label="${page0.name}"]`, { visible: true });
      expect(await popup.$eval('[data-screen="2"] button.fb-pages-continue', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
      await popup.click(`input[type="checkbox"][aria-label="${page0.name}"]`);
      expect(await popup.$eval(`input[type="checkbox"][aria-label="${page0.name}"]`, (b) => b.getAttribute('aria-checked'))).toBe('true');
      await shot(popup, '03-facebook-choose-pages');
      await popup.click('[data-screen="2"] ::-p-text(Continue)');
      await popup.waitForSelector('[role="switch"][aria-label="Show a list of the Pages you manage"][aria-checked="true"]', { visible: true });
      expect(await textOf(popup, '[data-screen="3"] h2')).toBe(`Review ${seed.facebook.appName}\u2019s access request`);
      await shot(popup, '04-facebook-review-permissions');
      await popup.click('[data-screen="3"] ::-p-text(Save)');
      await popup.waitForSelector(`::-p-text(${seed.facebook.pageAdmin.name} has been connected to ${seed.facebook.appName})`, { visible: true });
      const closed = new Promise<void>((resolve) => popup.once('close', () => resolve()));
      await popup.click('::-p-text(Got it)');
      await closed;

      const switchSel = `tr[data-page="${page0.id}"] .adm-subscription`;
      await a.waitForSelector(`${switchSel} .p-toggleswitch[data-p-checked="false"]`);
      expect(await textOf(a, `tr[data-page="${page0.id}"] td:nth-child(2)`)).toBe(page0.name);
      expect(sb.state.connectedPages().map((p) => [p.id, p.subscribed])).toEqual([[page0.id, false]]);
      await clickFresh(a, `${switchSel} input[role="switch"]`);
      await a.waitForSelector(`${switchSel} .p-toggleswitch[data-p-checked="true"].p-toggleswitch-checked input[aria-checked="true"]`);
      expect(sb.state.connectedPages()[0]!.subscribed).toBe(true);
      await shot(a, '05-admin-facebook-pages');

      // --- Operator: Workspace login, welcome popup ---
      const o = operator.page;
      await o.goto(sb.urls.workspace);
      await webitelLogin(o, seed.webitel.operator.login, seed.webitel.operator.password);
      await o.waitForSelector('.wt-popup .wt-popup__title');
      expect(await textOf(o, '.wt-popup .wt-popup__title')).toBe('Welcome to Webitel Agent Workspace!');
      await shot(o, '06-workspace-welcome');
      await o.waitForSelector('.wt-popup .wt-popup__actions button:not([disabled])');
      await o.click('.wt-popup .wt-popup__actions button');
      await o.waitForSelector('.wt-popup', { hidden: true });
      // The switch appears once the agent session has opened.
      await o.waitForSelector(`${CC_SWITCH} input[role="switch"]`);
      expect(await o.$$eval('.queue-section__tabs button.wt-tab', (bs) => bs.map((b) => b.classList.contains('wt-tab--highlight')))).toEqual([
        true,
        false,
        false,
      ]);
      expect(await o.$eval(`${CC_SWITCH} .p-toggleswitch`, (e) => e.getAttribute('data-p-checked'))).toBe('false');
      expect(await textOf(o, `${CC_SWITCH} label .wt-switcher__label`)).toBe('Call Center');

      // --- Customer: a message while Call Center is off stays unanswered ---
      const c = customer.page;
      // Messenger on facebook.com: the login wall at the thread's own address, then the thread.
      await c.goto(sb.urls.messengerThread);
      await c.waitForSelector('input#email');
      expect(c.url()).toBe(`${sb.origins.facebook}/messages/t/${page0.id}`);
      await facebookLogin(c, seed.facebook.customer.email, seed.facebook.customer.password);
      expect(c.url()).toBe(sb.urls.messengerThread);
      expect(await c.$('div[role="button"][aria-label="Press enter to send"]')).not.toBeNull();
      expect(await c.$(`[role="grid"][aria-label="Messages in conversation with ${page0.name}"]`)).not.toBeNull();
      const composer = 'div[contenteditable="true"][role="textbox"][aria-label="Message"]';
      await c.click(composer);
      await c.keyboard.type('Is anyone there?');
      await c.keyboard.press('Enter');
      await c.waitForSelector('[role="grid"][aria-label^="Messages in conversation"] [role="row"] ::-p-text(Is anyone there?)');
      expect(sb.state.chats()).toEqual([]);

      // --- Operator: Call Center on (controlled switch) ---
      await o.click(`${CC_SWITCH} input[role="switch"]`);
      await o.waitForSelector(`${CC_SWITCH} .p-toggleswitch[data-p-checked="true"].p-toggleswitch-checked input[aria-checked="true"]`);
      expect(sb.state.agentStatus).toBe('online');
      expect(await textOf(o, '.wt-status-select__text')).toBe('Online');

      // --- Customer writes; the chat appears under the customer's name, with an initials avatar ---
      const trigger = 'Hello! I need help with my order.';
      await c.click(composer);
      await c.keyboard.type(trigger);
      await c.keyboard.press('Enter');
      // The chat tab (2nd) gets the red badge; the centre panel opens the new chat by itself.
      await o.waitForSelector('.queue-section__tabs button.wt-tab:nth-child(2) .queue-section__badge:not([hidden])');
      await o.waitForSelector('article.chat .task-header-expansion-card__title');
      await o.click('.queue-section__tabs button.wt-tab:nth-child(2)');
      const preview = 'article.chat-queue-preview-md.chat-queue-preview-md--new';
      await o.waitForSelector(`${preview} h3.chat-queue-preview-md-header__title`);
      expect(await o.$eval('.queue-section__tabs button.wt-tab:nth-child(2)', (b) => b.classList.contains('wt-tab--highlight'))).toBe(true);
      expect(await textOf(o, `${preview} h3.chat-queue-preview-md-header__title`)).toBe(seed.facebook.customer.name);
      // Workspace shows no customer picture: its chat avatars are the name's initials.
      expect(await o.$$(`${preview} img`)).toHaveLength(0);
      const words = seed.facebook.customer.name.split(' ');
      // SDK wt-avatar.vue: the first and the last word's first letters.
      expect(await textOf(o, `${preview} .wt-avatar`)).toBe(`${words[0]![0]}${words.at(-1)![0]}`.toUpperCase());
      expect(await textOf(o, `${preview} .chat-queue-preview-md-body__subtitle`)).toBe(trigger);
      await o.click(preview);
      await o.waitForSelector('article.chat .chat-footer__chat-preview');
      expect(await textOf(o, '.chat-footer__chat-preview-text')).toBe('If you are ready to answer, click "Accept" button first');
      expect(await textOf(o, '.task-header-expansion-card__title')).toBe(seed.facebook.customer.name);
      expect(await o.$$eval('.chat-message .chat-message-text', (ms) => ms.map((m) => m.textContent))).toEqual([trigger]);
      await shot(o, '07-workspace-new-chat');

      // --- Accept and reply ---
      await o.click('.chat-footer__chat-preview button.wt-button');
      await o.waitForSelector('textarea#draft[placeholder="Write a message..."]');
      const reply = `Hi ${seed.facebook.customer.name.split(' ')[0]}, I am happy to help. What is your order number?`;
      await o.type('textarea#draft', reply);
      await o.keyboard.press('Enter');
      await o.waitForSelector('.chat-message.chat-message--right .chat-message-text');
      expect(await textOf(o, '.chat-message.chat-message--right .chat-message-text')).toBe(reply);
      expect(await o.$eval('textarea#draft', (t) => (t as HTMLTextAreaElement).value)).toBe('');
      await shot(o, '08-workspace-replied');

      await c.waitForSelector(`[role="grid"] [role="row"] div[dir="auto"] ::-p-text(${reply.slice(0, 20)})`);
      const rows = await c.$$eval('[role="grid"][aria-label^="Messages in conversation"] [role="row"] div[dir="auto"]', (ds) => ds.map((d) => d.textContent));
      expect(rows).toEqual(['Is anyone there?', trigger, reply]);
      expect(await textOf(c, 'h1')).toBe(page0.name);
      await shot(c, '09-messenger-reply');

      const chats = sb.state.chats();
      expect(chats).toHaveLength(1);
      expect(chats[0]!.messages.map((m) => m.text)).toEqual([trigger, reply]);
      expect(log.join('\n')).not.toContain(seed.gateway.appSecret);
    } finally {
      await Promise.allSettled([admin.context.close(), operator.context.close(), customer.context.close()]);
    }
  });
});
