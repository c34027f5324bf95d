// Proves the element a person used is described as a scenario target by role, name and id, never by what was typed (real Chromium).
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverBrowser } from '../../../app/recorder/browser/discover';
import { describeHandle } from '../../../app/recorder/runner/element-description';
import { findTarget, release } from '../../../app/recorder/runner/resolve';
import { cleanDescription, targetOf, type TargetDescription } from '../../../app/recorder/scenario/target-description';

/** What the person "typed" into the fields below: none of it may show in a description. */
const TYPED = ['typed-login-7', 'Sup3r-Secret!', 'my typed reply', 'a draft message', 'typed@example.com'];

const PAGE = `<!doctype html><title>Elements</title>
<style>.up{text-transform:uppercase}</style>
<main>
  <button id="save-btn" class="btn primary">Save</button>
  <button class="up next"><span id="inner">Next</span></button>
  <a href="/settings">Open settings</a>
  <label for="u">Login</label><input id="u" name="username" value="typed-login-7">
  <label>Email <input type="email" value="typed@example.com"></label>
  <input type="password" name="password" value="Sup3r-Secret!">
  <textarea aria-label="Message">a draft message</textarea>
  <div contenteditable="true" aria-label="Reply" class="composer">my typed reply</div>
  <input type="checkbox" aria-label="Acme Support">
  <input type="submit" value="Continue">
  <table>
    <tr><td>Other Page</td><td><div id="ember1234" class="wt-button"><button class="css-1x2y3z4 wt-button__btn">Add</button></div></td></tr>
    <tr><td>Acme Support</td><td><div id="ember1299" class="wt-button"><button class="css-1x2y3z4 wt-button__btn">Add</button></div></td></tr>
  </table>
  <div role="switch" aria-checked="false" tabindex="0" aria-labelledby="sw-label"></div><span id="sw-label">Call Center</span>
</main>`;

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await puppeteer.launch({ executablePath: discoverBrowser().path, headless: true, args: ['--no-sandbox'] });
  page = await browser.newPage();
  await page.setContent(PAGE);
  // The contenteditable holds what the person typed into it, as a real edit would leave it.
  await page.focus('.composer');
});
afterAll(async () => {
  await browser?.close();
});

async function describeAt(selector: string): Promise<{ d: TargetDescription; el: ElementHandle<Element> }> {
  const el = (await page.$(selector)) as ElementHandle<Element>;
  const d = await describeHandle(page, el);
  expect(d, selector).not.toBeNull();
  return { d: d as TargetDescription, el };
}

/** Every selector the description gives finds the described element again, each on its own, as the runner looks. */
async function expectEachSelectorFinds(d: TargetDescription, el: ElementHandle<Element>, expected = el): Promise<void> {
  const target = targetOf(d);
  expect(target.length).toBeGreaterThan(0);
  for (const sel of target) {
    const f = await findTarget(page, [sel], false);
    expect(f, JSON.stringify(sel)).not.toBeNull();
    const same = await f!.handle.evaluate((a, b) => a === b || b.contains(a), expected);
    release(f!.handle);
    expect(same, JSON.stringify(sel)).toBe(true);
  }
}

