import { useState } from 'react';
import { placeholdersIn } from '../../app/review/texts/facts';
import { PlaceholderWarning, type PlaceholderFinding } from './PlaceholderWarning';

export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Older engines or a denied permission: the selection-based fallback still works.
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    document.execCommand('copy');
    ta.remove();
  }
}

/** Copies a text; one that still holds placeholders ("[operator login]") asks first. */
export function CopyButton({ text, label = 'Copy', what }: { text: string; label?: string; what?: string }) {
  const [done, setDone] = useState(false);
  const [warn, setWarn] = useState<PlaceholderFinding[] | null>(null);
  const copy = async () => {
    await copyText(text);
    setDone(true);
    setTimeout(() => setDone(false), 1500);
  };
  return (
    <>
      <button
        type="button"
        className="btn small"
        aria-label={what ? `Copy ${what}` : label}
        onClick={() => {
          const found = placeholdersIn(text);
          if (found.length) setWarn([{ title: what ?? 'This text', placeholders: found }]);
          else void copy();
        }}
      >
        {done ? 'Copied ✓' : label}
      </button>
      <PlaceholderWarning findings={warn} proceedLabel="Copy anyway" onProceed={() => void copy()} onClose={() => setWarn(null)} />
    </>
  );
}
