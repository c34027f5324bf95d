// Turns zod validation failures into field-by-field messages people can read and act on.
import type { z } from 'zod';
import { UserError, type FieldIssue } from './errors';

/** Formats a zod path the way people read it: `pages[0].id`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ field: formatPath(i.path), message: i.message }));
}

/** Parses or throws a validation UserError naming each bad field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string, hint?: string): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = zodIssues(r.error);
  const first = issues[0];
  throw new UserError('validation', `${what} is not valid${first ? `: ${first.field}: ${first.message}` : ''}`, {
    issues,
    ...(hint ? { hint } : {}),
  });
}
