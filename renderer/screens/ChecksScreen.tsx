import { useState } from 'react';
import type { CheckReport, CheckResultView, ExportResult, SubmissionDetail } from '../../app/api/views';
import { api, isDesktop } from '../bridge';
import { sayWhere } from '../state/where';
import { useApp } from '../state/store';
import { Empty } from '../components/Empty';
import { PlaceholderWarning, type PlaceholderFinding } from '../components/PlaceholderWarning';
import { placeholdersIn } from '../../app/review/texts/facts';
import { SECTIONS } from './SubmissionScreen';

export function ChecksScreen({ name, detail, onSaved }: { name: string; detail: SubmissionDetail; onSaved(d: SubmissionDetail): void }) {
  const [report, setReport] = useState<CheckReport | null>(null);
  const [busy, setBusy] = useState<'checks' | 'preflight' | 'export' | null>(null);
  const [exported, setExported] = useState<ExportResult | null>(null);
  const [warn, setWarn] = useState<PlaceholderFinding[] | null>(null);
  const fail = useApp((s) => s.fail);
  const toast = useApp((s) => s.toast);
  const select = useApp((s) => s.select);

  // In browser mode the bundle is on the computer running the app, maybe a server: say where it is.
  async function open(path: string, where: (p: string) => string) {
    try {
      const r = await api.openPath({ path });
      sayWhere(toast, r, where(r.folder));
    } catch (e) {
      fail(e);
    }
  }

  async function run(kind: 'checks' | 'preflight') {
    setBusy(kind);
    try {
      setReport(kind === 'checks' ? await api.runChecks({ name }) : await api.runPreflight({ name }));
      useApp.getState().dismissKey('checks');
    } catch (e) {
      fail(e, 'checks');
    } finally {
      setBusy(null);
    }
  }

  async function exportBundle() {
    setBusy('export');
    try {
      setExported(await api.exportBundle({ name, zip: true }));
      useApp.getState().dismissKey('export');
    } catch (e) {
      fail(e, 'export');
    } finally {
      setBusy(null);
    }
  }

  /** Texts that still hold placeholders would go to Meta as written: say so before exporting them. */
  async function exportFirstAsking() {
    try {
      const found = (await api.getTexts({ name }))
        .map((t) => ({ title: t.title, placeholders: placeholdersIn(t.text) }))
        .filter((f) => f.placeholders.length > 0);
      if (found.length) return setWarn(found);
    } catch (e) {
      return fail(e, 'export');
    }
    await exportBundle();
  }

  const testUser = detail.profile.reviewer.facebookTestUser.isTestUser;
  const failed = report?.results.filter((r) => r.status === 'fail') ?? [];
  const passed = report?.results.filter((r) => r.status === 'pass') ?? [];
  const skipped = report?.results.filter((r) => r.status === 'skip') ?? [];

  return (
    <div className="stack">
      <section className="card">
        <div className="run-head">
          <h2>Check the submission</h2>
          <div className="run-options">
            <button type="button" className="btn primary" disabled={busy !== null} onClick={() => void run('checks')}>
              {busy === 'checks' ? 'Checking…' : 'Run checks'}
            </button>
            <button
              type="button"
              className="btn"
              disabled={busy !== null}
              onClick={() => void run('preflight')}
              title="Reads the Meta app's settings through the Graph API with the App ID and Secret"
            >
              {busy === 'preflight' ? 'Asking Meta…' : 'Pre-flight with Meta'}
            </button>
          </div>
        </div>
        <div className="question">
          <span>
            Is the Facebook login you give the reviewer a <strong>Test User</strong> (App roles → Test users)?
          </span>
          {([true, false] as const).map((v) => (
            <button
              key={String(v)}
              type="button"
              className={`btn small${testUser === v ? ' primary' : ''}`}
              aria-pressed={testUser === v}
              onClick={async () => {
                try {
                  onSaved(await api.setTestUserAnswer({ name, isTestUser: v }));
                } catch (e) {
                  fail(e);
                }
              }}
            >
              {v ? 'Yes' : 'No'}
            </button>
          ))}
        </div>
        {!report ? (
          <Empty title="Not checked yet">
            The checks look for the reasons Meta rejects submissions: missing recordings or logins, copied descriptions, no consent flow on video, wrong URLs.
          </Empty>
        ) : (
          <>
            <p className={`summary ${report.errors ? 'bad' : 'good'}`} role="status">
              {report.errors ? `${report.errors} error(s) to fix before submitting` : 'No errors: ready to export'}
              {report.warnings ? ` · ${report.warnings} warning(s)` : ''} · {passed.length} passed
            </p>
            <ul className="results-list">
              {failed.map((r) => (
                <Result key={r.id} r={r} go={(t) => select(name, t.section, t.field ?? (t.textId ? `text:${t.textId}` : null))} />
              ))}
            </ul>
            {passed.length > 0 && (
              <details>
                <summary>{passed.length} passed</summary>
                <ul className="results-list">
                  {passed.map((r) => (
                    <Result key={r.id} r={r} />
                  ))}
                </ul>
              </details>
            )}
            {skipped.length > 0 && (
              <details>
                <summary>{skipped.length} not checked</summary>
                {/* One line per reason ("Pre-flight not run", "No recording yet"), naming the checks that wait for it. */}
                <ul className="results-list">
                  {skippedByReason(skipped).map(([reason, waiting]) => (
                    <li key={reason} className="result skip skip-reason">
                      <span className="result-icon" aria-hidden="true">
                        –
                      </span>
                      <div>
                        <strong>{reason}</strong>
                        <p className="muted">
                          {waiting.length === 1 ? 'Waiting for it: ' : `${waiting.length} checks wait for it: `}
                          {waiting.map((r) => r.title).join(' · ')}
                        </p>
                      </div>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </>
        )}
      </section>
      <section className="card">
        <div className="run-head">
          <h2>Export the submission bundle</h2>
          <button type="button" className="btn primary" disabled={busy !== null} onClick={() => void exportFirstAsking()}>
            {busy === 'export' ? 'Exporting…' : 'Export'}
          </button>
        </div>
        <p className="muted">
          A folder and a zip in the order of Meta's form: descriptions, reviewer instructions, videos per permission, captions, the checks and a printable
          report. The App Secret is never exported.
        </p>
        <PlaceholderWarning findings={warn} proceedLabel="Export anyway" onProceed={() => void exportBundle()} onClose={() => setWarn(null)} />
        {exported && (
          <div className="exported">
            <p>
              Written to <code>{exported.folder}</code>
              {exported.zip && (
                <>
                  {' '}
                  and <code>{exported.zip}</code>
                </>
              )}
            </p>
            <div className="exported-actions">
              {exported.reportUrl ? (
                // Browser mode: the app serves the report, so it opens in a tab wherever the app runs.
                <a className="btn small" href={exported.reportUrl} target="_blank" rel="noopener noreferrer">
                  Open report
                </a>
              ) : (
                exported.report && (
                  <button type="button" className="btn small" onClick={() => void open(exported.report!, (p) => `The report is at ${p}`)}>
                    {isDesktop ? 'Open report' : 'Show report'}
                  </button>
                )
              )}
              <button type="button" className="btn small" onClick={() => void open(exported.folder, (p) => `The bundle is in ${p}`)}>
                {isDesktop ? 'Open folder' : 'Show folder'}
              </button>
            </div>
          </div>
        )}
      </section>
    </div>
  );
}

/** The skipped results grouped by why they were skipped, in first-seen order; titles once each. */
function skippedByReason(skipped: CheckResultView[]): Array<[string, CheckResultView[]]> {
  const by = new Map<string, CheckResultView[]>();
  for (const r of skipped) {
    const list = by.get(r.message) ?? [];
    if (!list.some((x) => x.title === r.title)) list.push(r);
    by.set(r.message, list);
  }
  return [...by.entries()];
}

function Result({ r, go }: { r: CheckResultView; go?: (t: NonNullable<CheckResultView['target']>) => void }) {
  const label = r.target ? SECTIONS.find((s) => s.id === r.target?.section)?.label : undefined;
  return (
    <li className={`result ${r.status} sev-${r.severity}`}>
      <span className="result-icon" aria-hidden="true">
        {r.status === 'pass' ? '✓' : r.status === 'skip' ? '–' : r.severity === 'error' ? '✕' : '!'}
      </span>
      <div>
        <strong>{r.message}</strong>
        {r.status === 'fail' && r.fix && <p className="muted">{r.fix}</p>}
      </div>
      {go && r.target && r.status === 'fail' && (
        <button type="button" className="btn small" onClick={() => r.target && go(r.target)}>
          Fix in {label ?? 'settings'} →
        </button>
      )}
    </li>
  );
}
