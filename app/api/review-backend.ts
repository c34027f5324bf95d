// Checks, the Graph API pre-flight and the export bundle as the UI runs them, with each check result pointing at the screen that fixes it.
import path from 'node:path';
import { UserError } from '../common/errors';
import type { Profile } from '../profile/schema';
import { checkSubmission } from '../review/checks/submission';
import type { CheckResult, CheckReport as BackendReport, FixTarget } from '../review/checks/types';
import { REPORT_FILE } from '../review/export/documents';
import { exportSubmission } from '../review/export/index';
import { runTimestamp } from '../recorder/run-folder';
import type { CheckReport, CheckResultView, ExportResult, SectionId } from './views';

/** Where a check result sends the person: the screen of the UI that edits the thing to fix. */
export function targetOf(t: FixTarget): CheckResultView['target'] {
  const screens: Record<NonNullable<FixTarget['screen']>, SectionId> = {
    gateway: 'gateway',
    permissions: 'texts',
    texts: 'texts',
    recorder: 'recorder',
    setup: 'setup',
  };
  if (t.screen) return { section: screens[t.screen], ...(t.field ? { field: t.field } : {}) };
  if (t.step) return { section: 'recorder' };
  if (t.field) {
    if (t.field === 'permissions' || t.field.startsWith('permissions[')) return { section: 'texts' };
    if (t.field.startsWith('texts.')) return { section: 'texts', textId: t.field.slice('texts.'.length) };
    return { section: 'gateway', field: t.field };
  }
  return null;
}

export function reportView(r: BackendReport): CheckReport {
  const view = (c: CheckResult): CheckResultView => ({
    id: c.id,
    title: c.title,
    severity: c.severity,
    status: c.status,
    message: c.message,
    fix: c.fix,
    target: targetOf(c.target),
  });
  return { results: r.results.map(view), errors: r.counts.errors, warnings: r.counts.warnings, ranAt: r.checkedAt };
}

/** Checks, the Graph API pre-flight and the export bundle, as the UI runs them. */
export class ReviewBackend {
  constructor(
    readonly dataDir: string,
    private readonly reportUrl?: (bundle: string) => string,
  ) {}

  async checks(p: Profile, opts: { preflight: boolean; signal?: AbortSignal }): Promise<CheckReport> {
    if (opts.preflight && (!p.gateway.appId || !p.gateway.appSecret)) {
      throw new UserError('validation', 'the pre-flight needs the App ID and the App Secret', {
        issues: [
          ...(p.gateway.appId ? [] : [{ field: 'gateway.appId', message: 'enter the App ID' }]),
          ...(p.gateway.appSecret ? [] : [{ field: 'gateway.appSecret', message: 'enter the App Secret' }]),
        ],
        hint: 'fill them in under Gateway & credentials',
      });
    }
    const graphUrl = process.env.REVIEW_ASSISTANT_GRAPH_URL;
    const mmeUrl = process.env.REVIEW_ASSISTANT_MME_URL;
    const { report } = await checkSubmission({
      profile: p,
      dataDir: this.dataDir,
      surface: 'app',
      preflight: opts.preflight
        ? { ...(graphUrl ? { baseUrl: graphUrl } : {}), ...(mmeUrl ? { mmeUrl } : {}), ...(opts.signal ? { signal: opts.signal } : {}) }
        : undefined,
    });
    return reportView(report);
  }

  /** Writes `<data>/exports/<name>-<time>/` (and its zip) from the newest finished recording. */
  async exportBundle(p: Profile, opts: { zip: boolean }): Promise<ExportResult> {
    const outDir = path.join(this.dataDir, 'exports', `${p.name}-${runTimestamp()}`);
    const r = await exportSubmission({ profile: p, dataDir: this.dataDir, outDir, zip: opts.zip });
    const report = r.files.includes(REPORT_FILE) ? path.join(r.folder, REPORT_FILE) : null;
    return { folder: r.folder, zip: r.zip, files: r.files, report, reportUrl: report && this.reportUrl ? this.reportUrl(path.basename(r.folder)) : null };
  }
}
