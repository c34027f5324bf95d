import { useEffect, useId, useRef, type ReactNode } from 'react';

/** A modal built on <dialog>: focus is trapped by the browser, Escape cancels. */
export function Dialog(p: { open: boolean; title: string; children: ReactNode; onClose(): void; actions: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (p.open && !d.open) {
      d.showModal();
      // showModal focuses the first control (often a radio button); a dialog names the one to type into.
      d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!p.open && d.open) d.close();
  }, [p.open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        p.onClose();
      }}
    >
      {p.open && (
        <>
          <h2 id={titleId}>{p.title}</h2>
          <div className="dialog-body">{p.children}</div>
          <div className="dialog-actions">{p.actions}</div>
        </>
      )}
    </dialog>
  );
}
