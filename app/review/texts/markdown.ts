// Writes the texts as one Markdown document or as one file each, for the terminal and `texts --out`.
import type { PermissionId } from '../permission-ids';
import type { ResolvedText } from './overrides';

/** Relative file name of a text when written into a folder (`texts --out DIR`). */
export function textFileName(id: ResolvedText['id']): string {
  if (id === 'reviewerInstructions') return 'reviewer-instructions.md';
  if (id === 'setupNotes') return 'setup-notes.md';
  return `descriptions/${id.slice('description:'.length) as PermissionId}.md`;
}

const note = (t: ResolvedText) =>
  t.overridden ? (t.stale ? '_Edited by you; the generated text has changed since your edit._\n\n' : '_Edited by you._\n\n') : '';

/** One readable document with every text, for a terminal or a file. */
export function renderTextsMarkdown(texts: readonly ResolvedText[], heading: string): string {
  const parts = [`# ${heading}\n`];
  for (const t of texts) parts.push(`## ${t.title}\n\n${note(t)}${t.chars} characters\n\n${t.text.trimEnd()}\n`);
  return parts.join('\n');
}

/** The texts as separate files: path → content (only the text itself, ready to paste). */
export function textFiles(texts: readonly ResolvedText[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of texts) out.set(textFileName(t.id), t.text.endsWith('\n') ? t.text : `${t.text}\n`);
  return out;
}
