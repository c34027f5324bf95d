// One model of a long job (recording, rehearsal, compose): the server keeps it, the UI and the CLI show it.
import { z } from 'zod';
import { stepName } from '../common/describe-issue';
import type { Progress } from '../common/progress';
import type { FrameCheck } from '../recorder/inspect/frame-check-schema';
import type { LearntTarget } from '../recorder/scenario/suggest';
import { SLICES } from '../recorder/progress-slices';
import { fillMissedInWords, type TimelineEvent } from '../recorder/timeline';
import type { ApiErrorJson } from './error-json';
import type { JobKind } from './views';

/** Jobs that drive browsers, screen grabs or encoders: at most one runs at a time (the server refuses a second). */
export const HEAVY_JOBS: ReadonlySet<JobKind> = new Set<JobKind>(['record', 'run', 'compose']);

/** The stages a person sees, in order, and the recorder's progress stages each one covers. */
export const STAGES = {
  launch: { label: 'Launch', covers: ['start', 'launch'] },
  scenes: { label: 'Scenes', covers: ['steps'] },
  finish: { label: 'Finishing lanes', covers: ['capture'] },
  compose: { label: 'Compose', covers: ['compose'] },
  clips: { label: 'Clips', covers: ['clips', 'pictures'] },
  /** The frame check reads the finished video (inspect/): a broken take is told before anyone uploads it. */
  check: { label: 'Check', covers: ['check', 'done'] },
} as const satisfies Record<string, { label: string; covers: readonly string[] }>;
export type StageId = keyof typeof STAGES;

export function stagesOf(kind: JobKind): StageId[] {
  if (kind === 'run') return ['launch', 'scenes'];
  if (kind === 'compose') return ['compose', 'clips'];
  return ['launch', 'scenes', 'finish', 'compose', 'clips', 'check'];
}

/** The stage a recorder progress stage belongs to (unknown stages stay where the job is). */
export function stageOf(progressStage: string): StageId | null {
  for (const [id, s] of Object.entries(STAGES) as [StageId, (typeof STAGES)[StageId]][]) if ((s.covers as readonly string[]).includes(progressStage)) return id;
  return null;
}

export type JobStatus = 'running' | 'passed' | 'failed' | 'cancelled';

/**
 * What the frame check made of a finished take, for the UI to read instead of the last message's
 * words. `good`: nothing wrong; `broken`: a lane's page drawn too small, blank or frozen, so the
 * video must not be uploaded (the job still passes: the video exists, and its folder is the
 * evidence); `unchecked`: the check could not run ("review-assistant check" runs it again).
 */
export const TakeOutcomeSchema = z
  .object({
    frames: z.enum(['good', 'broken', 'unchecked']),
    /** The check's findings, for people: what is wrong, in which lane, and when. */
    findings: z.array(z.string()),
  })
  .strict();
export type TakeOutcome = z.infer<typeof TakeOutcomeSchema>;

/** The outcome of the recorder's frame check (record.ts: null when it could not run). */
export function takeOutcome(frames: FrameCheck | null): TakeOutcome {
  if (!frames) return { frames: 'unchecked', findings: [] };
  return { frames: frames.ok ? 'good' : 'broken', findings: frames.findings.map((f) => f.message) };
}

export interface JobLane {
  laneId: string;
  title: string;
  /** Left to right, as in the video. */
  index: number;
  /** The lane's page address; '' or about:blank until it opens its first page (the video shows a standby panel then). */
  url: string;
}

export interface JobState {
  jobId: string;
  kind: JobKind;
  profile: string;
  status: JobStatus;
  /** Epoch ms. */
  startedAt: number;
  endedAt: number | null;
  stages: StageId[];
  stage: StageId;
  /** When each stage reached so far began (epoch ms). */
  stageStartedAt: Partial<Record<StageId, number>>;
  /** 0..1 over the whole job; never goes back. */
  fraction: number;
  message: string;
  /** The step being played, with the scenario's step count. */
  step: { index: number; total: number | null; caption: string; laneId: string } | null;
  steps: number | null;
  lanes: JobLane[];
  /** The person's turn: a `manual` step's prompt, or a step handed to them (`handOver`). */
  manual: { laneId: string; prompt: string; handOver?: HandOverPrompt } | null;
  /** Elements the person used for steps whose target was not found: "Update the scenario" adds them. */
  learnt: LearntTarget[];
  /** The person pressed Stop on a step handed to them: that step as the app names it ("Step 5, “…”"); the job ends cancelled. */
  stoppedAt: string | null;
  runId: string | null;
  error: ApiErrorJson | null;
  /** A recording that finished: what the frame check made of its video; null for other jobs and until the end. */
  take: TakeOutcome | null;
}

/** A step the runner could not do, handed to the person: what the recorder screen shows with Done, Stop (and Fill it for me). */
export interface HandOverPrompt {
  index: number;
  stepId: string;
  /** The step as every screen names it ("Step 5, “caption”"; "Step 5 (id)" without a caption). */
  name: string;
  laneTitle: string;
  /** The selectors the runner tried (never a value). */
  lookedFor: string[];
  reason: string;
  /** A fill step: the runner can type the value into the field the person focused. */
  canFill: boolean;
  /** The last "Fill it for me" typed nothing: why, in words. */
  fillMissed?: string;
}

/** What the job-started event says of the work ahead. */
export interface JobPlan {
  steps?: number | null;
  lanes?: Array<{ laneId: string; title: string }>;
}

