import { useEffect, useState } from 'react';
import type { SetupStepView } from '../../app/api/views';
import { api } from '../bridge';
import { useApp } from '../state/store';
import { CopyButton } from '../components/CopyButton';
import { Empty } from '../components/Empty';

/** The Meta-side steps as a checklist, each with the values to paste and the pages to open. */
export function SetupGuide({ name }: { name: string }) {
  const [steps, setSteps] = useState<SetupStepView[] | null>(null);
  const fail = useApp((s) => s.fail);
  useEffect(() => {
    api.getSetupSteps({ name }).then(setSteps, fail);
  }, [name, fail]);

  if (!steps) return null;
  if (steps.length === 0) return <Empty title="No setup steps">Fill in the gateway first; the steps use its values.</Empty>;
  const done = steps.filter((s) => s.done).length;
  return (
    <div className="stack">
      <div className="setup-summary">
        <strong>
          {done} of {steps.length} done
        </strong>
        <span className="muted">Work through these in the Meta app dashboard; tick each when it is done.</span>
      </div>
      <ol className="checklist">
        {steps.map((s, i) => (
          <li key={s.id} className={`check-step${s.done ? ' done' : ''}`}>
            <label className="step-tick">
              <input
                type="checkbox"
                checked={s.done}
                onChange={async (e) => {
                  try {
                    setSteps(await api.setSetupStepDone({ name, id: s.id, done: e.target.checked }));
                  } catch (err) {
                    fail(err);
                  }
                }}
              />
              <span className="sr-only">Mark “{s.title}” as done</span>
            </label>
            <div className="step-content">
              <h3>
                <span className="step-no">{i + 1}.</span> {s.title}
              </h3>
              <p>{s.body}</p>
              {s.copy.map((c) => (
                <div className="copy-row" key={c.label}>
                  <span className="copy-label">{c.label}</span>
                  <code className="copy-value">{c.value}</code>
                  <CopyButton text={c.value} what={c.label} />
                </div>
              ))}
              {s.links.length > 0 && (
                <p className="links">
                  {s.links.map((l) => (
                    <a key={l.url} href={l.url} target="_blank" rel="noopener noreferrer">
                      {l.label} ↗
                    </a>
                  ))}
                </p>
              )}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
