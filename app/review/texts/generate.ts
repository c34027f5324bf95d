// Writes every text of a submission (descriptions, reviewer instructions, setup notes) from its profile, deterministically.
import type { Profile } from '../../profile/schema';
import { catalogEntry } from '../catalog';
import type { PermissionId } from '../permission-ids';
import { renderSetupNotes } from '../setup-steps';
import { describePermission } from './descriptions';
import { forbiddenValues, scrub, textFacts } from './facts';
import { contentHash } from './hash';
import { defaultScenario } from '../../recorder/scenarios/index';
import { defaultInstructionSteps, renderReviewerInstructions, type InstructionStep } from './instructions';
import { instructionStepsFromScenario } from './scenario-instructions';

export type TextId = `description:${PermissionId}` | 'reviewerInstructions' | 'setupNotes';

export interface GeneratedText {
  id: TextId;
  title: string;
  text: string;
  hash: string;
}

export interface GeneratedTexts {
  /** One per requested permission, in the catalog's order. */
  descriptions: Partial<Record<PermissionId, GeneratedText>>;
  reviewerInstructions: GeneratedText;
  setupNotes: GeneratedText;
}

export interface GenerateOptions {
  /** Instruction steps (e.g. from the submission's own scenario); the default scenario's reviewer steps otherwise. */
  steps?: readonly InstructionStep[];
}

export const descriptionId = (id: PermissionId): TextId => `description:${id}`;

/**
 * Writes every text of a submission from its profile. Pure and deterministic: the same
 * profile and steps give the same texts and hashes. The App Secret and the recording-only
 * logins are scrubbed from every text as a last guard (captions from a scenario could
 * carry them).
 */
export function generateTexts(profile: Profile, opts: GenerateOptions = {}): GeneratedTexts {
  const f = textFacts(profile);
  const forbidden = forbiddenValues(profile);
  const make = (id: TextId, title: string, raw: string): GeneratedText => {
    const text = scrub(raw, forbidden);
    return { id, title, text, hash: contentHash(text) };
  };

  const descriptions: GeneratedTexts['descriptions'] = {};
  for (const id of f.permissions) {
    const e = catalogEntry(id);
    descriptions[id] = make(descriptionId(id), `How "${f.appName}" uses ${e.title}`, describePermission(id, f));
  }
  // The instructions come from the scenario's reviewer-marked steps: the demo and the instructions say the same thing.
  const fromScenario = opts.steps ?? instructionStepsFromScenario(defaultScenario(), profile);
  const steps = fromScenario.length ? fromScenario : defaultInstructionSteps(f);
  return {
    descriptions,
    reviewerInstructions: make('reviewerInstructions', 'Reviewer instructions', renderReviewerInstructions(f, steps)),
    setupNotes: make('setupNotes', 'Meta-side setup notes', renderSetupNotes(profile)),
  };
}

/** The texts in display order. */
export function generatedList(g: GeneratedTexts): GeneratedText[] {
  return [...Object.values(g.descriptions).filter((t): t is GeneratedText => !!t), g.reviewerInstructions, g.setupNotes];
}
