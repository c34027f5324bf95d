import { useEffect, useState } from 'react';
import { onApiEvent } from './bridge';
import { useApp } from './state/store';
import { Sidebar } from './components/Sidebar';
import { Toasts } from './components/Toasts';
import { ConnectionBanner } from './components/ConnectionBanner';
import { Dialog } from './components/Dialog';
import { VaultScreen } from './screens/VaultScreen';
import { SubmissionScreen } from './screens/SubmissionScreen';
import { Welcome } from './screens/Welcome';

export function App() {
  const vault = useApp((s) => s.vault);
  const selected = useApp((s) => s.selected);
  const loaded = useApp((s) => s.loaded);
  const pendingNav = useApp((s) => s.pendingNav);
  const dirty = useApp((s) => s.dirty);
  const confirmNav = useApp((s) => s.confirmNav);
  const [booted, setBooted] = useState(false);

  useEffect(() => {
    const off = onApiEvent((e) => useApp.getState().applyEvent(e));
    void useApp
      .getState()
      .boot()
      .then(() => setBooted(true));
    return off;
  }, []);

  useEffect(() => {
    // Opened after the start (created or unlocked): the list was not read with the vault's state.
    if (vault?.state === 'unlocked' && !useApp.getState().loaded) void useApp.getState().refreshSubmissions();
  }, [vault?.state]);

  useEffect(() => {
    if (!dirty) return;
    const h = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', h);
    return () => window.removeEventListener('beforeunload', h);
  }, [dirty]);

  if (!booted || !vault) {
    return (
      <div className="boot" aria-busy="true">
        Loading…
      </div>
    );
  }
  if (vault.state !== 'unlocked') {
    return (
      <>
        <ConnectionBanner />
        <VaultScreen status={vault} />
        <Toasts />
      </>
    );
  }
  return (
    <div className="app" data-ready={loaded ? 'true' : 'false'}>
      <Sidebar />
      <main className="main" id="main">
        <ConnectionBanner />
        {selected ? <SubmissionScreen key={selected} name={selected} /> : loaded ? <Welcome /> : null}
      </main>
      <Toasts />
      <Dialog
        open={pendingNav !== null}
        title="Discard unsaved changes?"
        onClose={() => confirmNav(false)}
        actions={
          <>
            <button type="button" className="btn" onClick={() => confirmNav(false)}>
              Keep editing
            </button>
            <button type="button" className="btn danger" onClick={() => confirmNav(true)}>
              Discard changes
            </button>
          </>
        }
      >
        <p>This page has edits that are not saved yet. Leaving discards them.</p>
      </Dialog>
    </div>
  );
}
