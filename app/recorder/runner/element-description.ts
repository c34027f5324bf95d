// Describes, in the page, the element a person used: role and accessible name, visible text, a short unique CSS path.
import type { ElementHandle, Frame, Page } from 'puppeteer-core';
import type { TargetDescription } from '../scenario/target-description';

/** What the page-side describer finds of an element besides its CSS path. */
interface Labels {
  tag: string;
  role?: string;
  name?: string;
  text?: string;
}

/**
 * Runs in the page (its source is sent there, so it is self-contained): role, accessible name and
 * visible text. A name only from what the author wrote (labels, ARIA, the text of buttons and
 * links), never from what a field holds; no text at all for a field (its content is what was typed).
 */
const labelsInPage = (el: Element): Labels => {
  const MAX = 80;
  const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const short = (s: string) => (s.length > 0 && s.length <= MAX ? s : undefined);
  const tag = el.tagName.toLowerCase();
  const type = (el.getAttribute('type') ?? '').toLowerCase();
  const explicit = norm(el.getAttribute('role')).split(' ')[0] ?? '';
  const BUTTONISH = ['button', 'submit', 'reset', 'image'];
  const implicitRole = (): string | undefined => {
    if (tag === 'button') return 'button';
    if ((tag === 'a' || tag === 'area') && el.hasAttribute('href')) return 'link';
    if (tag === 'select') return (el as HTMLSelectElement).multiple || (el as HTMLSelectElement).size > 1 ? 'listbox' : 'combobox';
    if (tag === 'textarea') return 'textbox';
    if (/^h[1-6]$/.test(tag)) return 'heading';
    if (tag === 'option') return 'option';
    if (tag === 'img' && el.getAttribute('alt')) return 'img';
    if (tag !== 'input') return undefined;
    if (BUTTONISH.includes(type)) return 'button';
    if (type === 'checkbox' || type === 'radio') return type;
    if (type === 'range') return 'slider';
    if (type === 'number') return 'spinbutton';
    if (type === 'search') return el.hasAttribute('list') ? 'combobox' : 'searchbox';
    if (['', 'text', 'email', 'tel', 'url'].includes(type)) return el.hasAttribute('list') ? 'combobox' : 'textbox';
    // A password field has no ARIA role to find it by; its CSS path and label still do.
    return undefined;
  };
  const role = explicit || implicitRole();
  const editable = (el as HTMLElement).isContentEditable === true;
  const isField =
    editable ||
    tag === 'textarea' ||
    tag === 'select' ||
    (tag === 'input' && !BUTTONISH.includes(type)) ||
    ['textbox', 'searchbox', 'combobox', 'spinbutton', 'slider'].includes(role ?? '');
  // Text of a node without what form controls inside it hold (a label wrapping its field); as
  // written, not as CSS shows it (a detached copy has no style), which is what selectors match.
  const textWithoutFields = (node: Element): string => {
    const copy = node.cloneNode(true) as Element;
    copy.querySelectorAll('input, textarea, select, [contenteditable]:not([contenteditable="false"])').forEach((n) => n.remove());
    return norm((copy as HTMLElement).innerText ?? copy.textContent);
  };
  const NAME_FROM_CONTENT = [
    'button',
    'link',
    'checkbox',
    'radio',
    'switch',
    'tab',
    'menuitem',
    'menuitemcheckbox',
    'menuitemradio',
    'option',
    'heading',
    'treeitem',
    'gridcell',
    'cell',
  ];
  const accessibleName = (): string => {
    const ids = norm(el.getAttribute('aria-labelledby'));
    if (ids) {
      const t = norm(
        ids
          .split(' ')
          .map((id) => {
            const n = document.getElementById(id);
            return n ? textWithoutFields(n) : '';
          })
          .join(' '),
      );
      if (t) return t;
    }
    const aria = norm(el.getAttribute('aria-label'));
    if (aria) return aria;
    const labels = (el as HTMLInputElement).labels;
    if (labels && labels.length) {
      const t = norm(
        Array.from(labels)
          .map((l) => textWithoutFields(l))
          .join(' '),
      );
      if (t) return t;
    }
    if (tag === 'input' && BUTTONISH.includes(type)) return norm(el.getAttribute('value') ?? el.getAttribute('alt'));
    if (tag === 'img') return norm(el.getAttribute('alt'));
    if (!isField && NAME_FROM_CONTENT.includes(role ?? '')) {
      const t = textWithoutFields(el);
      if (t) return t;
    }
    return norm(el.getAttribute('title') ?? (isField ? el.getAttribute('placeholder') : ''));
  };
  const out: Labels = { tag };
  if (role) out.role = role;
  const name = short(accessibleName());
  if (name) out.name = name;
  if (!isField) {
    const text = short(textWithoutFields(el));
    if (text) out.text = text;
  }
  return out;
};

