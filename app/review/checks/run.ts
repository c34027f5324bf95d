// Runs every check rule in the order a person fixes things and gathers the results into one report.
import { PREFLIGHT_RULES } from './rules/preflight';
import { PROFILE_RULES } from './rules/profile';
import { RECORDING_RULES } from './rules/recording';
import { REVIEWER_NOTES_RULES } from './rules/reviewer-notes';
import { TEXT_RULES } from './rules/texts';
import { getAt } from '../../profile/paths';
import type { Profile } from '../../profile/schema';
import type { CheckInput, CheckReport, CheckResult, CheckRule } from './types';

/** All checks, in the order a person fixes things: profile, texts, recording, Meta app. */
export const CHECK_RULES: readonly CheckRule[] = [...PROFILE_RULES, ...TEXT_RULES, ...RECORDING_RULES, ...REVIEWER_NOTES_RULES, ...PREFLIGHT_RULES];

/** Runs one rule and completes its outcomes into results (ids, titles, default severity). */
export function runRule(rule: CheckRule, input: CheckInput): CheckResult[] {
  return rule.run(input).map((o) => ({
    id: o.subject ? `${rule.id}:${o.subject}` : rule.id,
    ruleId: rule.id,
    title: rule.title,
    severity: o.severity ?? rule.severity,
    status: o.status,
    source: rule.source,
    message: o.message,
    fix: o.status === 'fail' ? (o.fix ?? '') : '',
    target: o.target ?? {},
  }));
}

/** Whether a profile field is empty; a target that is not a profile path (a text's id) never is. */
function isEmptyField(profile: Profile, field: string): boolean {
  let v: unknown;
  try {
    v = getAt(profile, field);
  } catch {
    return false;
  }
  return v === '' || (Array.isArray(v) && v.length === 0);
}

/**
 * One result per problem: an empty field that several rules need (the required fields, the
 * instructions' logins, the privacy policy) is reported once, by the first rule that fails on it.
 */
export function onePerProblem(results: readonly CheckResult[], profile: Profile): CheckResult[] {
  const reported = new Set<string>();
  return results.filter((r) => {
    const field = r.target.field;
    if (r.status !== 'fail' || !field || !isEmptyField(profile, field)) return true;
    if (reported.has(field)) return false;
    reported.add(field);
    return true;
  });
}

export function runChecks(input: CheckInput, opts: { rules?: readonly CheckRule[]; now?: Date } = {}): CheckReport {
  const results = onePerProblem(
    (opts.rules ?? CHECK_RULES).flatMap((r) => runRule(r, input)),
    input.profile,
  );
  const failed = results.filter((r) => r.status === 'fail');
  const errors = failed.filter((r) => r.severity === 'error').length;
  return {
    profile: input.profile.name,
    checkedAt: (opts.now ?? new Date()).toISOString(),
    ok: errors === 0,
    counts: {
      pass: results.filter((r) => r.status === 'pass').length,
      fail: failed.length,
      skip: results.filter((r) => r.status === 'skip').length,
      errors,
      warnings: failed.filter((r) => r.severity === 'warning').length,
    },
    results,
  };
}
