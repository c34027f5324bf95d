import { useEffect, useMemo, useRef, useState } from 'react';
import type { Profile } from '../../app/profile/schema';
import type { SubmissionDetail, ValidationReport } from '../../app/api/views';
import type { FieldIssue } from '../../app/common/errors';
import { PROFILE_LABELS, describeProfileIssues } from '../../app/profile/field-labels';
import { api, ApiError } from '../bridge';
import { useApp } from '../state/store';
import { Field, fieldDomId } from '../components/Field';

type Setter = (path: string, value: unknown) => void;

function setIn<T>(obj: T, path: string, value: unknown): T {
  const copy = structuredClone(obj) as Record<string, unknown>;
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let cur: Record<string, unknown> = copy;
  for (let i = 0; i < parts.length - 1; i++) cur = cur[parts[i] as string] as Record<string, unknown>;
  cur[parts[parts.length - 1] as string] = value;
  return copy as T;
}

/** The fields this form shows (permissions are chosen under Permissions & texts). */
const FORM_FIELDS: ReadonlySet<string> = new Set(Object.keys(PROFILE_LABELS).filter((f) => f !== 'permissions' && f !== 'name'));

/** Moves focus to a field of the form (or the control standing for it), scrolled into view. */
function focusField(path: string): void {
  const el = document.getElementById(fieldDomId(path)) ?? document.querySelector<HTMLElement>(`[data-field="${CSS.escape(path)}"] input`);
  el?.scrollIntoView({ block: 'center' });
  el?.focus();
}

function byField(list: FieldIssue[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const i of list) if (!m.has(i.field)) m.set(i.field, i.message);
  return m;
}

