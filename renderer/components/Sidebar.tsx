import { useRef, useState, type FormEvent } from 'react';
import { api, isDesktop } from '../bridge';
import { useApp } from '../state/store';
import { Dialog } from './Dialog';

export function Sidebar() {
  const submissions = useApp((s) => s.submissions);
  const selected = useApp((s) => s.selected);
  const select = useApp((s) => s.select);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState<{ dataBase64: string; fileName: string } | null>(null);
  const [passphrase, setPassphrase] = useState(false);
  const vaultOpen = useApp((s) => s.vault?.state === 'unlocked');
  const fileRef = useRef<HTMLInputElement>(null);

  return (
    <nav className="sidebar" aria-label="Submissions">
      <div className="brand">
        <span className="logo" aria-hidden="true" />
        App Review Assistant
      </div>
      <div className="sidebar-actions">
        <button type="button" className="btn primary wide" onClick={() => setCreating(true)}>
          + New submission
        </button>
        <button type="button" className="btn ghost wide" onClick={() => fileRef.current?.click()}>
          Import…
        </button>
        <input
          ref={fileRef}
          type="file"
          hidden
          accept=".rasub,.json,application/json"
          aria-label="Submission file to import"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (!f) return;
            const buf = new Uint8Array(await f.arrayBuffer());
            let bin = '';
            for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
            setImporting({ dataBase64: btoa(bin), fileName: f.name });
          }}
        />
      </div>
      <h2 className="sidebar-heading">Submissions</h2>
      {submissions.length === 0 ? (
        <p className="sidebar-empty">No submissions yet.</p>
      ) : (
        <ul className="sub-list">
          {submissions.map((s) => (
            <li key={s.name}>
              <button
                type="button"
                className={`sub-item${s.name === selected ? ' active' : ''}`}
                aria-current={s.name === selected ? 'page' : undefined}
                onClick={() => select(s.name)}
              >
                <span className="sub-title">{s.title || s.name}</span>
                <span className="sub-meta">
                  {s.name}
                  {s.sample && <span className="tag">sample</span>}
                  {s.missing > 0 ? <span className="tag warn">{s.missing} to fill</span> : <span className="tag ok">complete</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="sidebar-foot muted">
        <span>{isDesktop ? 'Desktop app' : 'Browser mode · 127.0.0.1'}</span>
        {vaultOpen && (
          <button type="button" className="link-btn small" onClick={() => setPassphrase(true)}>
            Vault passphrase…
          </button>
        )}
      </div>
      <PassphraseDialog open={passphrase} onClose={() => setPassphrase(false)} />
      <NewSubmissionDialog open={creating} onClose={() => setCreating(false)} />
      <ImportDialog file={importing} onClose={() => setImporting(null)} />
    </nav>
  );
}

function NewSubmissionDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const [name, setName] = useState('');
  const [choice, setKind] = useState<'blank' | 'sample'>('blank');
  const [error, setError] = useState<string | null>(null);
  const submissions = useApp((s) => s.submissions);
  const hasSample = submissions.some((s) => s.name === 'sample');
  // Once the sample exists it cannot be chosen again: the dialog opens on a blank one with its Name
  // (it kept the last choice, so after creating the sample it opened on a disabled radio, no Name).
  const kind = hasSample ? 'blank' : choice;

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    setError(null);
    const n = kind === 'sample' ? 'sample' : name.trim();
    try {
      await api.createSubmission({ name: n, kind });
      await useApp.getState().refreshSubmissions();
      // A blank submission is filled in next: focus lands in its first field.
      useApp.getState().select(n, kind === 'sample' ? 'setup' : 'gateway', kind === 'sample' ? null : 'title');
      setName('');
      onClose();
    } catch (err) {
      const issues = (err as { issues?: { field: string; message: string }[] }).issues;
      setError(issues?.[0]?.message ?? (err instanceof Error ? err.message : String(err)));
    }
  }

  return (
    <Dialog
      open={open}
      title="New submission"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn primary" onClick={() => void submit()}>
            Create
          </button>
        </>
      }
    >
      <form onSubmit={submit}>
        <fieldset className="choice">
          <legend>Start from</legend>
          <label>
            <input type="radio" name="kind" checked={kind === 'blank'} onChange={() => setKind('blank')} /> A blank submission — enter your gateway and Meta app
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'sample'} disabled={hasSample} onChange={() => setKind('sample')} /> The sample — fake values and
            the built-in demo sandbox, to see everything work first
            {hasSample && <span className="muted"> (already created)</span>}
          </label>
        </fieldset>
        {kind === 'blank' && (
          <div className="field">
            <label htmlFor="new-name">Name</label>
            <input
              id="new-name"
              className={`input${error ? ' invalid' : ''}`}
              value={name}
              placeholder="acme-support"
              data-autofocus
              onChange={(e) => setName(e.target.value)}
              aria-describedby="new-name-help"
            />
            <p className="field-help" id="new-name-help">
              Lowercase letters, digits and dashes; used for the folder and on the command line.
            </p>
          </div>
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}

function ImportDialog({ file, onClose }: { file: { dataBase64: string; fileName: string } | null; onClose(): void }) {
  const [pass, setPass] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit() {
    if (!file) return;
    try {
      const s = await api.importSubmission({ dataBase64: file.dataBase64, passphrase: pass });
      await useApp.getState().refreshSubmissions();
      useApp.getState().select(s.name);
      useApp.getState().toast({ kind: 'success', message: `Imported "${s.name}"` });
      setPass('');
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <Dialog
      open={file !== null}
      title={`Import ${file?.fileName ?? ''}`}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn primary" onClick={() => void submit()}>
            Import
          </button>
        </>
      }
    >
      <div className="field">
        <label htmlFor="import-pass">Passphrase of the file</label>
        <input id="import-pass" className="input" type="password" value={pass} onChange={(e) => setPass(e.target.value)} />
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}

/** Sets or changes the vault's passphrase: the one the command line and browser mode open it with. */
function PassphraseDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [error, setError] = useState<string | null>(null);
  const toast = useApp((s) => s.toast);
  const close = () => {
    setA('');
    setB('');
    setError(null);
    onClose();
  };
  async function submit(e?: FormEvent) {
    e?.preventDefault();
    if (a.length < 8) return setError('Use at least 8 characters.');
    if (a !== b) return setError('The two passphrases differ.');
    try {
      await api.vaultSetPassphrase({ passphrase: a });
      toast({ kind: 'success', message: 'Vault passphrase set. Use it with the command line (REVIEW_ASSISTANT_PASSPHRASE) and in browser mode.' });
      close();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <Dialog
      open={open}
      title="Vault passphrase"
      onClose={close}
      actions={
        <>
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="button" className="btn primary" onClick={() => void submit()}>
            Set passphrase
          </button>
        </>
      }
    >
      <form onSubmit={submit}>
        <p className="muted">
          {isDesktop
            ? 'The desktop app opens the vault with your system keychain. A passphrase lets the command line (review-assistant) open the same vault.'
            : 'Choose a new passphrase for the vault. The saved secrets stay as they are; from now on only the new passphrase opens them.'}
        </p>
        <div className="field">
          <label htmlFor="vault-pass-1">New passphrase</label>
          <input
            id="vault-pass-1"
            className="input"
            type="password"
            autoComplete="new-password"
            data-autofocus
            value={a}
            onChange={(e) => setA(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="vault-pass-2">Repeat the passphrase</label>
          <input id="vault-pass-2" className="input" type="password" autoComplete="new-password" value={b} onChange={(e) => setB(e.target.value)} />
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