/**
 * Runs in the page: a short CSS path that matches this element alone, built from ids, names,
 * test ids and classes that look hand-written (no generated ids, hashed or state classes),
 * never from `value`. Undefined when none of at most five levels is unique.
 */
const cssPathInPage = (el: Element): string | undefined => {
  const esc = (v: string) => CSS.escape(v);
  const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const type = (el.getAttribute('type') ?? '').toLowerCase();
  const STATE = /(^|[-_])(active|focus(ed)?|hover|selected|checked|disabled|open(ed)?|loading|visible|hidden|show|current|ng-|v-)([-_]|$)/i;
  const stableToken = (v: string) =>
    v.length > 0 && v.length <= 40 && /^[A-Za-z_-][\w-]*$/.test(v) && (v.match(/\d/g) ?? []).length < 3 && !/[0-9a-f]{8,}|--\w{5,}/i.test(v) && !STATE.test(v);
  const unique = (sel: string): boolean => {
    try {
      const all = document.querySelectorAll(sel);
      return all.length === 1 && all[0] === el;
    } catch {
      return false;
    }
  };
  const ATTRS = ['name', 'data-testid', 'data-test', 'data-qa', 'aria-label', 'placeholder', 'title', 'for'];
  const ownCandidates = (n: Element): string[] => {
    const t = n.tagName.toLowerCase();
    const c: string[] = [];
    if (n.id && stableToken(n.id)) c.push(`#${esc(n.id)}`);
    for (const a of ATTRS) {
      const v = n.getAttribute(a);
      if (v && v.length <= 60) c.push(`${t}[${a}=${quote(v)}]`);
    }
    const classes = Array.from(n.classList).filter(stableToken).slice(0, 2);
    if (classes.length) c.push(`${t}${classes.map((k) => `.${esc(k)}`).join('')}`);
    if (t === 'input' && type && n === el) c.push(`input[type=${quote(type)}]`);
    c.push(t);
    return c;
  };
  const segment = (n: Element): string => {
    const cands = ownCandidates(n);
    const base = cands.find((c) => c.startsWith('#')) ?? cands.find((c) => c.includes('.')) ?? n.tagName.toLowerCase();
    if (base.startsWith('#')) return base;
    const parent = n.parentElement;
    const same = parent ? Array.from(parent.children).filter((k) => k.tagName === n.tagName) : [];
    return same.length > 1 ? `${base}:nth-of-type(${same.indexOf(n) + 1})` : base;
  };
  let css = ownCandidates(el).find(unique);
  let path = segment(el);
  let node: Element | null = el.parentElement;
  for (let depth = 0; depth < 4 && node && node !== document.documentElement && !css; depth++) {
    path = `${segment(node)} > ${path}`;
    if (unique(path)) css = path;
    node = segment(node).startsWith('#') ? null : node.parentElement;
  }
  return css && css.length <= 300 ? css : undefined;
};

/**
 * Runs in the page, given the two above: the element a person used (a click on a button's icon
 * is a click on the button; on a control's label, on the control), described as a target.
 */
const describeElementInPage = (start: Element, labels: typeof labelsInPage, cssPath: typeof cssPathInPage): TargetDescription | null => {
  const INTERACTIVE =
    'button, a[href], input, select, textarea, summary, [contenteditable]:not([contenteditable="false"]), ' +
    '[role="button"], [role="link"], [role="checkbox"], [role="radio"], [role="switch"], [role="tab"], [role="menuitem"], ' +
    '[role="menuitemcheckbox"], [role="menuitemradio"], [role="option"], [role="textbox"], [role="searchbox"], [role="combobox"], ' +
    '[role="treeitem"], [role="gridcell"], label';
  let el: Element = start.closest(INTERACTIVE) ?? start;
  if (el instanceof HTMLLabelElement && el.control) el = el.control;
  const out: TargetDescription = { ...labels(el) };
  const css = cssPath(el);
  if (css) out.css = css;
  return out;
};

/**
 * The source to send to a page: the describer as an expression. A transpiler that keeps function
 * names wraps them in `__name(…)`, which only exists in Node: the page gets a stand-in.
 */
export const DESCRIBE_SOURCE = `(function(){var __name=function(f){return f};var labels=(${labelsInPage.toString()});var cssPath=(${cssPathInPage.toString()});var describe=(${describeElementInPage.toString()});return function(el){return describe(el,labels,cssPath);};})()`;

/** Describes an element of a page or one of its frames (`page`: where the element lives; used by tests and by "Fill it for me" on the focused field). */
export async function describeHandle(page: Page | Frame, h: ElementHandle<Element>): Promise<TargetDescription | null> {
  const fn = await page.evaluateHandle(DESCRIBE_SOURCE);
  try {
    return (await h.evaluate((el, describe) => (describe as unknown as (e: Element) => TargetDescription | null)(el), fn)) ?? null;
  } finally {
    void fn.dispose().catch(() => undefined);
  }
}
