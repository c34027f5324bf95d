// Builds the app's API: every call's handler, wired to the profile store, the vault, the recorder, the checks and the job runner.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError } from '../common/errors';
import { ProfileStore } from '../profile/store';
import type { KeyWrapper } from '../profile/vault';
import type { Profile } from '../profile/schema';
import { missingFields, missingFieldsOfDraft, validateProfile } from '../profile/validate';
import { accessAdvice, CATALOG } from '../review/catalog';
import { resetOverride, resolveText, resolveTexts, setOverride, type ResolvedText } from '../review/texts/overrides';
import { isSetupStepId, setupSteps } from '../review/setup-steps';
import type { ApiHandlers } from './contract';
import { EventHub } from './events';
import { JobRunner } from './jobs';
import { VaultSession } from './vault-session';
import { RecorderBackend } from './recorder-backend';
import { ReviewBackend } from './review-backend';
import type { PermissionInfo, ReviewText, SetupStepView, SubmissionDetail, SubmissionSummary, ValidationReport } from './views';
import { refuseOnErrors } from '../doctor/doctor';

export interface ApiDeps {
  dataDir: string;
  mode: 'desktop' | 'browser';
  hub?: EventHub;
  /** The desktop's safeStorage wrapper; absent in browser mode (passphrase only). */
  keyWrapper?: KeyWrapper | undefined;
  /** REVIEW_ASSISTANT_PASSPHRASE: unlocks without asking. */
  passphrase?: string | undefined;
  /** Shows a folder in the file manager, or opens a file in its app (Electron `shell.openPath`; `xdg-open` & co. in browser mode). */
  openPath(p: string): Promise<void>;
  /** Turns a path below `<data>/recordings` (URL-encoded, `/`-separated) into a URL the UI can load. */
  mediaUrl(rel: string): string;
  /** Browser mode: the address (relative to the UI) of an export bundle's report.html, by the bundle's folder name. */
  reportUrl?(bundle: string): string;
  version?: string;
}

export interface Api {
  handlers: ApiHandlers;
  hub: EventHub;
  dispose(): Promise<void>;
}

/** What every group of handlers shares: the stores, the job runner and a few helpers over them. */
interface Ctx {
  deps: ApiDeps;
  hub: EventHub;
  vault: VaultSession;
  store: ProfileStore;
  jobs: JobRunner;
  recorder: RecorderBackend;
  review: ReviewBackend;
  /** Folders and reports the app wrote (exports, recordings): the only paths `openPath` opens. */
  openable: Set<string>;
  requireUnlocked(): Promise<void>;
  load(name: string): Promise<Profile>;
  /** A change made in one go (load, change, save) under the profile's lock: parallel ones never lose each other. */
  updateProfile(name: string, change: (p: Profile) => Profile | Promise<Profile>): Promise<Profile>;
  /** Runs `action` once the vault is open, then tells the UI the submissions changed. */
  changing<T>(action: () => Promise<T>): Promise<T>;
}

/**
 * The one implementation of the contract. IPC (desktop), the browser-mode host and tests
 * call these handlers after `dispatch` has validated the input.
 */
