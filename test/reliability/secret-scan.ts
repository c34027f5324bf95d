// Looks for a profile's passwords and App Secret where they must never be: files, child processes' command lines, and (by OCR) pictures.
import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { descendantsOf } from '../../app/common/processes';
import type { Profile } from '../../app/profile/schema';

export interface Secret {
  what: string;
  value: string;
}

/** The values no file, command line or picture may hold: every password and the App Secret. */
export function secretsOf(p: Profile): Secret[] {
  return [
    { what: 'the App Secret', value: p.gateway.appSecret },
    { what: 'the Webitel admin password', value: p.recording.webitelAdmin.password },
    { what: 'the Page admin password', value: p.recording.pageAdmin.password },
    { what: 'the operator password', value: p.reviewer.operator.password },
    { what: 'the Facebook Test User password', value: p.reviewer.facebookTestUser.password },
  ].filter((s) => s.value.length >= 4);
}

/** The forms a value takes in a file: as typed, percent-encoded (an address), JSON-escaped. */
function formsOf(value: string): Buffer[] {
  const forms = new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1), encodeURIComponent(value).replace(/%20/g, '+')]);
  return [...forms].map((f) => Buffer.from(f, 'utf8'));
}

export interface Hit {
  where: string;
  what: string;
}

/** Hits of any secret, in any of its forms, in a buffer or string. */
export function hitsIn(where: string, bytes: Buffer | string, secrets: readonly Secret[]): Hit[] {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return secrets.filter((s) => formsOf(s.value).some((f) => b.includes(f))).map((s) => ({ where, what: s.what }));
}

/** Every file under `root` (the vault and profiles included), scanned as bytes; how many files, and the hits. */
export async function scanTree(
  root: string,
  secrets: readonly Secret[],
  skip: (rel: string) => boolean = () => false,
): Promise<{ files: string[]; hits: Hit[] }> {
  const files: string[] = [];
  const hits: Hit[] = [];
  const walk = async (rel: string) => {
    for (const d of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) await walk(r);
      else if (d.isFile() && !skip(r)) {
        files.push(r);
        hits.push(...hitsIn(r, await fs.readFile(path.join(root, r)), secrets));
      }
    }
  };
  await walk('');
  return { files, hits };
}

/**
 * Reads the command line of every process below `root` every `everyMs` until stopped, as `ps`
 * would show them to any local user: how many samples, how many processes, each distinct line.
 */
export function sampleCommandLines(root: number, everyMs = 150): { stop: () => Promise<{ samples: number; pids: number; lines: Set<string> }> } {
  let samples = 0;
  const pids = new Set<number>();
  const lines = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const [pid, line] of await descendantsOf(root)) {
        pids.add(pid);
        if (line) lines.add(line);
      }
      samples++;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { samples, pids: pids.size, lines };
    },
  };
}

export const TESSERACT = ['/usr/bin/tesseract', '/usr/local/bin/tesseract'].find((f) => existsSync(f)) ?? null;

/** The text tesseract reads in a picture (PNG or JPEG). */
export function ocr(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!TESSERACT) return reject(new Error('tesseract is not installed'));
    // One thread: the machine is shared, and tesseract's own threads do not help small pictures.
    execFile(TESSERACT, [file, '-', '--psm', '3'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 1 << 22 }, (e, out) =>
      e ? reject(e) : resolve(String(out)),
    );
  });
}

/** Letters and digits only, lower case: what OCR reads of separators and spaces varies. */
export const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Secrets OCR read in a text: the whole value squashed, or its distinctive middle (a password's
 * words, e.g. "adminpass"), so a misread separator or digit does not hide a hit.
 */
export function ocrHits(where: string, text: string, secrets: readonly Secret[]): Hit[] {
  const t = squash(text);
  return secrets
    .filter((s) => {
      const v = squash(s.value);
      const middle = v.length > 10 ? v.slice(2, -2) : v;
      return t.includes(v) || t.includes(middle);
    })
    .map((s) => ({ where, what: s.what }));
}
