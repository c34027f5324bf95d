// Finds elements by accessible role and name, the name compared without regard to case or spacing.
import type { CDPSession, ElementHandle, Frame, Page } from 'puppeteer-core';
import { release } from './release';

/**
 * Why not puppeteer's `::-p-aria(name)` alone: it asks Chromium for an exact name, and Chromium
 * computes names after CSS `text-transform`. Webitel's buttons are upper-cased by CSS, so the
 * name of "Next" is "NEXT" there, while the scenario (and the source text) says "Next".
 */

/** Accessible names are equal when they differ only in case and runs of white space. */
export function sameAccessibleName(actual: string | undefined | null, wanted: string): boolean {
  if (actual == null) return false;
  return foldName(actual) === foldName(wanted);
}

export function foldName(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toLocaleLowerCase('en-US');
}

/**
 * The spellings CSS `text-transform` can give a name (as written, upper, lower, capitalised):
 * the fallback when the browser's accessibility tree cannot be asked directly.
 */
export function caseVariants(name: string): string[] {
  const capitalised = name.replace(/(^|\s)(\p{L})/gu, (_m, sp: string, c: string) => sp + c.toLocaleUpperCase('en-US'));
  return [...new Set([name, name.toLocaleUpperCase('en-US'), name.toLocaleLowerCase('en-US'), capitalised])];
}

interface AXNodeLite {
  ignored: boolean;
  role?: { value?: unknown };
  name?: { value?: unknown };
  backendDOMNodeId?: number;
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

function sessionOf(page: Page): Promise<CDPSession> {
  let s = sessions.get(page);
  if (!s) {
    s = page.createCDPSession();
    sessions.set(page, s);
    s.catch(() => sessions.delete(page));
  }
  return s;
}

/** Backend ids of the main document's nodes with this role (any role when absent) and name, case-insensitively. */
async function matchingNodeIds(page: Page, role: string | undefined, name: string): Promise<Set<number>> {
  const session = await sessionOf(page);
  const { root } = await session.send('DOM.getDocument', { depth: 0 });
  const { nodes } = (await session.send('Accessibility.queryAXTree', { backendNodeId: root.backendNodeId, ...(role ? { role } : {}) })) as {
    nodes: AXNodeLite[];
  };
  const ids = new Set<number>();
  for (const n of nodes) {
    if (n.ignored || n.backendDOMNodeId === undefined) continue;
    const r = typeof n.role?.value === 'string' ? n.role.value : '';
    if (r === 'StaticText' || r === 'InlineTextBox') continue;
    if (sameAccessibleName(typeof n.name?.value === 'string' ? n.name.value : '', name)) ids.add(n.backendDOMNodeId);
  }
  return ids;
}

type WithBackendId = { backendNodeId?: () => Promise<number> };

/**
 * Elements under `root` (the page, or a scope element) whose role is `role` and whose accessible
 * name is `name` in any case, in document order. Falls back to the case variants of the name.
 */
export async function queryAriaFolded(
  page: Page,
  root: Page | Frame | ElementHandle<Node>,
  role: string | undefined,
  name: string,
  /** Match names through the main document's accessibility tree; false in a frame, whose nodes it does not list. */
  tree = true,
): Promise<Array<ElementHandle<Node>>> {
  let ids: Set<number> | undefined;
  try {
    ids = tree ? await matchingNodeIds(page, role, name) : undefined;
  } catch {
    ids = undefined; // no CDP access (another browser protocol): the variants below still cover CSS text-transform
  }
  if (ids && role) {
    const candidates = await root.$$(`::-p-aria([role="${role.replace(/["']/g, '')}"])`);
    const keep: Array<ElementHandle<Node>> = [];
    const drop: Array<ElementHandle<Node>> = [];
    let usable = true;
    for (const h of candidates) {
      const getId = (h as unknown as WithBackendId).backendNodeId;
      if (typeof getId !== 'function') {
        usable = false;
        drop.push(h);
        continue;
      }
      const id = await getId.call(h).catch(() => undefined);
      (id !== undefined && ids.has(id) ? keep : drop).push(h);
    }
    release(...drop);
    if (usable) return keep;
    release(...keep);
  }
  const out: Array<ElementHandle<Node>> = [];
  for (const v of caseVariants(name)) {
    const q = v.includes('"') ? "'" : '"';
    out.push(...(await root.$$(`::-p-aria([name=${q}${v}${q}]${role ? `[role="${role}"]` : ''})`)));
  }
  return out;
}
