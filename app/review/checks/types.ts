// The shapes of check rules and their results: severity, status, where to fix, and the input every rule reads.
import { z } from 'zod';
import type { Profile } from '../../profile/schema';
import type { PermissionId } from '../permission-ids';
import type { PreflightFacts } from '../preflight/facts';
import type { RecordingFacts } from './recording-facts-schema';

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

export const CheckStatusSchema = z.enum(['pass', 'fail', 'skip']);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

/** Where the UI sends a person to fix a result: a profile field, a scenario step, or a screen. */
export const FixTargetSchema = z.object({
  field: z.string().optional(),
  step: z.string().optional(),
  /** A text of the texts module (`description:<permission>`, `reviewerInstructions`). */
  textId: z.string().optional(),
  screen: z.enum(['gateway', 'permissions', 'texts', 'recorder', 'setup']).optional(),
});
export type FixTarget = z.infer<typeof FixTargetSchema>;

/**
 * Whose rule a check enforces. `meta`: stated by Meta; `webitel`: Webitel's own guidance;
 * `app`: recommended by this app (Meta says nothing definite about it).
 */
export const RuleSourceSchema = z.enum(['meta', 'webitel', 'app']);
export type RuleSource = z.infer<typeof RuleSourceSchema>;

export const CheckResultSchema = z.object({
  /** Stable: the rule id, plus `:<subject>` when a rule reports per permission, field or scene. */
  id: z.string(),
  ruleId: z.string(),
  title: z.string(),
  severity: SeveritySchema,
  status: CheckStatusSchema,
  source: RuleSourceSchema,
  message: z.string(),
  /** How to fix it, in words; empty when the result passed. */
  fix: z.string(),
  target: FixTargetSchema,
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const CheckReportSchema = z.object({
  profile: z.string(),
  checkedAt: z.string(),
  /** True when no error-level result failed. */
  ok: z.boolean(),
  counts: z.object({ pass: z.number(), fail: z.number(), skip: z.number(), errors: z.number(), warnings: z.number() }),
  results: z.array(CheckResultSchema),
});
export type CheckReport = z.infer<typeof CheckReportSchema>;

/** The texts a submission pastes into Meta's form (the texts module's `resolveTexts` output fits). */
export interface ReviewTexts {
  descriptions: Partial<Record<PermissionId, string>>;
  reviewerInstructions: string;
  setupNotes?: string;
}

/** A scene of the scenario (or of a recorded run): which permissions it demonstrates. */
export interface SceneFacts {
  id: string;
  title: string;
  permissions: string[];
}

export interface CheckInput {
  profile: Profile;
  texts: ReviewTexts;
  /** Facts of the recording to submit; undefined = no recording found. */
  recording?: RecordingFacts | undefined;
  /** Scenes of the scenario, used for "requested for later" when there is no recording yet. */
  scenes?: SceneFacts[] | undefined;
  /** Pre-flight findings; undefined = pre-flight not run. */
  preflight?: PreflightFacts | undefined;
  /** Feature keywords per permission (from the catalog); defaults to this module's list. */
  keywords?: Partial<Record<PermissionId, readonly string[]>> | undefined;
  /** Who reads the results: the command line (default) or the app, which names its own buttons and never a flag. */
  surface?: CheckSurface | undefined;
  /** When the checks run (default: now); tests pass their own. */
  now?: Date | undefined;
}

export type CheckSurface = 'cli' | 'app';

/** The way to do something, said for whoever reads the result. */
export function howTo(input: Pick<CheckInput, 'surface'>, ways: Record<CheckSurface, string>): string {
  return ways[input.surface ?? 'cli'];
}

/** What a rule reports; the runner fills in id, title, source and the default severity. */
export interface RuleOutcome {
  status: CheckStatus;
  message: string;
  fix?: string;
  target?: FixTarget;
  /** Makes the result id `<rule>:<subject>`. */
  subject?: string;
  /** Overrides the rule's severity (e.g. an unanswered question is a warning, a wrong answer an error). */
  severity?: Severity;
}

export interface CheckRule {
  id: string;
  severity: Severity;
  source: RuleSource;
  title: string;
  run(input: CheckInput): RuleOutcome[];
}
