import { useState, type FormEvent } from 'react';
import type { VaultStatus } from '../../app/api/views';
import { api } from '../bridge';
import { useApp } from '../state/store';

/** First run creates the vault; later runs unlock it (desktop: keychain, no passphrase needed). */
export function VaultScreen({ status }: { status: VaultStatus }) {
  const [pass, setPass] = useState('');
  const [pass2, setPass2] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const creating = status.state === 'uninitialized';
  const needsPass = status.method === 'passphrase';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (creating && needsPass && pass !== pass2) return setError('The two passphrases differ.');
    setBusy(true);
    try {
      const input = needsPass ? { passphrase: pass } : {};
      const next = creating ? await api.vaultCreate(input) : await api.vaultUnlock(input);
      useApp.setState({ vault: next });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="center-screen">
      <form className="card narrow" onSubmit={submit} aria-labelledby="vault-title">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          App Review Assistant
        </div>
        <h1 id="vault-title">{creating ? 'Protect your secrets' : 'Unlock your submissions'}</h1>
        <p className="muted">
          {creating
            ? 'App Secrets and test passwords are stored encrypted. ' +
              (needsPass
                ? 'Choose a passphrase to protect them; you need it each time you open the app in a browser.'
                : 'The key is kept in your system keychain.')
            : needsPass
              ? 'Enter the passphrase that protects the saved App Secrets and passwords.'
              : 'The key is read from your system keychain.'}
        </p>
        {needsPass && (
          <>
            <div className="field">
              <label htmlFor="passphrase">Passphrase</label>
              <input
                id="passphrase"
                className="input"
                type="password"
                autoFocus
                autoComplete={creating ? 'new-password' : 'current-password'}
                value={pass}
                onChange={(e) => setPass(e.target.value)}
              />
            </div>
            {creating && (
              <div className="field">
                <label htmlFor="passphrase2">Repeat passphrase</label>
                <input
                  id="passphrase2"
                  className="input"
                  type="password"
                  autoComplete="new-password"
                  value={pass2}
                  onChange={(e) => setPass2(e.target.value)}
                />
              </div>
            )}
          </>
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn primary wide" disabled={busy}>
          {creating ? 'Create vault' : 'Unlock'}
        </button>
      </form>
    </div>
  );
}
