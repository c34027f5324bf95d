import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useApp } from '../state/store';

interface FieldProps {
  label: string;
  /** Dotted profile path; also the id the "Fix" links focus. */
  path: string;
  value: string;
  onChange(v: string): void;
  /** Left the field: the form starts showing what it still lacks. */
  onBlur?(): void;
  error?: string | undefined;
  warning?: string | undefined;
  help?: ReactNode;
  placeholder?: string;
  secret?: boolean;
  type?: 'text' | 'email' | 'url';
  multiline?: boolean;
  required?: boolean;
}

export function fieldDomId(path: string): string {
  return `field-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** A labelled input with its inline error (from the backend's validation) and help. */
export function Field(p: FieldProps) {
  const helpId = useId();
  const id = fieldDomId(p.path);
  const [reveal, setReveal] = useState(false);
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const focus = useApp((s) => s.focus);
  useEffect(() => {
    if (focus === p.path && ref.current) {
      ref.current.focus();
      ref.current.scrollIntoView({ block: 'center' });
    }
  }, [focus, p.path]);
  const describedBy = [p.error || p.warning ? `${id}-msg` : '', p.help ? helpId : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    ref,
    value: p.value,
    placeholder: p.placeholder,
    'aria-invalid': p.error ? true : undefined,
    'aria-required': p.required ? true : undefined,
    'aria-describedby': describedBy,
    spellCheck: false,
    autoComplete: 'off',
    className: `input${p.error ? ' invalid' : ''}`,
    onBlur: p.onBlur,
  };
  return (
    <div className="field" data-field={p.path}>
      <label htmlFor={id} className={p.required ? 'required' : undefined}>
        {p.label}
      </label>
      <div className="field-row">
        {p.multiline ? (
          <textarea {...common} rows={3} onChange={(e) => p.onChange(e.target.value)} />
        ) : (
          <input {...common} type={p.secret && !reveal ? 'password' : (p.type ?? 'text')} onChange={(e) => p.onChange(e.target.value)} />
        )}
        {p.secret && (
          <button
            type="button"
            className="btn ghost small"
            aria-pressed={reveal}
            aria-label={`${reveal ? 'Hide' : 'Show'} ${p.label}`}
            onClick={() => setReveal(!reveal)}
          >
            {reveal ? 'Hide' : 'Show'}
          </button>
        )}
      </div>
      {p.error ? (
        <p className="field-error" id={`${id}-msg`} role="alert">
          {p.error}
        </p>
      ) : p.warning ? (
        <p className="field-warning" id={`${id}-msg`}>
          {p.warning}
        </p>
      ) : null}
      {p.help && (
        <p className="field-help" id={helpId}>
          {p.help}
        </p>
      )}
    </div>
  );
}
