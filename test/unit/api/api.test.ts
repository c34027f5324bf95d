// Proves the API contract and the vault and submission calls the UI makes, secrets encrypted on disk.
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApi, type Api } from '../../../app/api/impl';
import { dispatch } from '../../../app/api/dispatch';
import { Vault } from '../../../app/profile/vault';
import { CALLS, CALL_NAMES } from '../../../app/api/contract';
import type { ApiEvent } from '../../../app/api/events';

const PASS = 'unit-test-passphrase';
let dir: string;
let api: Api;
const events: ApiEvent[] = [];
const call = (name: string, input: unknown) => dispatch(api.handlers, name, input);
async function ok<T = unknown>(name: string, input: unknown): Promise<T> {
  const r = await call(name, input);
  if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
  return r.result as T;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ra-api-'));
  api = createApi({ dataDir: dir, mode: 'browser', openPath: async () => undefined, mediaUrl: (r) => `media/${r}` });
  api.hub.on((e) => events.push(e));
});
afterAll(async () => {
  await api.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('the contract', () => {
  it('has a zod schema and a handler for every call', () => {
    expect(CALL_NAMES.length).toBeGreaterThan(30);
    for (const n of CALL_NAMES) {
      expect(typeof CALLS[n].input.safeParse).toBe('function');
      expect(typeof api.handlers[n]).toBe('function');
    }
  });

  it('rejects unknown calls and bad input with the UserError shape', async () => {
    expect(await call('nope', {})).toMatchObject({ ok: false, error: { kind: 'usage' } });
    expect(await call('getSubmission', { name: 'Not A Name' })).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ field: 'name' }] } });
    expect(await call('getSubmission', { name: 'ok', extra: 1 })).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(await call('startRecording', { name: 'x', width: 1000 })).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ field: 'width' }] } });
  });
});

