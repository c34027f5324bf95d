// The one list of API calls between the UI and the app (name, input schema, result type) that IPC, HTTP and the client derive from.
import { z } from 'zod';
import { ProfileNameSchema } from '../profile/schema';
import type { ApiErrorJson } from './error-json';
import type { JobState } from './job-state';
import { TargetDescriptionSchema } from '../recorder/scenario/target-description';
import { WaitsModeSchema } from '../recorder/run-folder';
import type {
  AppInfo,
  CheckReport,
  DeletedSubmission,
  DoctorView,
  ExportResult,
  ExportedFile,
  JobStarted,
  PermissionInfo,
  RecordingDetail,
  RecordingReadiness,
  RecordingSummary,
  ReviewText,
  SavedSubmission,
  ScenarioView,
  SetupStepView,
  SubmissionDetail,
  SubmissionSummary,
  ValidationReport,
  VaultStatus,
} from './views';

/**
 * The contract between the UI and the app: every call's name, its zod input schema and
 * its result type. IPC (desktop), HTTP (browser mode) and the renderer's client are all
 * derived from this one map, so a call cannot exist in one and not the other.
 */

/** A call definition; `result` is a type-only marker (never read at run time). */
export interface CallDef<I extends z.ZodType, R> {
  input: I;
  result: R;
  /** One line for people (shown in errors and docs). */
  doc: string;
}
const call =
  <R>() =>
  <I extends z.ZodType>(input: I, doc: string): CallDef<I, R> => ({ input, doc, result: undefined as R });

const name = ProfileNameSchema;
const none = z.object({}).strict();
const profileRef = z.object({ name }).strict();
const textId = z.string().regex(/^(description:[a-z_]+|reviewerInstructions|setupNotes)$/, 'must be a text id such as description:pages_messaging');
const runId = z.string().regex(/^[A-Za-z0-9._-]{1,80}$/, 'must be a recording folder name');
const jobId = z.string().regex(/^[a-z0-9-]{1,40}$/);
const passphrase = z.string().min(8, 'use at least 8 characters').max(1024);