export function newJob(jobId: string, kind: JobKind, profile: string, now: number, plan: JobPlan = {}): JobState {
  const stages = stagesOf(kind);
  const first = stages[0] ?? 'launch';
  return {
    jobId,
    kind,
    profile,
    status: 'running',
    startedAt: now,
    endedAt: null,
    stages,
    stage: first,
    stageStartedAt: { [first]: now },
    fraction: 0,
    message: kind === 'compose' ? 'Starting' : 'Starting the browsers',
    step: null,
    steps: plan.steps ?? null,
    lanes: (plan.lanes ?? []).map((l, index) => ({ ...l, index, url: '' })),
    manual: null,
    learnt: [],
    stoppedAt: null,
    runId: null,
    error: null,
    take: null,
  };
}

/** Progress: the stage moves only forward, the fraction never back. */
export function withProgress(j: JobState, p: Progress, now: number): JobState {
  const id = stageOf(p.stage);
  const next = id && j.stages.indexOf(id) > j.stages.indexOf(j.stage) ? id : j.stage;
  return {
    ...j,
    stage: next,
    stageStartedAt: next !== j.stage ? { ...j.stageStartedAt, [next]: now } : j.stageStartedAt,
    fraction: Math.max(j.fraction, p.fraction),
    message: p.message,
  };
}

export function withTimeline(j: JobState, e: TimelineEvent): JobState {
  if (e.type === 'step-started') return { ...j, step: { index: e.index, total: j.steps, caption: e.caption, laneId: e.laneId }, manual: null };
  if (e.type === 'step-succeeded' || e.type === 'step-skipped') return j.manual ? { ...j, manual: null } : j;
  if (e.type === 'assist-ended' && e.missed === 'target' && e.target) return { ...j, learnt: [...j.learnt, { stepId: e.stepId, target: e.target }] };
  if (e.type === 'assist-fill-missed' && j.manual?.handOver?.index === e.index)
    return { ...j, manual: { ...j.manual, handOver: { ...j.manual.handOver, fillMissed: fillMissedInWords(e.why) } } };
  if (e.type === 'assist-stopped') {
    const caption = j.step?.index === e.index ? j.step.caption : undefined;
    return { ...j, stoppedAt: stepName(e.index, { caption, id: e.stepId }) };
  }
  if (e.type === 'url-changed' && !e.popup) return { ...j, lanes: j.lanes.map((l) => (l.laneId === e.laneId ? { ...l, url: e.url } : l)) };
  return j;
}

/** A lane the job did not announce (its first preview picture): added, idle until its page opens. */
export function withLane(j: JobState, laneId: string, title: string, index: number): JobState {
  if (j.lanes.some((l) => l.laneId === laneId)) return j;
  return { ...j, lanes: [...j.lanes, { laneId, title, index, url: '' }].sort((a, b) => a.index - b.index) };
}

export function finished(
  j: JobState,
  status: JobStatus,
  runId: string | null,
  error: ApiErrorJson | null,
  now: number,
  take: TakeOutcome | null = null,
): JobState {
  return { ...j, status, runId: runId ?? j.runId, error, take, manual: null, endedAt: now, fraction: status === 'passed' ? 1 : j.fraction };
}

export const isBlank = (url: string): boolean => !url || url === 'about:blank';

/** Whether the lane has not opened a page yet: the UI shows the video's standby panel. */
export const laneIdle = (l: JobLane): boolean => isBlank(l.url);

/**
 * About how long composing and cutting take per second of scenario: the benchmarks' "finish"
 * is 0.29–0.41× of the recording on 2 cores (BENCHMARKS.md); the rest of the job is the scenes.
 */
const FINISH_PER_SCENE_MS = 0.45;
/** Too little seen yet to extrapolate from. */
const MIN_STEPS_SEEN = 2;
const MIN_FRACTION_SEEN = 0.05;

/** Composing needs a few seconds of its own pace before it is worth extrapolating. */
const MIN_COMPOSE_SEEN_MS = 5000;

/** Milliseconds still to go, or null while there is nothing to estimate from yet. */
export function remainingMs(j: JobState, now: number): number | null {
  if (j.status !== 'running') return 0;
  const scenesFrom = j.stageStartedAt.scenes;
  const finishFrom = j.stageStartedAt.finish;
  if (j.kind !== 'compose' && (j.stage === 'launch' || j.stage === 'scenes')) {
    if (j.stage === 'launch' || scenesFrom === undefined || !j.step || !j.steps || j.step.index + 1 < MIN_STEPS_SEEN) return null;
    const done = j.step.index + 1;
    const scenesSoFar = now - scenesFrom;
    const scenesLeft = (scenesSoFar * Math.max(0, j.steps - done)) / done;
    return Math.round(scenesLeft + (j.kind === 'record' ? FINISH_PER_SCENE_MS * (scenesSoFar + scenesLeft) : 0));
  }
  // After the scenes: composing's own pace once it has shown one, else the share the scenes' length suggests.
  const from = j.kind === 'compose' ? j.startedAt : j.stageStartedAt.compose;
  const base = j.kind === 'compose' ? 0 : SLICES.compose[0];
  const f = (j.fraction - base) / (1 - base);
  if (from !== undefined && now - from >= MIN_COMPOSE_SEEN_MS && f >= MIN_FRACTION_SEEN) return Math.round(((now - from) * (1 - f)) / f);
  if (scenesFrom === undefined || finishFrom === undefined) return null;
  return Math.max(0, Math.round(FINISH_PER_SCENE_MS * (finishFrom - scenesFrom) - (now - finishFrom)));
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