/** The gateway, Meta app, Pages and logins: edited as a draft, validated by the app as you type, saved explicitly. */
export function GatewayForm({ detail, onSaved }: { detail: SubmissionDetail; onSaved(d: SubmissionDetail): void }) {
  const [draft, setDraft] = useState<Profile>(detail.profile);
  const [report, setReport] = useState<ValidationReport>(detail.validation);
  const [saving, setSaving] = useState(false);
  const setDirty = useApp((s) => s.setDirty);
  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(detail.profile), [draft, detail.profile]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // An empty field says what it needs once the person has been there (blur) or tried to save:
  // a fresh blank form is not a wall of hints, and a hint does not come and go while typing elsewhere.
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const touch = (path: string) => setTouched((t) => (t.has(path) ? t : new Set(t).add(path)));
  const shown = (path: string) => attempted || touched.has(path);
  // A link to a field the form does not show yet (a Page's value while the submission lists no
  // Page: the Recorder's missing values, a check's Fix) goes to the control that adds it; a field
  // that is shown took focus itself (Field), its effect running before this one.
  const focus = useApp((s) => s.focus);
  useEffect(() => {
    if (focus && /^pages\[\d+\]/.test(focus) && !document.getElementById(fieldDomId(focus))) focusField('pages');
  }, [focus]);

  // Everything fixed: the "Not saved" notice has nothing left to say.
  useEffect(() => {
    if (report.errors.length === 0) useApp.getState().dismissKey('save');
  }, [report.errors.length]);

  useEffect(() => setDirty(dirty), [dirty, setDirty]);
  // Leaving the form (its edits discarded, or another submission opened): a "Not saved" notice
  // about it would speak of fields no longer on screen.
  useEffect(
    () => () => {
      setDirty(false);
      useApp.getState().dismissKey('save');
    },
    [setDirty],
  );

  const set: Setter = (path, value) => {
    const next = setIn(draft, path, value);
    setDraft(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      try {
        setReport(await api.validateSubmission({ profile: next }));
      } catch {
        // Live validation is a convenience; Save reports for real.
      }
    }, 250);
  };

  async function save() {
    setAttempted(true);
    setSaving(true);
    clearTimeout(timer.current);
    try {
      const saved = await api.saveSubmission({ name: detail.profile.name, profile: draft });
      setDraft(saved.profile);
      setReport(saved.validation);
      onSaved(saved);
      setDirty(false);
      void useApp.getState().refreshSubmissions();
      useApp.getState().toast({ kind: 'success', message: 'Saved', key: 'save' });
    } catch (e) {
      if (e instanceof ApiError && e.kind === 'validation') {
        setReport({ errors: e.issues, warnings: [], missing: report.missing });
        const first = e.issues[0]?.field;
        useApp.getState().toast({
          kind: 'error',
          message: `Not saved: ${e.issues.length} field${e.issues.length === 1 ? '' : 's'} to fix`,
          hint: describeProfileIssues(e.issues),
          key: 'save',
          ...(first ? { action: { label: 'Show', run: () => focusField(first) } } : {}),
        });
      } else useApp.getState().fail(e);
    } finally {
      setSaving(false);
    }
  }

  const errors = byField(report.errors);
  const warnings = byField(report.warnings);
  const missing = byField(report.missing.filter((m) => FORM_FIELDS.has(m.field) && shown(m.field)));
  // One summary for the whole form: the invalid fields (they stop a save), then the empty ones
  // already pointed out (a draft may be saved without them), counted apart so that it agrees
  // with the "Not saved: N fields to fix" notice.
  const invalid = [...new Set(report.errors.map((x) => x.field))];
  const empty = [...missing.keys()].filter((k) => !invalid.includes(k));
  const toFix = [...invalid, ...empty];
  // Labels come from the one list messages use too, so an error names a field as the form does.
  const f = (path: string, value: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field
      label={PROFILE_LABELS[path] ?? path}
      path={path}
      value={value}
      onChange={(v) => set(path, v)}
      error={errors.get(path)}
      warning={warnings.get(path) ?? (value ? undefined : missing.get(path))}
      onBlur={() => touch(path)}
      {...extra}
    />
  );
  const p = draft;

  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      noValidate
    >
      <div className="savebar" data-dirty={dirty}>
        <span className="muted">{dirty ? 'Unsaved changes' : 'All changes saved'}</span>
        <span className="form-summary" role="status">
          {toFix.length > 0 && (
            <button type="button" className="link-btn" onClick={() => focusField(toFix[0] as string)}>
              {summaryText(invalid.length, empty.length)}
            </button>
          )}
        </span>
        <button
          type="button"
          className="btn"
          disabled={!dirty || saving}
          onClick={() => {
            setDraft(detail.profile);
            setReport(detail.validation);
            setTouched(new Set());
            setAttempted(false);
          }}
        >
          Revert
        </button>
        <button type="submit" className="btn primary" disabled={!dirty || saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>

      <fieldset className="group">
        <legend>Webitel and the gateway</legend>
        <p className="group-help">From the Meta gateway form in Webitel Admin → Integrations → Chat gateways.</p>
        {f('title', p.title, { placeholder: 'Acme support (Messenger)' })}
        {f('webitel.host', p.webitel.host, { placeholder: 'https://cloud.webitel.ua', type: 'url', required: true })}
        {f('gateway.name', p.gateway.name)}
        <div className="two">
          {f('gateway.appId', p.gateway.appId, { required: true, placeholder: '1234567890123456' })}
          {f('gateway.apiVersion', p.gateway.apiVersion, { placeholder: 'v24.0' })}
        </div>
        {f('gateway.appSecret', p.gateway.appSecret, {
          secret: true,
          required: true,
          help: 'Stored encrypted; never written into texts, logs or exports.',
        })}
        {f('gateway.uri', p.gateway.uri, {
          required: true,
          placeholder: 'https://cloud.webitel.ua/chat/abcdefghijklmnopqrstuvwxyzabcde',
          help: 'Goes into Valid OAuth Redirect URIs and Deauthorize Callback URL in the Meta app.',
        })}
      </fieldset>

      <fieldset className="group">
        <legend>Meta app</legend>
        <div className="two">
          {f('metaApp.name', p.metaApp.name, { required: true })}
          {f('metaApp.company', p.metaApp.company, { required: true })}
        </div>
        <div className="two">
          {f('metaApp.contactEmail', p.metaApp.contactEmail, { type: 'email' })}
          {f('metaApp.privacyPolicyUrl', p.metaApp.privacyPolicyUrl, { type: 'url', placeholder: 'https://example.com/privacy' })}
        </div>
        <div className="field">
          <span className="label" id="deployment-label">
            Deployment
          </span>
          <div className="segmented" role="radiogroup" aria-labelledby="deployment-label">
            {(['cloud', 'on-premise'] as const).map((d) => (
              <label key={d} className={p.metaApp.deployment === d ? 'on' : ''}>
                <input type="radio" name="deployment" checked={p.metaApp.deployment === d} onChange={() => set('metaApp.deployment', d)} />
                {d === 'cloud' ? 'Webitel cloud' : 'On-premise'}
              </label>
            ))}
          </div>
        </div>
      </fieldset>

      <PagesEditor pages={p.pages} set={set} errors={errors} missing={missing} onTouch={() => touch('pages')} />

      <fieldset className="group">
        <legend>Test logins for the reviewer</legend>
        <p className="group-help">These go into the reviewer instructions, where Meta wants them.</p>
        <div className="two">
          {f('reviewer.operator.login', p.reviewer.operator.login, { placeholder: 'reviewer@acme' })}
          {f('reviewer.operator.password', p.reviewer.operator.password, { secret: true })}
        </div>
        <div className="two">
          {f('reviewer.facebookTestUser.email', p.reviewer.facebookTestUser.email, {
            type: 'email',
            placeholder: 'open_abc@tfbnw.net',
          })}
          {f('reviewer.facebookTestUser.password', p.reviewer.facebookTestUser.password, { secret: true })}
        </div>
        <div className="field">
          <span className="label" id="testuser-label">
            Is this login a Facebook Test User (App roles → Test users)?
          </span>
          <div className="segmented" role="radiogroup" aria-labelledby="testuser-label">
            {([true, false, null] as const).map((v) => (
              <label key={String(v)} className={p.reviewer.facebookTestUser.isTestUser === v ? 'on' : ''}>
                <input
                  type="radio"
                  name="isTestUser"
                  id={v === true ? fieldDomId('reviewer.facebookTestUser.isTestUser') : undefined}
                  checked={p.reviewer.facebookTestUser.isTestUser === v}
                  onChange={() => set('reviewer.facebookTestUser.isTestUser', v)}
                  onBlur={() => touch('reviewer.facebookTestUser.isTestUser')}
                />
                {v === true ? 'Yes' : v === false ? 'No' : 'Not sure'}
              </label>
            ))}
          </div>
          {(warnings.get('reviewer.facebookTestUser.isTestUser') ?? missing.get('reviewer.facebookTestUser.isTestUser')) && (
            <p className="field-warning">{warnings.get('reviewer.facebookTestUser.isTestUser') ?? missing.get('reviewer.facebookTestUser.isTestUser')}</p>
          )}
        </div>
        {f('reviewer.triggerMessage', p.reviewer.triggerMessage, { placeholder: 'Hello! I need help with my order' })}
      </fieldset>

      <fieldset className="group">
        <legend>Logins used only while recording</legend>
        <p className="group-help">Never written into any text given to Meta.</p>
        <div className="two">
          {f('recording.webitelAdmin.login', p.recording.webitelAdmin.login)}
          {f('recording.webitelAdmin.password', p.recording.webitelAdmin.password, { secret: true })}
        </div>
        <div className="two">
          {f('recording.pageAdmin.email', p.recording.pageAdmin.email, { type: 'email' })}
          {f('recording.pageAdmin.password', p.recording.pageAdmin.password, { secret: true })}
        </div>
      </fieldset>
    </form>
  );
}

