import { useCallback, useEffect, useRef, useState } from 'react';
import type { PermissionInfo, ReviewText, SubmissionDetail } from '../../app/api/views';
import type { AccessLevel, PermissionId } from '../../app/review/permission-ids';
import { api } from '../bridge';
import { useApp } from '../state/store';
import { CopyButton } from '../components/CopyButton';
import { Empty } from '../components/Empty';

export function TextsScreen({ detail, onSaved }: { detail: SubmissionDetail; onSaved(d: SubmissionDetail): void }) {
  const name = detail.profile.name;
  const [catalog, setCatalog] = useState<PermissionInfo[] | null>(null);
  const [texts, setTexts] = useState<ReviewText[] | null>(null);
  const fail = useApp((s) => s.fail);

  const load = useCallback(async () => {
    try {
      const [c, t] = await Promise.all([api.permissionCatalog({ name }), api.getTexts({ name })]);
      setCatalog(c);
      setTexts(t);
    } catch (e) {
      fail(e);
    }
  }, [name, fail]);
  useEffect(() => {
    void load();
  }, [load]);

  async function setPermissions(next: { id: PermissionId; accessLevel: AccessLevel }[]) {
    try {
      const saved = await api.saveSubmission({ name, profile: { ...detail.profile, permissions: next } });
      onSaved(saved);
      await load();
    } catch (e) {
      fail(e);
    }
  }

  const requested = new Map(detail.profile.permissions.map((p) => [p.id, p.accessLevel]));
  return (
    <div className="stack">
      <section className="card">
        <h2>Permissions to request</h2>
        <p className="muted">
          Advice for a <strong>{detail.profile.metaApp.deployment}</strong> deployment (change it under Gateway &amp; credentials).
        </p>
        <ul className="perm-list">
          {(catalog ?? []).map((c) => {
            const level = requested.get(c.id);
            return (
              <li key={c.id} className={`perm${level ? ' on' : ''}`}>
                <label className="perm-check">
                  <input
                    type="checkbox"
                    checked={level !== undefined}
                    onChange={(e) => {
                      const rest = detail.profile.permissions.filter((p) => p.id !== c.id);
                      void setPermissions(e.target.checked ? [...detail.profile.permissions, { id: c.id, accessLevel: c.advice.level }] : rest);
                    }}
                  />
                  <span>
                    <strong>{c.title}</strong> {c.title !== c.id && <code>{c.id}</code>} {c.kind === 'feature' && <span className="tag">feature</span>}
                    <span className="perm-use">{c.webitelUse}</span>
                  </span>
                </label>
                <div className="perm-level">
                  <label className="sr-only" htmlFor={`level-${c.id}`}>
                    Access level for {c.title}
                  </label>
                  <select
                    id={`level-${c.id}`}
                    className="input"
                    value={level ?? c.advice.level}
                    disabled={level === undefined}
                    onChange={(e) =>
                      void setPermissions(detail.profile.permissions.map((p) => (p.id === c.id ? { ...p, accessLevel: e.target.value as AccessLevel } : p)))
                    }
                  >
                    <option value="standard">Standard access</option>
                    <option value="advanced">Advanced access</option>
                  </select>
                  <span className={`advice${level && level !== c.advice.level ? ' differs' : ''}`}>
                    Recommended: {c.advice.level} — {c.advice.reason}
                  </span>
                </div>
              </li>
            );
          })}
        </ul>
      </section>

      {texts === null ? null : texts.length === 0 ? (
        <Empty title="No texts yet">Choose the permissions above; each gets its own description.</Empty>
      ) : (
        texts.map((t) => <TextCard key={t.id} name={name} text={t} onChange={(n) => setTexts(texts.map((x) => (x.id === n.id ? n : x)))} />)
      )}
    </div>
  );
}

function TextCard({ name, text, onChange }: { name: string; text: ReviewText; onChange(t: ReviewText): void }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(text.text);
  const fail = useApp((s) => s.fail);
  const setDirty = useApp((s) => s.setDirty);
  const domId = `text-${text.id.replace(/[^a-z0-9]/gi, '-')}`;
  const focus = useApp((s) => s.focus);
  const ref = useRef<HTMLElement>(null);
  // A check's "Fix" link lands here with focus = `text:<id>`.
  useEffect(() => {
    if (focus === `text:${text.id}` && ref.current) {
      ref.current.scrollIntoView({ block: 'start' });
      ref.current.focus();
    }
  }, [focus, text.id]);

  useEffect(() => {
    if (editing) setDirty(value !== text.text);
  }, [editing, value, text.text, setDirty]);

  async function save() {
    try {
      onChange(await api.overrideText({ name, id: text.id as never, text: value }));
      setEditing(false);
      setDirty(false);
      useApp.getState().dismissKey(`save:${text.id}`);
    } catch (e) {
      fail(e, `save:${text.id}`);
    }
  }
  async function reset() {
    const edited = text.text;
    try {
      const t = await api.resetText({ name, id: text.id as never });
      onChange(t);
      setValue(t.text);
      setEditing(false);
      setDirty(false);
      // The edit may have been an hour's work: one click brings it back.
      useApp.getState().offerUndo({
        message: `${text.title}: back to the generated text`,
        key: `reset:${text.id}`,
        undo: async () => {
          const back = await api.overrideText({ name, id: text.id as never, text: edited });
          onChange(back);
          setValue(back.text);
        },
      });
    } catch (e) {
      fail(e);
    }
  }

  return (
    <section ref={ref} tabIndex={-1} className="card text-card" id={domId} aria-labelledby={`${domId}-title`} data-text-id={text.id}>
      <header className="text-head">
        <h3 id={`${domId}-title`}>
          {text.title}
          {text.overridden && <span className="tag">edited</span>}
          {text.stale && (
            <span className="tag warn" title="The generated text changed after your edit: compare and reset if the new one fits better">
              generated text changed since your edit
            </span>
          )}
        </h3>
        <span className="count" aria-label={`${(editing ? value : text.text).length} characters`}>
          {(editing ? value : text.text).length} characters
        </span>
      </header>
      {editing ? (
        <>
          <label className="sr-only" htmlFor={`${domId}-edit`}>
            Edit {text.title}
          </label>
          <textarea
            id={`${domId}-edit`}
            className="input text-edit"
            value={value}
            rows={Math.min(18, Math.max(5, value.split('\n').length + 1))}
            onChange={(e) => setValue(e.target.value)}
            autoFocus
          />
        </>
      ) : (
        // A long text scrolls inside its box: a Tab stop lets keyboard users scroll it too.
        <pre className="text-body" tabIndex={0} aria-labelledby={`${domId}-title`}>
          {text.text}
        </pre>
      )}
      <div className="text-actions">
        {editing ? (
          <>
            <button type="button" className="btn primary small" onClick={() => void save()}>
              Save text
            </button>
            <button
              type="button"
              className="btn small"
              onClick={() => {
                setValue(text.text);
                setEditing(false);
                setDirty(false);
              }}
            >
              Cancel
            </button>
          </>
        ) : (
          <>
            <CopyButton text={text.text} what={text.title} />
            <button
              type="button"
              className="btn small"
              onClick={() => {
                setValue(text.text);
                setEditing(true);
              }}
            >
              Edit
            </button>
            {text.overridden && (
              <button type="button" className="btn small" onClick={() => void reset()}>
                Reset to generated
              </button>
            )}
          </>
        )}
      </div>
    </section>
  );
}
