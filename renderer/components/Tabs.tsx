// A tab bar as WAI-ARIA's tabs pattern has it: one tab in the Tab order, arrows, Home and End move and select.
import { useRef, type KeyboardEvent } from 'react';

export interface TabDef<T extends string> {
  id: T;
  label: string;
}

export function Tabs<T extends string>(p: {
  tabs: readonly TabDef<T>[];
  selected: T;
  onSelect(id: T): void;
  label: string;
  className: string;
  tabClass: string;
  idPrefix?: string;
  controls?: string;
}) {
  const refs = useRef(new Map<T, HTMLButtonElement>());
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = p.tabs.findIndex((t) => t.id === p.selected);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? p.tabs.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const t = p.tabs[(next + p.tabs.length) % p.tabs.length];
    if (!t) return;
    p.onSelect(t.id);
    refs.current.get(t.id)?.focus();
  };
  return (
    <div className={p.className} role="tablist" aria-label={p.label} onKeyDown={onKey}>
      {p.tabs.map((t) => (
        <button
          key={t.id}
          ref={(el) => {
            if (el) refs.current.set(t.id, el);
          }}
          type="button"
          role="tab"
          id={p.idPrefix ? `${p.idPrefix}${t.id}` : undefined}
          aria-selected={p.selected === t.id}
          aria-controls={p.controls}
          tabIndex={p.selected === t.id ? 0 : -1}
          className={`${p.tabClass}${p.selected === t.id ? ' active' : ''}`}
          onClick={() => p.onSelect(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