export function createApi(deps: ApiDeps): Api {
  const hub = deps.hub ?? new EventHub();
  const vault = new VaultSession(deps.dataDir, deps.keyWrapper, deps.passphrase);
  const store = new ProfileStore(deps.dataDir, { unlock: () => vault.require() });
  const jobs = new JobRunner(hub);
  const recorder = new RecorderBackend(
    deps.dataDir,
    deps.mediaUrl,
    () => hub.size > 0,
    (profile, runId) => jobs.writes(profile, runId),
  );
  const requireUnlocked = async () => {
    await vault.require();
  };
  const changing = async <T>(action: () => Promise<T>): Promise<T> => {
    await requireUnlocked();
    const r = await action();
    hub.emit({ type: 'submissions-changed' });
    return r;
  };
  const c: Ctx = {
    deps,
    hub,
    vault,
    store,
    jobs,
    recorder,
    review: new ReviewBackend(deps.dataDir, deps.reportUrl),
    openable: new Set<string>(),
    requireUnlocked,
    load: async (name) => {
      await requireUnlocked();
      return store.load(name);
    },
    updateProfile: (name, change) => changing(() => store.update(name, change)),
    changing,
  };
  const handlers: ApiHandlers = {
    appInfo: async () => ({ version: deps.version ?? '0.1.0', mode: deps.mode, platform: process.platform, dataDir: deps.dataDir }),
    vaultStatus: async () => vault.status(),
    vaultCreate: async (i) => vault.create(i),
    vaultSetPassphrase: async ({ passphrase }) => vault.setPassphrase(passphrase),
    vaultUnlock: async (i) => vault.unlock(i),
    ...submissionHandlers(c),
    ...guidanceHandlers(c),
    ...recorderHandlers(c),
    ...recordingHandlers(c),
    ...reviewHandlers(c),
  };
  return { handlers, hub, dispose: () => jobs.dispose() };
}

const detail = (p: Profile): SubmissionDetail => ({ profile: p, validation: report(p) });

/** The submissions: list, create, copy, delete and restore, validate, save, import and export. */
function submissionHandlers({ store, jobs, requireUnlocked, load, changing }: Ctx) {
  return {
    listSubmissions: async () => {
      await requireUnlocked();
      const list = await store.list();
      return list
        .map((s): SubmissionSummary => ({ name: s.name, title: s.title, sample: s.sample, updatedAt: s.updatedAt, missing: s.missing }))
        .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
    },
    getSubmission: async ({ name }) => detail(await load(name)),
    createSubmission: async ({ name, kind, title }) =>
      detail(await changing(() => store.create(name, { sample: kind === 'sample', ...(title !== undefined ? { title } : {}) }))),
    duplicateSubmission: async ({ name, newName }) => detail(await changing(() => store.duplicate(name, newName))),
    deleteSubmission: async ({ name }) =>
      changing(async () => {
        if (jobs.isBusy(name)) throw new UserError('conflict', `"${name}" is being recorded`, { hint: 'cancel the recording first' });
        return store.delete(name);
      }),
    restoreSubmission: async ({ trashId }) => {
      const r = await changing(() => store.restore(trashId));
      return summary(await store.load(r.name));
    },
    validateSubmission: async ({ profile }) => {
      const v = validateProfile(profile);
      // The empty fields are listed even while another field is invalid: the form's hints stay put.
      return { errors: v.issues, warnings: v.warnings, missing: missingFieldsOfDraft(profile, 'submit') };
    },
    saveSubmission: async ({ name, profile }) => {
      await requireUnlocked();
      const candidate = profile as { name?: unknown };
      if (candidate?.name !== name) {
        throw new UserError('validation', 'the submission name cannot be changed here', {
          issues: [{ field: 'name', message: `must stay "${name}"` }],
          hint: 'duplicate the submission under the new name instead',
        });
      }
      const saved = await changing(() => store.save(profile as Profile));
      return { ...detail(saved), savedAt: saved.updatedAt };
    },
    importSubmission: async ({ dataBase64, passphrase, name }) =>
      summary(
        await changing(() =>
          store.importProfile(Buffer.from(dataBase64, 'base64').toString('utf8'), passphrase, { ...(name ? { name } : {}), where: 'the imported file' }),
        ),
      ),
    exportSubmission: async ({ name, passphrase }) => {
      await requireUnlocked();
      const data = await store.exportProfile(name, passphrase);
      return { fileName: `${name}.rasub`, dataBase64: Buffer.from(data, 'utf8').toString('base64') };
    },
  } satisfies Partial<ApiHandlers>;
}