describe('vault and submissions', () => {
  it('asks for the vault before anything else', async () => {
    expect(await ok('vaultStatus', {})).toEqual({ state: 'uninitialized', method: 'passphrase' });
    expect(await call('listSubmissions', {})).toMatchObject({ ok: false, error: { kind: 'locked' } });
    const short = await call('vaultCreate', { passphrase: 'short' });
    expect(short).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ field: 'passphrase' }] } });
    // Said for a person: the field by its name, what to do; never the call's name or zod's wording.
    if (!short.ok) {
      expect(short.error.message).toMatch(/^“Passphrase”:? /);
      expect(short.error.message).not.toMatch(/vaultCreate|input is not valid|Too small|expected string/);
    }
    expect(await ok('vaultCreate', { passphrase: PASS })).toMatchObject({ state: 'unlocked' });
  });

  it('a second app instance must unlock with the right passphrase', async () => {
    const other = createApi({ dataDir: dir, mode: 'browser', openPath: async () => undefined, mediaUrl: (r) => r });
    expect(await other.handlers.vaultStatus({})).toMatchObject({ state: 'locked' });
    await expect(other.handlers.vaultUnlock({ passphrase: 'wrong-passphrase' })).rejects.toMatchObject({ kind: 'auth' });
    expect(await other.handlers.vaultUnlock({ passphrase: PASS })).toMatchObject({ state: 'unlocked' });
  });

  it('with REVIEW_ASSISTANT_PASSPHRASE, the first calls made together open the vault once', async () => {
    const open = vi.spyOn(Vault, 'open');
    try {
      const other = createApi({ dataDir: dir, mode: 'browser', openPath: async () => undefined, mediaUrl: (r) => r, passphrase: PASS });
      // What the UI's first screen sends at once.
      const [status, list] = await Promise.all([other.handlers.vaultStatus({}), other.handlers.listSubmissions({})]);
      expect(status).toMatchObject({ state: 'unlocked' });
      expect(Array.isArray(list)).toBe(true);
      expect(open).toHaveBeenCalledTimes(1);
      await other.dispose();
    } finally {
      open.mockRestore();
    }
  });

  it('creates, validates, saves (secrets encrypted on disk), duplicates, deletes and restores', async () => {
    const d = await ok<{ profile: { name: string; updatedAt: string }; validation: { missing: unknown[] } }>('createSubmission', {
      name: 'acme',
      kind: 'blank',
    });
    expect(d.profile.name).toBe('acme');
    expect(d.validation.missing.length).toBeGreaterThan(5);
    expect(events.some((e) => e.type === 'submissions-changed')).toBe(true);

    const bad = { ...d.profile, gateway: { ...(d.profile as never as { gateway: object }).gateway, appId: '12ab', appSecret: 'zz' } };
    const report = await ok<{ errors: { field: string }[]; missing: { field: string }[] }>('validateSubmission', { profile: bad });
    expect(report.errors.map((e) => e.field).sort()).toEqual(['gateway.appId', 'gateway.appSecret']);
    // An invalid field does not hide the empty ones: the form's hints stay where they are.
    expect(report.missing.map((m) => m.field)).toEqual(expect.arrayContaining(['webitel.host', 'reviewer.operator.login']));
    expect(report.missing.map((m) => m.field)).not.toContain('gateway.appId');
    const rejected = await call('saveSubmission', { name: 'acme', profile: bad });
    expect(rejected).toMatchObject({ ok: false, error: { kind: 'validation' } });
    if (!rejected.ok) {
      expect(rejected.error.issues.map((i) => i.field).sort()).toEqual(['gateway.appId', 'gateway.appSecret']);
      expect(rejected.error.message).toMatch(/^The profile was not saved: “App (ID|Secret)” must be .*\(and 1 more problem\)$/);
      expect(rejected.error.message).not.toMatch(/gateway\.app/);
    }

    const secret = '0123456789abcdef0123456789abcdef';
    const good = { ...d.profile, gateway: { ...(d.profile as never as { gateway: object }).gateway, appId: '1234567890', appSecret: secret } };
    const saved = await ok<{ profile: { gateway: { appSecret: string } } }>('saveSubmission', { name: 'acme', profile: good });
    expect(saved.profile.gateway.appSecret).toBe(secret);
    expect(await readFile(path.join(dir, 'profiles', 'acme.json'), 'utf8')).not.toContain(secret);

    expect(await call('saveSubmission', { name: 'other', profile: good })).toMatchObject({
      ok: false,
      error: { kind: 'validation', issues: [{ field: 'name' }] },
    });

    await ok('duplicateSubmission', { name: 'acme', newName: 'acme-copy' });
    const del = await ok<{ trashId: string }>('deleteSubmission', { name: 'acme-copy' });
    expect((await ok<{ name: string }[]>('listSubmissions', {})).map((s) => s.name)).toEqual(['acme']);
    await ok('restoreSubmission', { trashId: del.trashId });
    expect((await ok<{ name: string }[]>('listSubmissions', {})).map((s) => s.name).sort()).toEqual(['acme', 'acme-copy']);
  });

  it('exports and imports a submission file', async () => {
    const f = await ok<{ fileName: string; dataBase64: string }>('exportSubmission', { name: 'acme', passphrase: 'export-pass-1' });
    expect(Buffer.from(f.dataBase64, 'base64').toString()).not.toContain('0123456789abcdef0123456789abcdef');
    expect(await call('importSubmission', { dataBase64: f.dataBase64, passphrase: 'wrong-pass-1', name: 'imported' })).toMatchObject({
      ok: false,
      error: { kind: 'auth' },
    });
    const s = await ok<{ name: string }>('importSubmission', { dataBase64: f.dataBase64, passphrase: 'export-pass-1', name: 'imported' });
    expect(s.name).toBe('imported');
    // Again under the same name: the app is told what to do in the app, not the command line's flag.
    const again = await call('importSubmission', { dataBase64: f.dataBase64, passphrase: 'export-pass-1', name: 'imported' });
    expect(again).toMatchObject({
      ok: false,
      error: { kind: 'conflict', hint: 'delete the existing submission first (Delete, which can be undone), then import again' },
    });
    expect(JSON.stringify(again)).not.toMatch(/--name|review-assistant/);
  });
});

