// Keeps secrets out of the export bundle: what must never appear where, redaction, and a scan of every written file.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../common/errors';
import type { Profile } from '../../profile/schema';

/** A value that must not appear in a bundle file, except in the files listed in `allowedIn`. */
export interface Forbidden {
  what: string;
  value: string;
  /** Bundle-relative paths where the value belongs (the reviewer instructions, for test logins). */
  allowedIn: readonly string[];
}

export const INSTRUCTIONS_FILE = 'reviewer-instructions.md';

/**
 * What a bundle must never leak: the App Secret and the recording-only logins anywhere; the
 * reviewer's test logins anywhere but the reviewer instructions (where Meta wants them).
 */
export function forbiddenValues(p: Profile): Forbidden[] {
  const list: Forbidden[] = [
    { what: 'the App Secret', value: p.gateway.appSecret, allowedIn: [] },
    { what: 'the Webitel admin password (recording only)', value: p.recording.webitelAdmin.password, allowedIn: [] },
    { what: 'the Page admin password (recording only)', value: p.recording.pageAdmin.password, allowedIn: [] },
    { what: 'the Webitel admin login (recording only)', value: p.recording.webitelAdmin.login, allowedIn: [] },
    { what: 'the Page admin e-mail (recording only)', value: p.recording.pageAdmin.email, allowedIn: [] },
    { what: 'the operator test password', value: p.reviewer.operator.password, allowedIn: [INSTRUCTIONS_FILE] },
    { what: 'the Facebook Test User password', value: p.reviewer.facebookTestUser.password, allowedIn: [INSTRUCTIONS_FILE] },
    { what: 'the operator test login', value: p.reviewer.operator.login, allowedIn: [INSTRUCTIONS_FILE] },
    { what: 'the Facebook Test User e-mail', value: p.reviewer.facebookTestUser.email, allowedIn: [INSTRUCTIONS_FILE] },
  ];
  return list.filter((f) => f.value.length > 0);
}

/** Values shown on video by design (typed logins), which the video files themselves may carry as pixels, never as bytes we check. */
const BINARY_MIN_LENGTH = 6;

const isText = (rel: string) => /\.(md|json|html|srt|txt|csv)$/i.test(rel);

/** Replaces every listed value in a text (used for sidecars the recorder wrote, e.g. captions naming the admin login). */
export function redact(text: string, values: readonly Forbidden[], replacement = '[hidden]'): string {
  let out = text;
  for (const f of values) out = out.split(f.value).join(replacement);
  return out;
}

/** Bytes of `haystack` contain `needle` as UTF-8. */
function containsBytes(haystack: Buffer, needle: string): boolean {
  return haystack.indexOf(Buffer.from(needle, 'utf8')) !== -1;
}

export interface Leak {
  file: string;
  what: string;
}

/** Every file of a folder (relative paths, `/`-separated), depth first. */
export async function listFiles(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const d of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...(await listFiles(root, r)));
    else out.push(r);
  }
  return out.sort();
}

/**
 * Scans the bytes of a file for forbidden values. Binary files (videos) are scanned for
 * values long enough that a chance match in compressed data is not a worry.
 */
export function scanBytes(rel: string, bytes: Buffer, forbidden: readonly Forbidden[]): Leak[] {
  const text = isText(rel);
  return forbidden
    .filter((f) => !f.allowedIn.includes(rel) && (text || f.value.length >= BINARY_MIN_LENGTH) && containsBytes(bytes, f.value))
    .map((f) => ({ file: rel, what: f.what }));
}

export async function scanFolder(root: string, forbidden: readonly Forbidden[]): Promise<Leak[]> {
  const leaks: Leak[] = [];
  for (const rel of await listFiles(root)) leaks.push(...scanBytes(rel, await fs.readFile(path.join(root, rel)), forbidden));
  return leaks;
}

export function leakError(leaks: Leak[]): UserError {
  return new UserError('validation', `the bundle would expose ${leaks.map((l) => `${l.what} in ${l.file}`).join('; ')}; nothing was exported`, {
    hint: 'remove the value from the text that contains it (a custom edit of a description or the setup notes, or a scenario caption), then export again',
    issues: leaks.map((l) => ({ field: l.file, message: `contains ${l.what}` })),
  });
}