describe('the element the person used, described as a scenario target', () => {
  it('a button: role, name, text and its stable id', async () => {
    const { d, el } = await describeAt('#save-btn');
    expect(d).toEqual({ tag: 'button', role: 'button', name: 'Save', text: 'Save', css: '#save-btn' });
    await expectEachSelectorFinds(d, el);
  });

  it('a click on a span inside a button describes the button; the name is as written, CSS upper-casing aside', async () => {
    const { d } = await describeAt('#inner');
    expect(d).toMatchObject({ tag: 'button', role: 'button', name: 'Next', css: 'button.up.next' });
    const btn = (await page.$('button.next')) as ElementHandle<Element>;
    await expectEachSelectorFinds(d, btn);
  });

  it('a link', async () => {
    const { d, el } = await describeAt('a');
    expect(d).toMatchObject({ tag: 'a', role: 'link', name: 'Open settings', text: 'Open settings' });
    await expectEachSelectorFinds(d, el);
  });

  it('text fields: named by their label, never by what they hold, and no text', async () => {
    const login = await describeAt('#u');
    expect(login.d).toEqual({ tag: 'input', role: 'textbox', name: 'Login', css: '#u' });
    await expectEachSelectorFinds(login.d, login.el);
    const email = await describeAt('input[type="email"]');
    expect(email.d).toMatchObject({ tag: 'input', role: 'textbox', name: 'Email', css: 'input[type="email"]' });
    await expectEachSelectorFinds(email.d, email.el);
  });

  it('a password field: found by its name attribute, no role, never its value', async () => {
    const { d, el } = await describeAt('input[type="password"]');
    expect(d).toEqual({ tag: 'input', css: 'input[name="password"]' });
    await expectEachSelectorFinds(d, el);
  });

  it('a textarea and a contenteditable: their ARIA label, none of their content', async () => {
    const ta = await describeAt('textarea');
    expect(ta.d).toEqual({ tag: 'textarea', role: 'textbox', name: 'Message', css: 'textarea[aria-label="Message"]' });
    await expectEachSelectorFinds(ta.d, ta.el);
    const ce = await describeAt('.composer');
    expect(ce.d.text).toBeUndefined();
    expect(ce.d.name).toBe('Reply');
    expect(ce.d.css).toBe('div[aria-label="Reply"]');
  });

  it('a checkbox, a submit input and a switch named by another element', async () => {
    const cb = await describeAt('input[type="checkbox"]');
    expect(cb.d).toMatchObject({ role: 'checkbox', name: 'Acme Support' });
    await expectEachSelectorFinds(cb.d, cb.el);
    const submit = await describeAt('input[type="submit"]');
    expect(submit.d).toMatchObject({ role: 'button', name: 'Continue' });
    await expectEachSelectorFinds(submit.d, submit.el);
    const sw = await describeAt('[role="switch"]');
    expect(sw.d).toMatchObject({ role: 'switch', name: 'Call Center' });
    await expectEachSelectorFinds(sw.d, sw.el);
  });

  it('one of two like buttons in generated markup: a short path by position, no generated id or hashed class', async () => {
    const { d, el } = await describeAt('#ember1299 button');
    expect(d.css).toBeDefined();
    expect(d.css).not.toMatch(/ember|css-1x2y3z4/);
    expect(await page.$$eval(d.css!, (els) => els.length)).toBe(1);
    expect(await page.$eval(d.css!, (a, b) => a === b, el)).toBe(true);
  });

  it('no typed value appears in any description', async () => {
    const all: TargetDescription[] = [];
    for (const sel of [
      '#save-btn',
      '#inner',
      'a',
      '#u',
      'input[type="email"]',
      'input[type="password"]',
      'textarea',
      '.composer',
      'input[type="checkbox"]',
      '#ember1234 button',
      'table',
    ]) {
      all.push((await describeAt(sel)).d);
    }
    const json = JSON.stringify(all);
    for (const v of TYPED) expect(json).not.toContain(v);
  });
});

describe('cleaning a description before it is kept', () => {
  it('drops any part that holds the typed value or a secret, keeps the rest', () => {
    const d: TargetDescription = { tag: 'input', role: 'textbox', name: 'Password Sup3r-Secret!', text: 'ok', css: 'input[placeholder="hunter2"]' };
    expect(cleanDescription(d, ['Sup3r-Secret!'], (s) => s.includes('hunter2'))).toEqual({ tag: 'input', role: 'textbox', text: 'ok' });
  });

  it('a short typed value only drops a part that is exactly it', () => {
    const d: TargetDescription = { tag: 'button', role: 'button', name: 'OK', text: 'Yes' };
    expect(cleanDescription(d, ['Ye'], () => false)).toEqual(d);
    expect(cleanDescription(d, ['Yes'], () => false)).toEqual({ tag: 'button', role: 'button', name: 'OK' });
  });

  it('gives the selectors best first: role and name, text, CSS', () => {
    expect(targetOf({ tag: 'button', role: 'button', name: 'Go', text: 'Go', css: '#go' })).toEqual([
      { aria: { role: 'button', name: 'Go' } },
      { text: 'Go' },
      { css: '#go' },
    ]);
    expect(targetOf({ tag: 'input', css: 'input[name="password"]' })).toEqual([{ css: 'input[name="password"]' }]);
  });
});
