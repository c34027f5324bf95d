import { useApp } from '../state/store';

/** Where focus goes when the notice holding it goes away: the screen's heading, not <body>. */
function keepFocus(el: HTMLElement | null): void {
  if (!el?.contains(document.activeElement)) return;
  const h = document.querySelector<HTMLElement>('main h1, main h2, h1');
  if (!h) return;
  if (!h.hasAttribute('tabindex')) h.setAttribute('tabindex', '-1');
  h.focus();
}

export function Toasts() {
  const toasts = useApp((s) => s.toasts);
  const dismiss = useApp((s) => s.dismiss);
  return (
    <div className="toasts" role="region" aria-label="Notifications" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'} data-toast-id={t.id} data-toast-key={t.key}>
          <div className="toast-text">
            <strong>{t.message}</strong>
            {t.hint && <span>{t.hint}</span>}
          </div>
          {t.action && (
            <button
              type="button"
              className="btn small"
              data-toast-action
              onClick={(e) => {
                keepFocus(e.currentTarget.closest('.toast'));
                t.action?.run();
                dismiss(t.id);
              }}
            >
              {t.action.label}
            </button>
          )}
          <button
            type="button"
            className="btn ghost small"
            aria-label="Dismiss"
            onClick={(e) => {
              keepFocus(e.currentTarget.closest('.toast'));
              dismiss(t.id);
            }}
          >
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
