// Keeps the user's edits to generated texts beside them, and says when the generated text changed since the edit.
import { UserError } from '../../common/errors';
import { PERMISSION_IDS, type PermissionId } from '../permission-ids';
import type { Profile, TextOverride } from '../../profile/schema';
import { generatedList, generateTexts, type GenerateOptions, type GeneratedText, type TextId } from './generate';

/** A text as the user sees it: the generated one, or their edit kept next to it. */
export interface ResolvedText {
  id: TextId;
  title: string;
  generated: string;
  /** What to paste: the override when there is one, else the generated text. */
  text: string;
  overridden: boolean;
  /** The generated text changed since the user's edit (the edit was based on an older one). */
  stale: boolean;
  /** Hash of the generated text. */
  hash: string;
  chars: number;
}

const ID_FORMS = ['reviewerInstructions', 'setupNotes', ...PERMISSION_IDS.map((p) => `description:${p}`)];

function findGenerated(profile: Profile, id: string, opts: GenerateOptions): GeneratedText {
  const found = generatedList(generateTexts(profile, opts)).find((t) => t.id === id);
  if (found) return found;
  const perm = id.startsWith('description:') ? id.slice('description:'.length) : '';
  if ((PERMISSION_IDS as readonly string[]).includes(perm)) {
    throw new UserError('not-found', `there is no text "${id}": ${perm} is not requested in this submission`, {
      hint: `request ${perm as PermissionId} first, or pick one of the submission's texts`,
    });
  }
  throw new UserError('validation', `unknown text id "${id}"`, {
    issues: [{ field: 'id', message: `"${id}" is not a text id` }],
    hint: `use one of: ${ID_FORMS.join(', ')}`,
  });
}

function resolveOne(g: GeneratedText, o: TextOverride | undefined): ResolvedText {
  const text = o ? o.text : g.text;
  return {
    id: g.id,
    title: g.title,
    generated: g.text,
    text,
    overridden: !!o,
    stale: !!o && o.basedOn !== g.hash,
    hash: g.hash,
    chars: [...text].length,
  };
}

export function resolveTexts(profile: Profile, opts: GenerateOptions = {}): ResolvedText[] {
  return generatedList(generateTexts(profile, opts)).map((g) => resolveOne(g, profile.texts.overrides[g.id]));
}

export function resolveText(profile: Profile, id: string, opts: GenerateOptions = {}): ResolvedText {
  const g = findGenerated(profile, id, opts);
  return resolveOne(g, profile.texts.overrides[g.id]);
}

/**
 * Keeps the user's edit next to the generated text. Returns a new profile; the caller
 * saves it. Text equal to the generated one removes the override (nothing left to keep).
 */
export function setOverride(profile: Profile, id: string, text: string, opts: GenerateOptions & { now?: Date } = {}): Profile {
  const g = findGenerated(profile, id, opts);
  const overrides = { ...profile.texts.overrides };
  if (text === g.text) delete overrides[g.id];
  else overrides[g.id] = { text, basedOn: g.hash, editedAt: (opts.now ?? new Date()).toISOString() };
  return { ...profile, texts: { ...profile.texts, overrides } };
}

/** Back to the generated text. Resetting a text that has no override is a no-op. */
export function resetOverride(profile: Profile, id: string, opts: GenerateOptions = {}): Profile {
  const g = findGenerated(profile, id, opts);
  if (!(g.id in profile.texts.overrides)) return profile;
  const overrides = { ...profile.texts.overrides };
  delete overrides[g.id];
  return { ...profile, texts: { ...profile.texts, overrides } };
}

/** Overrides whose text no longer exists (e.g. a permission was un-requested); kept, but not shown. */
export function orphanOverrides(profile: Profile, opts: GenerateOptions = {}): string[] {
  const ids = new Set<string>(generatedList(generateTexts(profile, opts)).map((t) => t.id));
  return Object.keys(profile.texts.overrides)
    .filter((k) => !ids.has(k))
    .sort();
}

/** The texts to hand over (overrides applied), in the shape of `texts --format json`. */
export interface ExportedTexts {
  descriptions: Partial<Record<PermissionId, string>>;
  reviewerInstructions: string;
  setupNotes: string;
}

export function exportTexts(profile: Profile, opts: GenerateOptions = {}): ExportedTexts {
  const descriptions: ExportedTexts['descriptions'] = {};
  let reviewerInstructions = '';
  let setupNotes = '';
  for (const t of resolveTexts(profile, opts)) {
    if (t.id === 'reviewerInstructions') reviewerInstructions = t.text;
    else if (t.id === 'setupNotes') setupNotes = t.text;
    else descriptions[t.id.slice('description:'.length) as PermissionId] = t.text;
  }
  return { descriptions, reviewerInstructions, setupNotes };
}