/** What the app tells the integrator: the permissions, the review texts and the Meta-side setup steps. */
function guidanceHandlers({ recorder, load, updateProfile }: Ctx) {
  const textOpts = async (p: Profile) => recorder.textOptions(p);
  return {
    permissionCatalog: async ({ name }) => {
      const p = await load(name);
      return CATALOG.map((c): PermissionInfo => {
        const a = accessAdvice(c.id, p.metaApp.deployment);
        return {
          id: c.id,
          title: c.title,
          kind: c.kind,
          allowedUsage: c.allowedUsage,
          webitelUse: c.webitelUse,
          graphCalls: c.graphCalls.map((g) => `${g.method} ${g.path}`),
          dependsOn: c.dependencies.map((d) => d.on),
          advice: { level: a.level, reason: a.why },
        };
      });
    },
    getTexts: async ({ name }) => {
      const p = await load(name);
      return resolveTexts(p, await textOpts(p)).map(textView);
    },
    overrideText: async ({ name, id, text }) => {
      const saved = await updateProfile(name, async (p) => setOverride(p, id, text, await textOpts(p)));
      return textView(resolveText(saved, id, await textOpts(saved)));
    },
    resetText: async ({ name, id }) => {
      const saved = await updateProfile(name, async (p) => resetOverride(p, id, await textOpts(p)));
      return textView(resolveText(saved, id, await textOpts(saved)));
    },
    getSetupSteps: async ({ name }) => setupView(await load(name)),
    setSetupStepDone: async ({ name, id, done }) => {
      if (!isSetupStepId(id)) throw new UserError('validation', `unknown setup step "${id}"`, { issues: [{ field: 'id', message: 'not a setup step' }] });
      const saved = await updateProfile(name, (p) => ({ ...p, setup: { ...p.setup, done: { ...p.setup.done, [id]: done } } }));
      return setupView(saved);
    },
  } satisfies Partial<ApiHandlers>;
}

/** The scenario, rehearsals, recordings and composing as jobs. */
function recorderHandlers({ recorder, jobs, load }: Ctx) {
  return {
    loadScenario: async ({ name }) => recorder.loadScenario(await load(name)),
    validateScenario: async ({ name, scenario }) => recorder.validateScenario(await load(name), scenario),
    saveScenario: async ({ name, scenario }) => recorder.saveScenario(await load(name), scenario),
    resetScenario: async ({ name }) => recorder.resetScenario(await load(name)),
    learnScenario: async ({ name, learnt }) => recorder.learnScenario(await load(name), learnt),
    startRun: async ({ name, sandbox, headless }) => {
      const p = await load(name);
      return jobs.start('run', name, (ctx) => recorder.run(p, { sandbox, headless, record: false }, ctx), await recorder.plan(p));
    },
    startRecording: async ({ name, sandbox, headless, width, waits }) => {
      const p = await load(name);
      // As `review-assistant record`: a recording that cannot succeed here does not start.
      refuseOnErrors(await recorder.doctor(p, sandbox), 'see "Before recording" on the Recorder screen');
      return jobs.start('record', name, (ctx) => recorder.run(p, { sandbox, headless, record: true, width, waits }, ctx), await recorder.plan(p));
    },
    startCompose: async ({ name, runId, waits }) => {
      const p = await load(name);
      return jobs.start('compose', name, (ctx) => recorder.compose(p, runId, ctx, waits));
    },
    cancelJob: async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    answerHandOver: async ({ jobId, answer }) => ({ answered: jobs.answerHandOver(jobId, answer) }),
    activeJobs: async () => jobs.list(),
  } satisfies Partial<ApiHandlers>;
}

