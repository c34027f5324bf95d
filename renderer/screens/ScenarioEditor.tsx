import { useEffect, useState } from 'react';
import type { ScenarioView } from '../../app/api/views';
import type { FieldIssue } from '../../app/common/errors';
import { describeIssue } from '../../app/common/describe-issue';
import { api, ApiError } from '../bridge';
import { useApp } from '../state/store';

type RawSelector = Record<string, unknown>;
interface RawStep {
  id: string;
  scene: string;
  lane: string;
  action: string;
  target?: RawSelector[];
  caption?: string;
  [k: string]: unknown;
}
interface RawScenario {
  steps: RawStep[];
  [k: string]: unknown;
}

const ACTIONS = ['goto', 'click', 'fill', 'press', 'waitFor', 'expect', 'caption', 'pause', 'manual', 'screenshot'];
const KINDS = ['css', 'text', 'aria', 'xpath'] as const;

/** The first selector as "kind" + editable text; aria is written "role/name". */
function primary(step: RawStep): { kind: (typeof KINDS)[number]; value: string } {
  const s = step.target?.[0];
  if (!s) return { kind: 'css', value: '' };
  if (typeof s.css === 'string') return { kind: 'css', value: s.css };
  if (typeof s.text === 'string') return { kind: 'text', value: s.text };
  if (typeof s.xpath === 'string') return { kind: 'xpath', value: s.xpath };
  const a = s.aria as { role?: string; name?: string } | undefined;
  return { kind: 'aria', value: a ? `${a.role ? a.role + '/' : ''}${a.name ?? ''}` : '' };
}

function withPrimary(step: RawStep, kind: (typeof KINDS)[number], value: string): RawStep {
  let sel: RawSelector;
  if (kind === 'aria') {
    const i = value.indexOf('/');
    sel = { aria: i > 0 ? { role: value.slice(0, i), name: value.slice(i + 1) } : { name: value } };
  } else sel = { [kind]: value };
  const old = step.target?.[0];
  if (old?.within) sel.within = old.within;
  return { ...step, target: [sel, ...(step.target?.slice(1) ?? [])] };
}