function PagesEditor({
  pages,
  set,
  errors,
  missing,
  onTouch,
}: {
  pages: Profile['pages'];
  set: Setter;
  errors: Map<string, string>;
  missing: Map<string, string>;
  onTouch(): void;
}) {
  return (
    <fieldset className="group">
      <legend>Facebook Pages</legend>
      <p className="group-help">The Page the reviewer messages, at facebook.com/messages/t/&lt;Page id&gt; (the username is optional).</p>
      {pages.length === 0 && missing.get('pages') && <p className="field-warning">{missing.get('pages')}</p>}
      {pages.map((pg, i) => (
        <div className="page-row" key={i}>
          <Field label="Page ID" path={`pages[${i}].id`} value={pg.id} onChange={(v) => set(`pages[${i}].id`, v)} error={errors.get(`pages[${i}].id`)} />
          <Field
            label="Page name"
            path={`pages[${i}].name`}
            value={pg.name}
            onChange={(v) => set(`pages[${i}].name`, v)}
            error={errors.get(`pages[${i}].name`)}
          />
          <Field
            label="Username"
            path={`pages[${i}].username`}
            value={pg.username}
            onChange={(v) => set(`pages[${i}].username`, v)}
            error={errors.get(`pages[${i}].username`)}
            warning={pg.username ? undefined : missing.get(`pages[${i}].username`)}
          />
          <button
            type="button"
            className="btn ghost small row-remove"
            aria-label={`Remove Page ${pg.name || i + 1}`}
            onClick={() =>
              set(
                'pages',
                pages.filter((_, j) => j !== i),
              )
            }
          >
            Remove
          </button>
        </div>
      ))}
      {errors.get('pages') && <p className="field-error">{errors.get('pages')}</p>}
      <button
        type="button"
        className="btn small"
        id={fieldDomId('pages')}
        onBlur={onTouch}
        onClick={() => set('pages', [...pages, { id: '', name: '', username: '' }])}
      >
        + Add Page
      </button>
    </fieldset>
  );
}

/** "2 fields to fix, 5 to fill": what stops a save first, then what the submission still lacks. */
function summaryText(invalid: number, empty: number): string {
  const fields = (n: number) => (n === 1 ? '1 field' : `${n} fields`);
  if (invalid && empty) return `${fields(invalid)} to fix, ${empty} to fill`;
  return invalid ? `${fields(invalid)} to fix` : `${fields(empty)} to fill`;
}
