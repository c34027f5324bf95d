// Turns a scenario's selectors into puppeteer selector strings and into words for error messages.
import type { Selector, Target } from './schema';

function ariaArg(name: string, role: string | undefined): string {
  // puppeteer's ARIA parser takes [name="…"][role="…"] with either quote and no escapes.
  const q = name.includes('"') ? "'" : '"';
  const parts = [`[name=${q}${name}${q}]`];
  if (role) parts.push(`[role="${role}"]`);
  return parts.join('');
}

/** The puppeteer selector string for one fallback (without `within`, which the runner scopes itself). */
export function toPuppeteerSelector(s: Selector): string {
  if (s.css !== undefined) return s.css;
  if (s.aria !== undefined) return `::-p-aria(${ariaArg(s.aria.name, s.aria.role)})`;
  if (s.text !== undefined) return `::-p-text(${JSON.stringify(s.text)})`;
  if (s.xpath !== undefined) return `::-p-xpath(${s.xpath})`;
  throw new Error('selector without css, aria, text or xpath');
}

/** How a selector reads in an error message. */
export function describeSelector(s: Selector): string {
  const base = toPuppeteerSelector(s);
  if (!s.within) return base;
  return `${base} within ${s.within.css}${s.within.text ? ` containing ${JSON.stringify(s.within.text)}` : ''}`;
}

export function describeTarget(t: Target): string[] {
  return t.map(describeSelector);
}
