// Runs every check rule in the order a person fixes things and gathers the results into one report.
import { PREFLIGHT_RULES } from './rules/preflight';
import { PROFILE_RULES } from './rules/profile';
import { RECORDING_RULES } from './rules/recording';
import { REVIEWER_NOTES_RULES } from './rules/reviewer-notes';
import { TEXT_RULES } from './rules/texts';
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

export function runChecks(input: CheckInput, opts: { rules?: readonly CheckRule[]; now?: Date } = {}): CheckReport {
  const results = (opts.rules ?? CHECK_RULES).flatMap((r) => runRule(r, input));
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
