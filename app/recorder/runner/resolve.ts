// Finds a step's target on a page through its fallback selectors and evaluates the scenario's conditions (visible, URL, popup, any/all).
import type { ElementHandle, Frame, Page } from 'puppeteer-core';
import type { Condition, Selector, Target } from '../scenario/schema';
import { describeSelector, toPuppeteerSelector } from '../scenario/selectors';
import { queryAriaFolded } from './aria-names';
import { release } from './release';

export { release };

/** Where a step looks: its page (main window or popup) and the lane's popup state. */
export interface Scope {
  page: Page | undefined;
  popupOpen(): boolean;
}

function norm(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function dispose(handles: Array<ElementHandle<Node>>, keep?: ElementHandle<Node>): void {
  release(...handles.filter((h) => h !== keep));
}

async function pick(handles: Array<ElementHandle<Node>>, visible: boolean): Promise<ElementHandle<Element> | null> {
  for (const h of handles) {
    if (!visible || (await (h as ElementHandle<Element>).isVisible())) {
      dispose(handles, h);
      return h as ElementHandle<Element>;
    }
  }
  dispose(handles);
  return null;
}

/** Every element under `root` one selector matches; ARIA names match in any case (aria-names.ts). */
async function queryAll(page: Page, root: Page | Frame | ElementHandle<Node>, sel: Selector, inFrame: boolean): Promise<Array<ElementHandle<Node>>> {
  if (sel.aria) return queryAriaFolded(page, root, sel.aria.role, sel.aria.name, !inFrame);
  return root.$$(toPuppeteerSelector(sel));
}

/** One attempt with one selector in the page or one of its frames; navigation in flight counts as "not found yet". */
async function queryOnce(page: Page, sel: Selector, visible: boolean, frame?: Frame): Promise<ElementHandle<Element> | null> {
  const root = frame ?? page;
  try {
    if (!sel.within) return await pick(await queryAll(page, root, sel, !!frame), visible);
    const scopes = await root.$$(sel.within.css);
    for (const s of scopes) {
      const want = sel.within.text;
      if (want && !(await s.evaluate((el, t) => (el.textContent ?? '').replace(/\s+/g, ' ').includes(t), norm(want)))) continue;
      const found = await pick(await queryAll(page, s, sel, !!frame), visible);
      if (found) {
        dispose(scopes);
        return found;
      }
    }
    dispose(scopes);
    return null;
  } catch (e) {
    if (isTransient(e)) return null;
    throw e;
  }
}

/** Errors that mean "the page is between documents", not "the selector is wrong". */
export function isTransient(e: unknown): boolean {
  const m = (e as Error)?.message ?? '';
  // A node of the document that a navigation just replaced (seen when a login click navigates
  // while its element is being resolved) is the same situation, and so is a look sent as the
  // page's renderer crashed: the page is loaded again, or the run ends (page-crash.ts).
  return /Execution context was destroyed|Cannot find context|detached|Target closed|Target crashed|Session closed|Node is detached|context.*not found|frame.*navigat|does not belong to the document|No node with given id|Cannot find object with id/i.test(
    m,
  );
}

/** A call the page left unanswered: our own bound (withTimeout) or the protocol's. */
export function isUnanswered(e: unknown): boolean {
  return /timed out after \d+ ms|\.\w+ timed out\. Increase the 'protocolTimeout'/i.test((e as Error)?.message ?? '');
}

export interface Found {
  handle: ElementHandle<Element>;
  selectorIndex: number;
}

/**
 * First fallback that matches (a visible element unless `visible` is false), in order: each in
 * the page, then in its frames (a widget or dialog embedded from elsewhere, where a person may
 * have clicked during a hand-over).
 */
export async function findTarget(page: Page, target: Target, visible = true): Promise<Found | null> {
  for (let i = 0; i < target.length; i++) {
    const sel = target[i];
    if (!sel) continue;
    const handle = await queryOnce(page, sel, visible);
    if (handle) return { handle, selectorIndex: i };
    for (const f of childFrames(page)) {
      const inFrame = await queryOnce(page, sel, visible, f);
      if (inFrame) return { handle: inFrame, selectorIndex: i };
    }
  }
  return null;
}

/** The page's frames other than its main one, still attached. */
export function childFrames(page: Page): Frame[] {
  try {
    const main = page.mainFrame();
    return page.frames().filter((f) => f !== main && !f.detached);
  } catch {
    return [];
  }
}

export interface ConditionResult {
  ok: boolean;
  /** Visible text of what matched (used for `failIf`, e.g. an error alert). */
  text?: string;
}

async function textOf(h: ElementHandle<Element>): Promise<string> {
  try {
    return norm(await h.evaluate((el) => (el as HTMLElement).innerText ?? el.textContent ?? '')).slice(0, 300);
  } catch {
    return '';
  }
}

/** Evaluates a condition once. */
export async function evalCondition(c: Condition, scope: Scope): Promise<ConditionResult> {
  if (c.popup) return { ok: (c.popup === 'open') === scope.popupOpen() };
  if (c.any) {
    for (const sub of c.any) {
      const r = await evalCondition(sub, scope);
      if (r.ok) return r;
    }
    return { ok: false };
  }
  if (c.all) {
    let last: ConditionResult = { ok: true };
    for (const sub of c.all) {
      last = await evalCondition(sub, scope);
      if (!last.ok) return { ok: false };
    }
    return last;
  }
  if (c.not) return { ok: !(await evalCondition(c.not, scope)).ok };

  const page = scope.page;
  if (!page || page.isClosed()) return { ok: c.hidden !== undefined };
  if (c.url) {
    const url = page.url();
    const ok =
      (c.url.includes === undefined || url.includes(c.url.includes)) &&
      (c.url.excludes === undefined || !url.includes(c.url.excludes)) &&
      (c.url.matches === undefined || new RegExp(c.url.matches).test(url));
    return { ok };
  }
  if (c.visible) {
    const f = await findTarget(page, c.visible, true);
    if (!f) return { ok: false };
    const text = await textOf(f.handle);
    release(f.handle);
    return { ok: true, text };
  }
  if (c.hidden) {
    const f = await findTarget(page, c.hidden, true);
    release(f?.handle);
    return { ok: !f };
  }
  if (c.text !== undefined) {
    const want = norm(c.text);
    try {
      if (c.in) {
        const f = await findTarget(page, c.in, true);
        if (!f) return { ok: false };
        const t = await textOf2(f.handle);
        release(f.handle);
        return { ok: t.includes(want), text: want };
      }
      const body = norm(await page.evaluate(() => document.body?.innerText ?? ''));
      return { ok: body.includes(want), text: want };
    } catch (e) {
      if (isTransient(e)) return { ok: false };
      throw e;
    }
  }
  if (c.attribute) {
    const a = c.attribute;
    const f = await findTarget(page, a.target, false);
    if (!f) return { ok: false };
    try {
      const v = await f.handle.evaluate((el, name) => el.getAttribute(name), a.name);
      return { ok: v === a.equals };
    } catch (e) {
      if (isTransient(e)) return { ok: false };
      throw e;
    } finally {
      release(f.handle);
    }
  }
  return { ok: false };
}

/** Full text of an element (not cut): for `text … in`. */
async function textOf2(h: ElementHandle<Element>): Promise<string> {
  try {
    return norm(await h.evaluate((el) => (el as HTMLElement).innerText ?? el.textContent ?? ''));
  } catch {
    return '';
  }
}

/** Every selector a condition tries, for error messages. */
export function conditionSelectors(c: Condition | undefined): string[] {
  if (!c) return [];
  const t = c.visible ?? c.hidden ?? c.in ?? c.attribute?.target;
  const own = t ? t.map(describeSelector) : [];
  const subs = [...(c.any ?? []), ...(c.all ?? []), ...(c.not ? [c.not] : [])].flatMap(conditionSelectors);
  return [...own, ...subs];
}

/** A condition in words, for error messages. */
export function describeCondition(c: Condition): string {
  if (c.popup) return `the popup window to be ${c.popup}`;
  if (c.any) return `any of (${c.any.map(describeCondition).join('; ')})`;
  if (c.all) return `all of (${c.all.map(describeCondition).join('; ')})`;
  if (c.not) return `not ${describeCondition(c.not)}`;
  if (c.url) {
    const parts = [
      c.url.includes && `contain "${c.url.includes}"`,
      c.url.excludes && `not contain "${c.url.excludes}"`,
      c.url.matches && `match /${c.url.matches}/`,
    ].filter(Boolean);
    return `the address to ${parts.join(' and ')}`;
  }
  if (c.visible) return `${c.visible.map(describeSelector).join(' | ')} to be visible`;
  if (c.hidden) return `${c.hidden.map(describeSelector).join(' | ')} to be hidden`;
  if (c.text !== undefined) return `the text ${JSON.stringify(c.text)}${c.in ? ` in ${c.in.map(describeSelector).join(' | ')}` : ''}`;
  if (c.attribute) return `${c.attribute.target.map(describeSelector).join(' | ')} to have ${c.attribute.name}="${c.attribute.equals}"`;
  return 'the condition';
}
