// Zod failures turned into field issues whose messages a person can read (zod's own English is for developers).
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

/** Zod's built-in English ("Too small: expected string to have >=1 characters"); a schema's own message is kept as written. */
const ZOD_DEFAULT = /^(Invalid (input|option|string|number|value|key|discriminator)|Invalid [a-zA-Z ]+$|Too (small|big): |Unrecognized key)/;

const KIND: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'yes or no',
  array: 'a list',
  object: 'a group of settings',
  int: 'a whole number',
};

function sizeWords(origin: string | undefined, n: number | bigint, unit: 'least' | 'most'): string {
  if (origin === 'string') return `at ${unit} ${n} character${Number(n) === 1 ? '' : 's'}`;
  if (origin === 'array' || origin === 'set') return `at ${unit} ${n} item${Number(n) === 1 ? '' : 's'}`;
  return `${unit === 'least' ? 'at least' : 'at most'} ${n}`;
}

function listWords(values: readonly unknown[]): string {
  const v = values.map((x) => (typeof x === 'string' ? `“${x}”` : String(x)));
  return v.length <= 1 ? (v[0] ?? '') : `${v.slice(0, -1).join(', ')} or ${v[v.length - 1]}`;
}

/**
 * One issue as a predicate on its field ("is empty", "is not a web address…"), for
 * `describeIssue` to put after the field's name. A message written in the schema stays as it is.
 */
export function plainMessage(issue: z.core.$ZodIssue): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return 'is empty — fill it in';
      if (issue.origin === 'array' && Number(issue.minimum) <= 1) return 'is empty — add at least one';
      return `is too short — use ${sizeWords(issue.origin, issue.minimum, 'least')}`;
    case 'too_big':
      return `is too long — use ${sizeWords(issue.origin, issue.maximum, 'most')}`;
    case 'invalid_type':
      return / received undefined$/.test(issue.message) ? 'is missing — fill it in' : `should be ${KIND[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `should be ${listWords(issue.values)}` : `should be one of ${listWords(issue.values)}`;
    case 'invalid_format':
      if (issue.format === 'url') return 'is not a web address — start it with https://';
      if (issue.format === 'email') return 'is not an e-mail address';
      return 'is not in the expected form';
    case 'unrecognized_keys':
      return `has setting${issue.keys.length === 1 ? '' : 's'} this version does not know: ${listWords(issue.keys)}`;
    case 'invalid_union':
      return 'is not in any of the accepted forms';
    default:
      return 'is not valid';
  }
}

/** The issues of a failed parse, each once (a union can report the same problem twice). */
export function zodIssues(error: z.ZodError): FieldIssue[] {
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  for (const i of error.issues) {
    const issue = { field: formatPath(i.path), message: plainMessage(i) };
    const k = `${issue.field}\n${issue.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(issue);
  }
  return out;
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