/** The recordings made: list, look at, delete and restore, and the readiness and doctor before the next. */
function recordingHandlers({ deps, hub, recorder, requireUnlocked, load }: Ctx) {
  /** Runs `action` once the vault is open, then tells the UI this submission's recordings changed. */
  const changingRecordings = async <T>(name: string, action: () => Promise<T>): Promise<T> => {
    await requireUnlocked();
    const r = await action();
    hub.emit({ type: 'recordings-changed', profile: name });
    return r;
  };
  return {
    listRecordings: async ({ name }) => {
      await requireUnlocked();
      return recorder.listRecordings(name);
    },
    getRecording: async ({ name, runId }) => {
      await requireUnlocked();
      return recorder.getRecording(name, runId);
    },
    deleteRecording: async ({ name, runId }) => changingRecordings(name, () => recorder.deleteRecording(name, runId)),
    restoreRecording: async ({ name, trashId }) => changingRecordings(name, () => recorder.restoreRecording(name, trashId)),
    recordingReadiness: async ({ name, sandbox }) => recorder.readiness(await load(name), sandbox),
    doctor: async ({ name, sandbox }) => recorder.doctor(await load(name), sandbox),
    openRecordingFolder: async ({ name, runId }) => {
      await requireUnlocked();
      const r = await recorder.getRecording(name, runId);
      // No file manager (a server, a bare desktop): the UI shows the path instead.
      const opened = await deps.openPath(r.folder).then(
        () => true,
        () => false,
      );
      return { opened, folder: r.folder };
    },
  } satisfies Partial<ApiHandlers>;
}

/** The checks, the pre-flight, the export bundle and the folders the app wrote. */
function reviewHandlers({ deps, review, openable, load, updateProfile }: Ctx) {
  return {
    runChecks: async ({ name }) => review.checks(await load(name), { preflight: false }),
    runPreflight: async ({ name }) => review.checks(await load(name), { preflight: true }),
    setTestUserAnswer: async ({ name, isTestUser }) => {
      const saved = await updateProfile(name, (p) => ({ ...p, reviewer: { ...p.reviewer, facebookTestUser: { ...p.reviewer.facebookTestUser, isTestUser } } }));
      return detail(saved);
    },
    exportBundle: async ({ name, zip }) => {
      const r = await review.exportBundle(await load(name), { zip });
      for (const p of [r.folder, r.report]) if (p) openable.add(path.resolve(p));
      return r;
    },
    openPath: async ({ path: p }) => {
      const abs = path.resolve(p);
      if (!openable.has(abs))
        throw new UserError('validation', 'only folders and reports this app wrote can be opened', {
          issues: [{ field: 'path', message: 'not a folder written by the app' }],
        });
      await fs.access(abs);
      // No file manager or browser to open it with (a server): the UI says where it is instead.
      const opened = await deps.openPath(abs).then(
        () => true,
        () => false,
      );
      return { opened, folder: abs };
    },
  } satisfies Partial<ApiHandlers>;
}

function textView(t: ResolvedText): ReviewText {
  const perm = t.id.startsWith('description:') ? (t.id.slice('description:'.length) as ReviewText['permission']) : undefined;
  return {
    id: t.id,
    kind: perm ? 'description' : t.id === 'reviewerInstructions' ? 'reviewerInstructions' : 'setupNotes',
    ...(perm ? { permission: perm } : {}),
    title: t.title,
    text: t.text,
    generated: t.generated,
    overridden: t.overridden,
    stale: t.stale,
  };
}

function setupView(p: Profile): SetupStepView[] {
  return setupSteps(p).map((s) => ({
    id: s.id,
    title: s.title,
    body: s.detail,
    copy: s.copyValue ? [s.copyValue] : [],
    links: s.link ? [{ label: linkLabel(s.link), url: s.link }] : [],
    done: p.setup.done[s.id] === true,
  }));
}

export function report(p: Profile): ValidationReport {
  const v = validateProfile(p);
  return { errors: v.issues, warnings: v.warnings, missing: missingFields(p, 'submit') };
}

function summary(p: Profile): SubmissionSummary {
  return { name: p.name, title: p.title, sample: p.sample, updatedAt: p.updatedAt, missing: missingFields(p, 'submit').length };
}

function linkLabel(url: string): string {
  try {
    const u = new URL(url);
    if (u.pathname.startsWith('/apps')) return 'Open in the Meta app dashboard';
    if (u.pathname.startsWith('/docs')) return "Read Meta's guide";
    return `Open ${u.hostname}`;
  } catch {
    return 'Open';
  }
}
