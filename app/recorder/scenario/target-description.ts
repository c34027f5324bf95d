// An element the person used during a hand-over, described as scenarios describe targets (never a typed value).
import { z } from 'zod';
import type { Selector, Target } from './schema';

/** Longest text kept for a name or visible text: longer ones are content, not labels. */
export const MAX_LABEL = 80;

export const TargetDescriptionSchema = z
  .object({
    /** Lower-case tag name, e.g. "button". */
    tag: z.string().min(1),
    /** ARIA role as the scenario's `aria` selectors use it (explicit or the element's implicit one). */
    role: z.string().min(1).optional(),
    /** Accessible name (aria-labelledby, aria-label, label, text for name-from-content roles, title, placeholder). */
    name: z.string().min(1).max(MAX_LABEL).optional(),
    /** Visible text of an element that is not a text field. */
    text: z.string().min(1).max(MAX_LABEL).optional(),
    /** A short CSS path that matched only this element when it was used. */
    css: z.string().min(1).max(300).optional(),
  })
  .strict();
export type TargetDescription = z.infer<typeof TargetDescriptionSchema>;

/**
 * Drops every part that shows something it must not: a value the step typed (or any part of a
 * long one), or anything `isSecret` recognises. A label is never worth leaking a password for.
 */
export function cleanDescription(d: TargetDescription, typed: readonly string[], isSecret: (s: string) => boolean): TargetDescription {
  const leaks = (s: string) => isSecret(s) || typed.some((v) => v.length > 0 && (s === v || (v.length >= 3 && s.includes(v))));
  const out: TargetDescription = { tag: d.tag };
  if (d.role) out.role = d.role;
  for (const k of ['name', 'text', 'css'] as const) {
    const v = d[k];
    if (v && !leaks(v)) out[k] = v;
  }
  return out;
}

/** The selectors a description gives, best first: role and name, visible text, CSS path. */
export function targetOf(d: TargetDescription): Target {
  const out: Selector[] = [];
  if (d.role && d.name) out.push({ aria: { role: d.role, name: d.name } });
  if (d.text) out.push({ text: d.text });
  if (d.css) out.push({ css: d.css });
  return out;
}
