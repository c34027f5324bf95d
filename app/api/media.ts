// Turns UI media URLs into files, confined to the recordings folder and to media file types, for the desktop and browser hosts.
import path from 'node:path';
import { UserError } from '../common/errors';
import { REPORT_FILE } from '../review/export/documents';

/**
 * Recordings are the only files the UI may load (video, clips, posters). Both the desktop
 * protocol handler and the browser-mode host resolve their URLs through this function,
 * which confines them to `<data>/recordings` and to media file types.
 */
export const MEDIA_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.srt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.html': 'text/plain; charset=utf-8',
};

export function recordingsRoot(dataDir: string): string {
  return path.join(dataDir, 'recordings');
}

/** A URL path's decoded `/`-separated segments (empty ones included), refused (not found) when any could leave the folder it is below. */
function safeSegments(rel: string, what: string): string[] {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    throw new UserError('not-found', `bad ${what} path`);
  }
  const parts = decoded.split('/');
  if (parts.some((p) => p === '.' || p === '..' || p.includes('\\') || p.includes('\0'))) throw new UserError('not-found', `bad ${what} path`);
  return parts;
}

/** `rel` is a URL path below the recordings folder, e.g. `sample/2026-01-01T10-00-00/demo.mp4`. */
export function resolveMediaPath(dataDir: string, rel: string): { file: string; type: string } {
  const parts = safeSegments(rel, 'media').filter((p) => p.length > 0);
  if (parts.length === 0) throw new UserError('not-found', 'bad media path');
  const root = recordingsRoot(dataDir);
  const file = path.join(root, ...parts);
  if (!file.startsWith(root + path.sep)) throw new UserError('not-found', 'bad media path');
  const type = MEDIA_TYPES[path.extname(file).toLowerCase()];
  if (!type) throw new UserError('not-found', 'not a media file');
  return { file, type };
}

/**
 * `rel` is `<bundle>/report.html` below `<data>/exports`: the one file of an export bundle the
 * UI may load (browser mode opens it in a tab). Nothing else of a bundle: its reviewer
 * instructions hold the test logins' passwords.
 */
export function resolveReportPath(dataDir: string, rel: string): string {
  const parts = safeSegments(rel, 'report');
  if (parts.length !== 2 || !parts[0] || parts[1] !== REPORT_FILE) throw new UserError('not-found', 'bad report path');
  return path.join(dataDir, 'exports', parts[0]!, REPORT_FILE);
}

/** The URL path below the recordings root for a file inside it. */
export function mediaRel(dataDir: string, file: string): string {
  const rel = path.relative(recordingsRoot(dataDir), file);
  return rel.split(path.sep).map(encodeURIComponent).join('/');
}
