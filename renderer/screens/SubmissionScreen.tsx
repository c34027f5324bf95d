import { useCallback, useEffect, useState } from 'react';
import type { SectionId, SubmissionDetail } from '../../app/api/views';
import { api } from '../bridge';
import { useApp } from '../state/store';
import { Dialog } from '../components/Dialog';
import { SetupGuide } from './SetupGuide';
import { GatewayForm } from './GatewayForm';
import { TextsScreen } from './TextsScreen';
import { RecorderScreen } from './RecorderScreen';
import { ChecksScreen } from './ChecksScreen';
import { Tabs } from '../components/Tabs';

export const SECTIONS: { id: SectionId; label: string }[] = [
  { id: 'setup', label: 'Setup guide' },
  { id: 'gateway', label: 'Gateway & credentials' },
  { id: 'texts', label: 'Permissions & texts' },
  { id: 'recorder', label: 'Recorder' },
  { id: 'checks', label: 'Check & export' },
];

export function SubmissionScreen({ name }: { name: string }) {
  const section = useApp((s) => s.section);
  const select = useApp((s) => s.select);
  const [detail, setDetail] = useState<SubmissionDetail | null>(null);
  const [dialog, setDialog] = useState<'duplicate' | 'delete' | 'export' | null>(null);

  const reload = useCallback(async () => {
    try {
      setDetail(await api.getSubmission({ name }));
    } catch (e) {
      useApp.getState().fail(e);
    }
  }, [name]);
  useEffect(() => {
    void reload();
  }, [reload]);

  if (!detail) return <div className="page muted">Loading…</div>;
  const p = detail.profile;
  const heading = (h: HTMLHeadingElement | null) => {
    // A screen that appears while focus is lost (after an Undo, a restore) takes it on its heading.
    if (h && (document.activeElement === document.body || document.activeElement === null)) h.focus();
  };
  return (
    <div className="submission">
      <header className="sub-header">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {p.title || p.name}
          </h1>
          <p className="muted">
            {p.name}
            {p.sample && ' · sample using the built-in demo sandbox'} · {p.metaApp.deployment}
          </p>
        </div>
        <div className="sub-header-actions">
          <button type="button" className="btn small" onClick={() => setDialog('duplicate')}>
            Duplicate
          </button>
          <button type="button" className="btn small" onClick={() => setDialog('export')}>
            Export file
          </button>
          <button type="button" className="btn small danger-ghost" onClick={() => setDialog('delete')}>
            Delete
          </button>
        </div>
      </header>
      <Tabs
        tabs={SECTIONS}
        selected={section}
        onSelect={(id) => select(name, id)}
        label="Sections"
        className="tabs"
        tabClass="tab"
        idPrefix="tab-"
        controls="section-panel"
      />
      <section className="section" id="section-panel" role="tabpanel" aria-labelledby={`tab-${section}`}>
        {section === 'setup' && <SetupGuide name={name} />}
        {section === 'gateway' && <GatewayForm detail={detail} onSaved={setDetail} />}
        {section === 'texts' && <TextsScreen detail={detail} onSaved={setDetail} />}
        {section === 'recorder' && <RecorderScreen name={name} />}
        {section === 'checks' && <ChecksScreen name={name} detail={detail} onSaved={setDetail} />}
      </section>
      <DuplicateDialog open={dialog === 'duplicate'} name={name} onClose={() => setDialog(null)} />
      <DeleteDialog open={dialog === 'delete'} name={name} onClose={() => setDialog(null)} />
      <ExportDialog open={dialog === 'export'} name={name} onClose={() => setDialog(null)} />
    </div>
  );
}

function DuplicateDialog({ open, name, onClose }: { open: boolean; name: string; onClose(): void }) {
  const [newName, setNewName] = useState(`${name}-copy`);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    try {
      await api.duplicateSubmission({ name, newName });
      await useApp.getState().refreshSubmissions();
      useApp.getState().select(newName);
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <Dialog
      open={open}
      title="Duplicate submission"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn primary" onClick={() => void run()}>
            Duplicate
          </button>
        </>
      }
    >
      <div className="field">
        <label htmlFor="dup-name">New name</label>
        <input id="dup-name" className="input" value={newName} onChange={(e) => setNewName(e.target.value)} />
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}

function DeleteDialog({ open, name, onClose }: { open: boolean; name: string; onClose(): void }) {
  async function run() {
    onClose();
    try {
      const d = await api.deleteSubmission({ name });
      useApp.setState({ dirty: false });
      await useApp.getState().refreshSubmissions();
      // The focused Delete button is gone with its screen: focus goes to the notice's Undo.
      useApp.getState().offerUndo({
        message: `Deleted "${name}"`,
        key: `delete:${name}`,
        focusUndo: true,
        undo: async () => {
          await api.restoreSubmission({ trashId: d.trashId });
          await useApp.getState().refreshSubmissions();
          useApp.getState().select(name);
        },
      });
    } catch (e) {
      useApp.getState().fail(e);
    }
  }
  return (
    <Dialog
      open={open}
      title={`Delete "${name}"?`}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn danger" onClick={() => void run()}>
            Delete
          </button>
        </>
      }
    >
      <p>The submission moves to the trash in the data folder; you can undo right after. Its recordings stay on disk.</p>
    </Dialog>
  );
}

function ExportDialog({ open, name, onClose }: { open: boolean; name: string; onClose(): void }) {
  const [pass, setPass] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function run() {
    try {
      const f = await api.exportSubmission({ name, passphrase: pass });
      const bin = atob(f.dataBase64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = f.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setPass('');
      onClose();
    } catch (e) {
      const issues = (e as { issues?: { message: string }[] }).issues;
      setError(issues?.[0]?.message ?? (e instanceof Error ? e.message : String(e)));
    }
  }
  return (
    <Dialog
      open={open}
      title="Export submission"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn primary" onClick={() => void run()}>
            Export
          </button>
        </>
      }
    >
      <p className="muted">One file with everything, secrets included, encrypted with this passphrase. Share the passphrase separately.</p>
      <div className="field">
        <label htmlFor="export-pass">Passphrase for the file</label>
        <input id="export-pass" className="input" type="password" autoComplete="new-password" value={pass} onChange={(e) => setPass(e.target.value)} />
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
