// Reads and writes profile fields by dotted paths such as `pages[0].name`, as the CLI and field errors name them.
import { UserError } from '../common/errors';

/** One step of a dotted path: a property name or an array index. */
export type PathSegment = string | number;

/** Parses `pages[0].name` / `gateway.appId` into segments. */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|(\.)/gy;
  let expectName = true;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < path.length) {
    re.lastIndex = pos;
    m = re.exec(path);
    if (!m) break;
    pos = re.lastIndex;
    if (m[1] !== undefined) {
      if (!expectName) break;
      segments.push(m[1]);
      expectName = false;
    } else if (m[2] !== undefined) {
      if (expectName) break;
      segments.push(Number(m[2]));
    } else {
      if (expectName) break;
      expectName = true;
    }
  }
  if (pos !== path.length || expectName || segments.length === 0) {
    throw new UserError('usage', `"${path}" is not a field path`, {
      hint: 'write paths like gateway.appId or pages[0].name',
    });
  }
  return segments;
}

export function formatSegments(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a value at a path; undefined when any step is missing. */
export function getAt(root: unknown, path: string | readonly PathSegment[]): unknown {
  const segments = typeof path === 'string' ? parsePath(path) : path;
  let cur: unknown = root;
  for (const s of segments) {
    if (typeof s === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[s];
    } else {
      if (!isRecord(cur)) return undefined;
      cur = cur[s];
    }
  }
  return cur;
}

/**
 * Writes a value at a path that already exists (a leaf of the profile). Creating new
 * keys is refused so that a typo fails loudly instead of being dropped by the schema.
 */
export function setAt(root: unknown, path: string | readonly PathSegment[], value: unknown): void {
  const segments = typeof path === 'string' ? parsePath(path) : path;
  let cur: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i] as PathSegment;
    const last = i === segments.length - 1;
    const where = formatSegments(segments.slice(0, i + 1));
    if (typeof s === 'number') {
      if (!Array.isArray(cur) || s >= cur.length) throw new UserError('usage', `there is no ${where}`, { hint: 'list the entries with "profile show NAME"' });
      if (last) cur[s] = value;
      else cur = cur[s];
    } else {
      if (!isRecord(cur) || !(s in cur))
        throw new UserError('usage', `there is no field "${where}"`, { hint: 'see "review-assistant profile set --help" for the field names' });
      if (last) cur[s] = value;
      else cur = cur[s];
    }
  }
}

/** Every leaf path (strings, booleans, numbers, null) of a plain JSON value. */
export function leafPaths(root: unknown, prefix: PathSegment[] = []): string[] {
  if (Array.isArray(root)) return root.flatMap((v, i) => leafPaths(v, [...prefix, i]));
  if (isRecord(root)) return Object.entries(root).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
  return prefix.length ? [formatSegments(prefix)] : [];
}