export function ScenarioEditor({ name, view, onChange }: { name: string; view: ScenarioView; onChange(v: ScenarioView): void }) {
  const [draft, setDraft] = useState<RawScenario>(view.scenario as RawScenario);
  const [issues, setIssues] = useState<FieldIssue[]>(view.issues);
  const [open, setOpen] = useState<number | null>(null);
  const setDirty = useApp((s) => s.setDirty);
  const fail = useApp((s) => s.fail);
  const dirty = JSON.stringify(draft) !== JSON.stringify(view.scenario);
  useEffect(() => setDirty(dirty), [dirty, setDirty]);
  useEffect(() => () => setDirty(false), [setDirty]);

  const steps = draft.steps ?? [];
  const update = (next: RawStep[]) => setDraft({ ...draft, steps: next });
  const issuesOf = (i: number) => issues.filter((x) => x.field === `steps[${i}]` || x.field.startsWith(`steps[${i}].`));

  async function validateAndSave(save: boolean) {
    try {
      const v = save ? await api.saveScenario({ name, scenario: draft }) : await api.validateScenario({ name, scenario: draft });
      setIssues(v.issues);
      // One notice per editor ("scenario"): a save or a clean validation replaces an earlier failure.
      if (save) {
        onChange(v);
        setDraft(v.scenario as RawScenario);
        setDirty(false);
        useApp.getState().toast({ kind: 'success', message: 'Scenario saved', key: 'scenario' });
      } else if (v.issues.length === 0) useApp.getState().toast({ kind: 'success', message: 'The scenario is valid', key: 'scenario' });
      else {
        const first = describeIssue(v.issues[0] as FieldIssue, { steps });
        useApp.getState().toast({
          kind: 'error',
          message: v.issues.length === 1 ? '1 problem in the steps' : `${v.issues.length} problems in the steps`,
          hint: first.text,
          key: 'scenario',
          ...(first.step !== undefined ? { action: { label: 'Show step', run: () => showStep(first.step as number) } } : {}),
        });
      }
    } catch (e) {
      if (e instanceof ApiError && e.kind === 'validation') {
        setIssues(e.issues);
        const first = e.issues[0] ? describeIssue(e.issues[0], { steps }) : undefined;
        useApp.getState().toast({
          kind: 'error',
          message: `Not saved: ${e.issues.length === 1 ? '1 problem' : `${e.issues.length} problems`} in the steps`,
          ...(first ? { hint: first.text } : {}),
          key: 'scenario',
          ...(first?.step !== undefined ? { action: { label: 'Show step', run: () => showStep(first.step as number) } } : {}),
        });
      } else fail(e);
    }
  }

  async function reset() {
    const saved = view.scenario;
    const unsaved = draft;
    try {
      const v = await api.resetScenario({ name });
      onChange(v);
      setDraft(v.scenario as RawScenario);
      setIssues(v.issues);
      // Undo puts the customised scenario back, and any edits not saved yet back into the editor.
      useApp.getState().offerUndo({
        message: 'Back to the default scenario',
        key: 'reset:scenario',
        undo: async () => {
          const back = await api.saveScenario({ name, scenario: saved });
          onChange(back);
          setDraft(unsaved);
          setIssues(back.issues);
        },
      });
    } catch (e) {
      fail(e);
    }
  }

  /** Opens a step's editor and puts focus in it (from a message about that step). */
  const showStep = (i: number) => {
    setOpen(i);
    requestAnimationFrame(() => {
      const el = document.querySelector<HTMLElement>(`[data-step-index="${i}"] .step-edit select, [data-step-index="${i}"] .step-edit input`);
      el?.scrollIntoView({ block: 'center' });
      el?.focus();
    });
  };

  const move = (i: number, d: -1 | 1) => {
    const j = i + d;
    if (j < 0 || j >= steps.length) return;
    const next = [...steps];
    [next[i], next[j]] = [next[j] as RawStep, next[i] as RawStep];
    update(next);
    setOpen(open === i ? j : open);
  };

  return (
    <section className="card" aria-labelledby="scenario-title">
      <div className="savebar" data-dirty={dirty}>
        <h2 id="scenario-title">
          Scenario <span className="tag">{view.source === 'default' ? 'default' : 'customised'}</span>
        </h2>
        <span className="muted">
          {steps.length} steps · {view.scenes.length} scenes
        </span>
        <button type="button" className="btn small" onClick={() => void validateAndSave(false)}>
          Validate
        </button>
        {view.source === 'custom' && (
          <button type="button" className="btn small" onClick={() => void reset()}>
            Back to default
          </button>
        )}
        <button type="button" className="btn primary small" disabled={!dirty} onClick={() => void validateAndSave(true)}>
          Save scenario
        </button>
      </div>
      {issues.length > 0 && (
        <ul className="issue-list" role="alert">
          {issues.slice(0, 6).map((x, k) => {
            const d = describeIssue(x, { steps });
            return (
              <li key={k}>
                {d.text}{' '}
                {d.step !== undefined && (
                  <button type="button" className="link-btn" onClick={() => showStep(d.step as number)}>
                    Show step {d.step + 1}
                  </button>
                )}
              </li>
            );
          })}
          {issues.length > 6 && <li className="muted">and {issues.length - 6} more</li>}
        </ul>
      )}
      <ol className="steps">
        {steps.map((st, i) => {
          const pr = primary(st);
          const bad = issuesOf(i);
          const scene = view.scenes.find((s) => s.id === st.scene);
          return (
            <li key={i} data-step-index={i} className={`step${bad.length ? ' invalid' : ''}${open === i ? ' open' : ''}`}>
              <div className="step-row">
                <span className="step-no">{i + 1}</span>
                <span className={`action a-${st.action}`}>{st.action}</span>
                <span className="step-lane">{st.lane}</span>
                <span className="step-caption">{st.caption ?? <span className="muted">{pr.value || st.id}</span>}</span>
                {scene && <span className="tag">{scene.title}</span>}
                <span className="step-tools">
                  <button type="button" className="btn ghost small" aria-label={`Move step ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                    ↑
                  </button>
                  <button
                    type="button"
                    className="btn ghost small"
                    aria-label={`Move step ${i + 1} down`}
                    disabled={i === steps.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="btn ghost small"
                    aria-expanded={open === i}
                    aria-label={`Edit step ${i + 1}`}
                    onClick={() => setOpen(open === i ? null : i)}
                  >
                    Edit
                  </button>
                  <button type="button" className="btn ghost small" aria-label={`Remove step ${i + 1}`} onClick={() => update(steps.filter((_, j) => j !== i))}>
                    ✕
                  </button>
                </span>
              </div>
              {open === i && (
                <div className="step-edit">
                  <div className="three">
                    <label>
                      Action
                      <select
                        className="input"
                        value={st.action}
                        onChange={(e) => update(steps.map((s, j) => (j === i ? { ...s, action: e.target.value } : s)))}
                      >
                        {ACTIONS.map((a) => (
                          <option key={a}>{a}</option>
                        ))}
                      </select>
                    </label>
                    <label>
                      Lane
                      <select className="input" value={st.lane} onChange={(e) => update(steps.map((s, j) => (j === i ? { ...s, lane: e.target.value } : s)))}>
                        {view.lanes.map((l) => (
                          <option key={l.id} value={l.id}>
                            {l.title}
                          </option>
                        ))}
                      </select>
                    </label>
                    <label>
                      Scene
                      <select className="input" value={st.scene} onChange={(e) => update(steps.map((s, j) => (j === i ? { ...s, scene: e.target.value } : s)))}>
                        {view.scenes.map((s) => (
                          <option key={s.id} value={s.id}>
                            {s.title}
                          </option>
                        ))}
                      </select>
                    </label>
                  </div>
                  {st.action === 'goto' ? (
                    <label>
                      Address (templated, e.g. {'{{webitel.origin}}'}/workspace/)
                      <input
                        className="input mono"
                        value={typeof st.url === 'string' ? st.url : ''}
                        onChange={(e) => update(steps.map((s, j) => (j === i ? { ...s, url: e.target.value } : s)))}
                      />
                    </label>
                  ) : st.target || st.action === 'click' || st.action === 'fill' ? (
                    <div className="sel-row">
                      <label>
                        Selector
                        <select
                          className="input"
                          value={pr.kind}
                          onChange={(e) => update(steps.map((s, j) => (j === i ? withPrimary(s, e.target.value as (typeof KINDS)[number], pr.value) : s)))}
                        >
                          {KINDS.map((k) => (
                            <option key={k}>{k}</option>
                          ))}
                        </select>
                      </label>
                      <label className="grow">
                        <span className="sr-only">Selector value</span>
                        <input
                          className="input mono"
                          value={pr.value}
                          placeholder={pr.kind === 'aria' ? 'button/Accept' : 'button.accept'}
                          onChange={(e) => update(steps.map((s, j) => (j === i ? withPrimary(s, pr.kind, e.target.value) : s)))}
                        />
                      </label>
                    </div>
                  ) : null}
                  {(st.target?.length ?? 0) > 1 && <p className="muted small">+ {(st.target?.length ?? 1) - 1} fallback selector(s) kept</p>}
                  <label>
                    Caption (shown in the video and used for the reviewer instructions)
                    <input
                      className="input"
                      value={st.caption ?? ''}
                      onChange={(e) =>
                        update(
                          steps.map((s, j) => {
                            if (j !== i) return s;
                            const { caption: _c, ...rest } = s;
                            return e.target.value ? { ...rest, caption: e.target.value } : (rest as RawStep);
                          }),
                        )
                      }
                    />
                  </label>
                  {bad.map((x, k) => (
                    <p key={k} className="field-error">
                      {describeIssue(x, { steps }).text}
                    </p>
                  ))}
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="btn small"
        onClick={() => {
          const last = steps[steps.length - 1];
          update([
            ...steps,
            {
              id: `step-${steps.length + 1}`,
              scene: last?.scene ?? view.scenes[0]?.id ?? '',
              lane: last?.lane ?? view.lanes[0]?.id ?? '',
              action: 'caption',
              caption: 'New step',
            },
          ]);
          setOpen(steps.length);
        }}
      >
        + Add step
      </button>
    </section>
  );
}
