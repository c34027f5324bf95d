// A short stable content hash, used to tell when a generated text changed under a user's edit.
import { createHash } from 'node:crypto';

/** A short, stable content hash: equal texts, equal hashes, on every machine and run. */
export function contentHash(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16)}`;
}