describe('texts, setup and scenario', () => {
  it('overrides a text, flags nothing stale, and resets it', async () => {
    await ok('createSubmission', { name: 'sample', kind: 'sample' });
    const texts = await ok<{ id: string; text: string; generated: string; overridden: boolean }[]>('getTexts', { name: 'sample' });
    const d = texts.find((t) => t.id.startsWith('description:'));
    expect(d).toBeDefined();
    const edited = await ok<{ text: string; overridden: boolean; stale: boolean }>('overrideText', { name: 'sample', id: d!.id, text: 'My own words.' });
    expect(edited).toMatchObject({ text: 'My own words.', overridden: true, stale: false });
    const reset = await ok<{ text: string; overridden: boolean }>('resetText', { name: 'sample', id: d!.id });
    expect(reset).toMatchObject({ text: d!.generated, overridden: false });
    expect(await call('overrideText', { name: 'sample', id: 'bogus', text: 'x' })).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it('ticks setup steps', async () => {
    const steps = await ok<{ id: string; done: boolean }[]>('getSetupSteps', { name: 'sample' });
    const first = steps[0]!;
    const after = await ok<{ id: string; done: boolean }[]>('setSetupStepDone', { name: 'sample', id: first.id, done: true });
    expect(after.find((s) => s.id === first.id)?.done).toBe(true);
    expect(await call('setSetupStepDone', { name: 'sample', id: 'no-such-step', done: true })).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it('loads the default scenario, refuses an invalid edit naming the step, saves a valid one and resets', async () => {
    const v = await ok<{ source: string; scenario: { steps: { caption?: string }[] }; issues: unknown[]; steps: unknown[] }>('loadScenario', {
      name: 'sample',
    });
    expect(v.source).toBe('default');
    expect(v.issues).toEqual([]);
    expect(v.steps.length).toBe(v.scenario.steps.length);
    const broken = structuredClone(v.scenario) as { steps: Record<string, unknown>[] };
    broken.steps[3]!.action = 'dance';
    const r = await call('saveScenario', { name: 'sample', scenario: broken });
    expect(r).toMatchObject({ ok: false, error: { kind: 'validation' } });
    if (!r.ok) {
      expect(r.error.issues[0]?.field).toMatch(/^steps\[3\]/);
      // The step as the list shows it: numbered from 1, named by its caption.
      const caption = v.scenario.steps[3]?.caption;
      expect(r.error.message).toContain(caption ? `Step 4, “${caption}”: the action should be one of` : 'Step 4');
      expect(r.error.message).not.toMatch(/steps\[|Invalid option/);
    }
    const edited = structuredClone(v.scenario) as { steps: Record<string, unknown>[] };
    edited.steps[0]!.caption = 'A caption of my own.';
    const saved = await ok<{ source: string }>('saveScenario', { name: 'sample', scenario: edited });
    expect(saved.source).toBe('custom');
    expect((await ok<{ scenario: { steps: { caption?: string }[] } }>('loadScenario', { name: 'sample' })).scenario.steps[0]?.caption).toBe(
      'A caption of my own.',
    );
    expect((await ok<{ source: string }>('resetScenario', { name: 'sample' })).source).toBe('default');
  });

  it('"Update the scenario" puts what the person used first in those steps\' targets, saved as the custom scenario', async () => {
    const v = await ok<{ scenario: { steps: { id: string; target?: unknown[] }[] } }>('loadScenario', { name: 'sample' });
    const step = v.scenario.steps.find((s) => s.target)!;
    const r = await ok<{ view: { source: string; scenario: { steps: { id: string; target?: unknown[] }[] } }; updated: string[] }>('learnScenario', {
      name: 'sample',
      learnt: [{ stepId: step.id, target: { tag: 'button', role: 'button', name: 'Continue', css: '#go' } }],
    });
    expect(r.updated).toEqual([step.id]);
    expect(r.view.source).toBe('custom');
    expect(r.view.scenario.steps.find((s) => s.id === step.id)?.target).toEqual([
      { aria: { role: 'button', name: 'Continue' } },
      { css: '#go' },
      ...step.target!,
    ]);
    // A typed value can never ride in: the description's fields are checked like any input.
    expect(await call('learnScenario', { name: 'sample', learnt: [{ stepId: step.id, target: { tag: 'input', value: 'x' } }] })).toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    });
    expect((await ok<{ source: string }>('resetScenario', { name: 'sample' })).source).toBe('default');
  });

  it('lists no recordings yet and refuses a path-like run id', async () => {
    expect(await ok('listRecordings', { name: 'sample' })).toEqual([]);
    expect(await call('getRecording', { name: 'sample', runId: '../../profiles' })).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it('runs the checks and maps fix targets to screens', async () => {
    const r = await ok<{ results: { status: string; target: { section: string } | null }[]; errors: number }>('runChecks', { name: 'acme' });
    expect(r.results.length).toBeGreaterThan(5);
    expect(r.errors).toBeGreaterThan(0);
    const sections = new Set(r.results.filter((x) => x.status === 'fail').map((x) => x.target?.section));
    expect([...sections].every((s) => s === undefined || ['setup', 'gateway', 'texts', 'recorder', 'checks'].includes(s))).toBe(true);
  });

  it('opens only folders the app wrote', async () => {
    expect(await call('openPath', { path: '/etc' })).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it("opens an export's folder and its report, and no other file of it", async () => {
    const opened: string[] = [];
    const other = createApi({
      dataDir: dir,
      mode: 'browser',
      openPath: async (p) => void opened.push(p),
      mediaUrl: (r) => r,
      reportUrl: (b) => `exports/${b}/report.html`,
      passphrase: PASS,
    });
    try {
      const r = await dispatch(other.handlers, 'exportBundle', { name: 'sample', zip: false });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const { folder, report, reportUrl } = r.result as { folder: string; report: string | null; reportUrl: string | null };
      expect(report).toBe(path.join(folder, 'report.html'));
      // Browser mode serves it: the UI opens this address in a tab.
      expect(reportUrl).toBe(`exports/${path.basename(folder)}/report.html`);
      expect(await readFile(report!, 'utf8')).toMatch(/^<!doctype html>/i);
      expect(await dispatch(other.handlers, 'openPath', { path: report })).toMatchObject({ ok: true });
      expect(await dispatch(other.handlers, 'openPath', { path: folder })).toMatchObject({ ok: true });
      expect(await dispatch(other.handlers, 'openPath', { path: path.join(folder, 'reviewer-instructions.md') })).toMatchObject({
        ok: false,
        error: { kind: 'validation' },
      });
      expect(opened).toEqual([report, folder]);
    } finally {
      await other.dispose();
    }
    // No file manager or browser to open it with (a server): not an error, the UI says where it is.
    const bare = createApi({
      dataDir: dir,
      mode: 'browser',
      openPath: () => Promise.reject(new Error('cannot run xdg-open')),
      mediaUrl: (r) => r,
      passphrase: PASS,
    });
    try {
      const r = await dispatch(bare.handlers, 'exportBundle', { name: 'sample', zip: false });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const { report, reportUrl } = r.result as { report: string; reportUrl: string | null };
      expect(reportUrl).toBeNull(); // an API without reportUrl (the desktop) opens the file instead
      expect(await dispatch(bare.handlers, 'openPath', { path: report })).toEqual({ ok: true, result: { opened: false, folder: report } });
    } finally {
      await bare.dispose();
    }
  });
});
