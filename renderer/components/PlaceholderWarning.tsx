// Asks before a text with unfilled placeholders ("[operator login]") leaves the app by Copy or Export.
import { Dialog } from './Dialog';

export interface PlaceholderFinding {
  /** The text's title, e.g. "Reviewer instructions". */
  title: string;
  placeholders: string[];
}

export function PlaceholderWarning(p: { findings: PlaceholderFinding[] | null; proceedLabel: string; onProceed(): void; onClose(): void }) {
  const n = p.findings?.reduce((a, f) => a + f.placeholders.length, 0) ?? 0;
  return (
    <Dialog
      open={p.findings !== null}
      title="Some values are still placeholders"
      onClose={p.onClose}
      actions={
        <>
          <button type="button" className="btn primary" data-autofocus onClick={p.onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              p.onClose();
              p.onProceed();
            }}
          >
            {p.proceedLabel}
          </button>
        </>
      }
    >
      <p>
        {n === 1 ? 'One placeholder stands' : `${n} placeholders stand`} where a value belongs; Meta's reviewers would read them as written. Fill in the missing
        fields under Gateway &amp; credentials first.
      </p>
      <ul className="placeholder-list">
        {(p.findings ?? []).map((f) => (
          <li key={f.title}>
            <strong>{f.title}:</strong> {f.placeholders.join(', ')}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
