// Prints a check report for people: failures first, as a terminal table or as Markdown.
import type { CheckReport, CheckResult } from './types';

const SYMBOL: Record<CheckResult['status'], string> = { pass: 'ok  ', fail: 'FAIL', skip: 'skip' };

function label(r: CheckResult): string {
  if (r.status !== 'fail') return SYMBOL[r.status];
  return r.severity === 'error' ? 'FAIL' : r.severity === 'warning' ? 'WARN' : 'note';
}

/** Failures first (errors, warnings, notes), then passes and skips, each in rule order. */
export function orderForPeople(results: CheckResult[]): CheckResult[] {
  const rank = (r: CheckResult) => (r.status === 'fail' ? { error: 0, warning: 1, info: 2 }[r.severity] : r.status === 'pass' ? 3 : 4);
  return results
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map(({ r }) => r);
}

/** The terminal table: status, id, message, and for failures the fix on the next line. */
export function formatCheckTable(report: CheckReport, opts: { showPassed?: boolean } = {}): string {
  const rows = orderForPeople(report.results).filter((r) => opts.showPassed !== false || r.status === 'fail');
  const width = Math.min(48, Math.max(8, ...rows.map((r) => r.id.length)));
  const lines = rows.map((r) => {
    const head = `${label(r)}  ${r.id.padEnd(width)}  ${r.message}`;
    return r.status === 'fail' && r.fix ? `${head}\n${' '.repeat(width + 8)}fix: ${r.fix}` : head;
  });
  const c = report.counts;
  lines.push(
    '',
    `${c.errors} error${c.errors === 1 ? '' : 's'}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}, ${c.pass} passed, ${c.skip} skipped — ${report.ok ? 'ready to submit as far as these checks see' : 'fix the errors before submitting'}.`,
  );
  return lines.join('\n');
}

const SOURCE: Record<CheckResult['source'], string> = { meta: 'Meta', webitel: 'Webitel', app: 'recommended by this app' };

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function formatCheckMarkdown(report: CheckReport): string {
  const c = report.counts;
  const out = [
    `# Submission checks — ${report.profile}`,
    '',
    `Checked ${report.checkedAt}: ${c.errors} errors, ${c.warnings} warnings, ${c.pass} passed, ${c.skip} skipped. ${report.ok ? 'No error-level check failed.' : 'Error-level checks failed: fix them before submitting.'}`,
    '',
    '| status | severity | check | rule by | result | how to fix |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of orderForPeople(report.results)) {
    out.push(`| ${r.status} | ${r.severity} | \`${r.id}\` | ${SOURCE[r.source]} | ${mdCell(r.message)} | ${mdCell(r.fix)} |`);
  }
  return out.join('\n') + '\n';
}
