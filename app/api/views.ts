// The shapes the UI receives from the API, kept apart from the backends' own types so backend changes stay inside the app.
import type { FieldIssue } from '../common/errors';
import type { Profile } from '../profile/schema';
import type { AccessLevel, PermissionId } from '../review/permission-ids';
import type { WaitsMode } from '../recorder/run-folder';

export type { WaitsMode };

/**
 * What the UI receives. These shapes are the API's own (not the backends'), so a change
 * inside a backend is absorbed in `app/api/impl` instead of rippling into every screen.
 */

export interface AppInfo {
  version: string;
  mode: 'desktop' | 'browser';
  platform: NodeJS.Platform;
  dataDir: string;
}

export type VaultState = 'uninitialized' | 'locked' | 'unlocked';
export interface VaultStatus {
  state: VaultState;
  /** How the data key is protected: the OS keychain (desktop) or a passphrase (browser mode, CLI). */
  method: 'safeStorage' | 'passphrase';
}

export interface SubmissionSummary {
  name: string;
  title: string;
  sample: boolean;
  updatedAt: string;
  /** Fields still empty that the recording and the texts need. */
  missing: number;
}

export interface ValidationReport {
  /** Errors block saving. */
  errors: FieldIssue[];
  /** Warnings are shown but allow saving (e.g. the gateway URI's host differs from the Webitel host). */
  warnings: FieldIssue[];
  /** Fields still empty that later steps need ('' drafts are fine to save). */
  missing: FieldIssue[];
}

export interface SubmissionDetail {
  profile: Profile;
  validation: ValidationReport;
}

export interface SavedSubmission extends SubmissionDetail {
  savedAt: string;
}

export interface DeletedSubmission {
  name: string;
  /** Pass to `restoreSubmission` to undo. */
  trashId: string;
}

export interface ExportedFile {
  fileName: string;
  /** The encrypted submission file, base64. */
  dataBase64: string;
}

export type TextKind = 'description' | 'reviewerInstructions' | 'setupNotes';
export interface ReviewText {
  /** `description:<permission>`, `reviewerInstructions`, `setupNotes`. */
  id: string;
  kind: TextKind;
  permission?: PermissionId;
  title: string;
  /** What the user sees and copies: the override when there is one, else the generated text. */
  text: string;
  generated: string;
  overridden: boolean;
  /** The generated text changed after the user's edit. */
  stale: boolean;
}

export interface PermissionInfo {
  id: PermissionId;
  title: string;
  kind: 'permission' | 'feature';
  allowedUsage: string;
  webitelUse: string;
  graphCalls: string[];
  dependsOn: PermissionId[];
  /** The recommended access level for the submission's deployment, with why. */
  advice: { level: AccessLevel; reason: string };
}

export interface SetupStepView {
  id: string;
  title: string;
  body: string;
  copy: { label: string; value: string }[];
  links: { label: string; url: string }[];
  done: boolean;
}

export interface ScenarioView {
  /** The scenario document (validated by the recorder's schema on save). */
  scenario: unknown;
  source: 'default' | 'custom';
  issues: FieldIssue[];
  /** Flat list for the step editor. */
  steps: ScenarioStepView[];
  lanes: { id: string; title: string }[];
  scenes: { id: string; title: string; permissions: string[] }[];
}

export interface ScenarioStepView {
  index: number;
  id: string;
  action: string;
  lane: string;
  scene: string;
  selector: string;
  caption: string;
}

export type JobKind = 'run' | 'record' | 'compose' | 'export' | 'preflight';
export interface JobStarted {
  jobId: string;
  kind: JobKind;
}

export interface Chapter {
  sceneId: string;
  title: string;
  permissions: string[];
  startMs: number;
  endMs: number;
}

export interface RecordingSummary {
  id: string;
  profile: string;
  createdAt: string;
  /** `interrupted`: marked as being recorded, but the process recording it is gone. */
  status: 'passed' | 'failed' | 'cancelled' | 'running' | 'interrupted' | 'unknown';
  durationMs: number | null;
  /** URL the UI can play (custom protocol in the desktop app, tokened HTTP in browser mode). */
  videoUrl: string | null;
  posterUrl: string | null;
}

/** Before a recording: this computer and the Webitel host checked (review-assistant doctor). */
export interface DoctorView {
  ok: boolean;
  findings: Array<{ id: string; level: 'ok' | 'warning' | 'error'; title: string; detail: string; todo?: string }>;
}

/** Before a recording: the profile values the scenario needs that are still empty. */
export interface RecordingReadiness {
  ready: boolean;
  missing: Array<{ field: string; message: string }>;
}

export interface RecordingDetail extends RecordingSummary {
  folder: string;
  chapters: Chapter[];
  clips: { permission: string; url: string }[];
  error: string | null;
  /** What the frame check found in the video (null: not checked yet; `check` reads it then). */
  frames: { ok: boolean; findings: string[] } | null;
  /** A few step pictures spread over the run, for a strip under the player. */
  thumbnails: { url: string; label: string }[];
  /** Which waits its video shortens (`keep`, `assisted`, `all`): composing again keeps it unless another is picked. */
  waits: WaitsMode;
  /** Waits the video leaves out (a hand-over's search, a long page load): where in the video, how long, the step. */
  cuts: { atMs: number; removedMs: number; reason: 'assisted' | 'wait'; stepId: string; /** "Step 12, “The operator replies”" */ step: string }[];
}

export type CheckSeverity = 'error' | 'warning' | 'info';
export interface CheckResultView {
  id: string;
  /** What the check looks at (e.g. "Pre-flight: webhook subscription"). */
  title: string;
  severity: CheckSeverity;
  status: 'pass' | 'fail' | 'skip';
  message: string;
  fix: string;
  /** Where to go to fix it: a profile field, a text, a scenario step, the recorder. */
  target: { section: SectionId; field?: string; textId?: string; stepIndex?: number } | null;
}

export interface CheckReport {
  results: CheckResultView[];
  errors: number;
  warnings: number;
  ranAt: string;
}

export interface ExportResult {
  folder: string;
  zip: string | null;
  files: string[];
  /** The bundle's printable report.html, to open in a browser (null: the bundle has none). */
  report: string | null;
  /** Browser mode: the address (relative to the UI) where the app serves that report; null on the desktop, which opens the file. */
  reportUrl: string | null;
}

/** The sections of a submission's screen, in their order. */
export const SECTION_IDS = ['setup', 'gateway', 'texts', 'recorder', 'checks'] as const;
export type SectionId = (typeof SECTION_IDS)[number];