export const CALLS = {
  appInfo: call<AppInfo>()(none, 'Version, mode and data folder'),

  vaultStatus: call<VaultStatus>()(none, 'Whether the secret vault exists and is unlocked'),
  vaultCreate: call<VaultStatus>()(
    z.object({ passphrase: passphrase.optional() }).strict(),
    'Create the vault (passphrase in browser mode, OS keychain on the desktop)',
  ),
  vaultUnlock: call<VaultStatus>()(z.object({ passphrase: z.string().max(1024).optional() }).strict(), 'Unlock the vault'),
  vaultSetPassphrase: call<VaultStatus>()(
    z.object({ passphrase }).strict(),
    'Set or change the vault passphrase (the one the command line and browser mode use)',
  ),

  listSubmissions: call<SubmissionSummary[]>()(none, 'All submissions, newest first'),
  getSubmission: call<SubmissionDetail>()(profileRef, 'One submission with its validation report'),
  createSubmission: call<SubmissionDetail>()(
    z.object({ name, kind: z.enum(['blank', 'sample']), title: z.string().max(120).optional() }).strict(),
    'Create a blank submission or the built-in sample',
  ),
  duplicateSubmission: call<SubmissionDetail>()(z.object({ name, newName: name }).strict(), 'Copy a submission under a new name'),
  deleteSubmission: call<DeletedSubmission>()(profileRef, 'Move a submission to the trash (undo with restoreSubmission)'),
  restoreSubmission: call<SubmissionSummary>()(z.object({ trashId: z.string().min(1).max(200) }).strict(), 'Undo a delete'),
  validateSubmission: call<ValidationReport>()(z.object({ profile: z.unknown() }).strict(), 'Validate an edited profile without saving'),
  saveSubmission: call<SavedSubmission>()(
    z.object({ name, profile: z.unknown() }).strict(),
    'Save an edited profile (rejected with field issues when invalid)',
  ),
  importSubmission: call<SubmissionSummary>()(
    z.object({ dataBase64: z.string().min(1).max(20_000_000), passphrase: z.string().min(1).max(1024), name: name.optional() }).strict(),
    'Import an exported submission file',
  ),
  exportSubmission: call<ExportedFile>()(z.object({ name, passphrase }).strict(), 'Export a submission as one passphrase-protected file'),

  permissionCatalog: call<PermissionInfo[]>()(profileRef, 'The permissions with the access-level advice for this submission'),
  getTexts: call<ReviewText[]>()(profileRef, 'Descriptions, reviewer instructions and setup notes'),
  overrideText: call<ReviewText>()(z.object({ name, id: textId, text: z.string().max(20_000) }).strict(), 'Keep an edited text'),
  resetText: call<ReviewText>()(z.object({ name, id: textId }).strict(), 'Go back to the generated text'),

  getSetupSteps: call<SetupStepView[]>()(profileRef, 'The Meta-side setup checklist'),
  setSetupStepDone: call<SetupStepView[]>()(z.object({ name, id: z.string().min(1).max(80), done: z.boolean() }).strict(), 'Tick or untick a setup step'),

  loadScenario: call<ScenarioView>()(profileRef, "The submission's recording scenario (the default unless customised)"),
  validateScenario: call<ScenarioView>()(z.object({ name, scenario: z.unknown() }).strict(), 'Validate an edited scenario without saving'),
  saveScenario: call<ScenarioView>()(z.object({ name, scenario: z.unknown() }).strict(), 'Save a customised scenario'),
  resetScenario: call<ScenarioView>()(profileRef, 'Go back to the default scenario'),
  learnScenario: call<{ view: ScenarioView; updated: string[] }>()(
    z
      .object({
        name,
        learnt: z
          .array(z.object({ stepId: z.string().min(1).max(63), target: TargetDescriptionSchema }).strict())
          .min(1)
          .max(200),
      })
      .strict(),
    "Update the scenario: the elements the person used in a run's hand-overs become those steps' first-choice targets",
  ),

  startRun: call<JobStarted>()(
    z.object({ name, sandbox: z.boolean().default(false), headless: z.boolean().default(false) }).strict(),
    'Play the scenario without recording (a rehearsal)',
  ),
  startRecording: call<JobStarted>()(
    z
      .object({
        name,
        sandbox: z.boolean().default(false),
        headless: z.boolean().default(false),
        width: z.union([z.literal(1920), z.literal(1440)]).default(1920),
        /** Which waits the video shortens: keep none, a hand-over's search (default), or also long page loads. */
        waits: WaitsModeSchema.default('assisted'),
      })
      .strict(),
    'Record the demo: run, capture, compose, clips',
  ),
  startCompose: call<JobStarted>()(
    /** `waits` absent: the choice the recording was composed with (its manifest). */
    z.object({ name, runId, waits: WaitsModeSchema.optional() }).strict(),
    'Compose a recording again (after a caption fix, or with another choice of the waits it shortens)',
  ),
  cancelJob: call<{ cancelled: boolean }>()(z.object({ jobId }).strict(), 'Cancel a running job'),
  answerHandOver: call<{ answered: boolean }>()(
    z.object({ jobId, answer: z.enum(['done', 'stop', 'fill']) }).strict(),
    'The person did the step handed to them (done), stops the run (stop), or has the runner type the value into the field they focused (fill)',
  ),
  activeJobs: call<JobState[]>()(none, 'Jobs still running, with their progress (after a reload)'),

  listRecordings: call<RecordingSummary[]>()(profileRef, "The submission's recordings, newest first"),
  getRecording: call<RecordingDetail>()(z.object({ name, runId }).strict(), 'One recording: video, chapters, clips'),
  deleteRecording: call<{ runId: string; trashId: string }>()(
    z.object({ name, runId }).strict(),
    'Move a recording that is not being made to the trash (undo with restoreRecording)',
  ),
  restoreRecording: call<{ runId: string }>()(
    z.object({ name, trashId: z.string().regex(/^[A-Za-z0-9._~-]{1,90}$/, 'must be a trash id from deleteRecording') }).strict(),
    'Undo deleting a recording',
  ),
  doctor: call<DoctorView>()(
    z.object({ name, sandbox: z.boolean() }).strict(),
    'Check this computer and the Webitel host before recording (as review-assistant doctor)',
  ),
  recordingReadiness: call<RecordingReadiness>()(
    z.object({ name, sandbox: z.boolean() }).strict(),
    'Whether the submission has every value the scenario types, and which are missing',
  ),
  openRecordingFolder: call<{ opened: boolean; folder: string }>()(z.object({ name, runId }).strict(), 'Show the recording folder in the file manager'),

  runChecks: call<CheckReport>()(profileRef, 'Check the submission for reasons Meta rejects'),
  runPreflight: call<CheckReport>()(profileRef, "Check the Meta app's settings through the Graph API"),
  setTestUserAnswer: call<SubmissionDetail>()(z.object({ name, isTestUser: z.boolean() }).strict(), 'Record whether the Facebook login is a Test User'),
  exportBundle: call<ExportResult>()(z.object({ name, zip: z.boolean().default(true) }).strict(), 'Write the submission bundle (folder and zip)'),
  openPath: call<{ opened: boolean; folder: string }>()(
    z.object({ path: z.string().min(1).max(4096) }).strict(),
    'Show an exported folder (only folders the app wrote)',
  ),
} as const;

export type Calls = typeof CALLS;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type CallParsedInput<K extends CallName> = z.output<Calls[K]['input']>;
export type CallResult<K extends CallName> = Calls[K]['result'];

/** The typed client the renderer uses; the same shape over IPC and HTTP. */
export type ApiClient = { [K in CallName]: (input: CallInput<K>) => Promise<CallResult<K>> };

/** The server side: one handler per call, receiving validated input. */
export type ApiHandlers = { [K in CallName]: (input: CallParsedInput<K>) => Promise<CallResult<K>> };

export const CALL_NAMES = Object.keys(CALLS) as CallName[];
export function isCallName(s: string): s is CallName {
  return Object.prototype.hasOwnProperty.call(CALLS, s);
}

/** How a failure crosses the boundary: `UserError.toJSON()`, plus 'internal' for bugs. */
export type { ApiErrorJson } from './error-json';
export type ApiResponse<R> = { ok: true; result: R } | { ok: false; error: ApiErrorJson };
