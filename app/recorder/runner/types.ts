// The runner's contract: lanes, the hooks the recorder plugs into a run, hand-overs, run options and step results.
import type { CanvasWidth } from '../../media/canvas';
import type { Browser, Page } from 'puppeteer-core';
import type { ProgressListener } from '../../common/progress';
import type { ScenarioContext } from '../scenario/context';
import type { Scenario, Viewport } from '../scenario/schema';
import type { TimelineEvent } from '../timeline';
import type { Warmup } from '../browser/steady-drawing';

export interface LaneInfo {
  id: string;
  title: string;
  /** CSS pixels. */
  viewport: Viewport;
  /** The page is drawn at captureScale device pixels per CSS pixel (default 1; renderScaleArgs), and recorded at viewport × captureScale. */
  captureScale?: number;
}

/**
 * What the recorder plugs into a run. Called in this order: `onLaneReady` per lane (browser up,
 * start page loaded, before the first step), `onPopup`/`onPopupClosed` as a lane's popup window
 * comes and goes, and `beforeClose` once before the browsers close — on success, failure and cancel.
 */
/** A screen of its own a lane's browser draws on (the `display` capture: virtual-display.ts). */
export interface LaneScreen {
  /** X display name, `:N`. */
  display: string;
  /** The cookie file that lets a client on (XAUTHORITY). */
  xauthority: string;
  /** Why the screen's X server ended, once it has (null while it runs). */
  ended?: () => string | null;
  /** Device pixels. */
  size: { width: number; height: number };
}

export interface RunnerHooks {
  screenFor?(laneId: string, picture: { width: number; height: number }): Promise<LaneScreen | null>;
  onLaneReady?(lane: LaneInfo, page: Page, browser: Browser): Promise<void>;
  onPopup?(laneId: string, popup: Page): Promise<void> | void;
  onPopupClosed?(laneId: string): void;
  beforeClose?(): Promise<void>;
}

/** Every hook's name: a wrapper forwards each of them (checked by the type below). */
export const RUNNER_HOOK_NAMES = ['screenFor', 'onLaneReady', 'onPopup', 'onPopupClosed', 'beforeClose'] as const;
type MissingHook = Exclude<keyof RunnerHooks, (typeof RUNNER_HOOK_NAMES)[number]>;
// Fails to compile when RunnerHooks gains a hook this list lacks.
export const ALL_HOOKS_LISTED: MissingHook extends never ? true : never = true;

/** The hooks of `base` with `over` in front of them: each override calls through to the base's own. */
export function forwardHooks(base: RunnerHooks, over: Partial<RunnerHooks>): RunnerHooks {
  const out: RunnerHooks = {};
  for (const name of RUNNER_HOOK_NAMES) {
    const own = over[name] ?? base[name]?.bind(base);
    if (own) Object.assign(out, { [name]: own });
  }
  return out;
}

export interface ManualInfo {
  index: number;
  stepId: string;
  laneId: string;
  timeoutMs: number;
}

/** What the person is asked to do when a step is handed to them (see hand-over.ts). */
export interface HandOverInfo {
  index: number;
  stepId: string;
  laneId: string;
  laneTitle: string;
  action: string;
  /** The step as every screen names it: "Step 5, “caption”", or "Step 5 (id)" without a caption. */
  name: string;
  /** What to do, in the step's own words (secrets masked). */
  instruction: string;
  /** What the runner could not find or wait for: the selectors tried (never a value). */
  lookedFor: string[];
  reason: string;
  /** A fill step: "Fill it for me" types the value into the field the person focused. */
  canFill: boolean;
  timeoutMs: number;
}

/** The person's buttons during a hand-over; each may be called at any time, once or more. */
export interface HandOverControl {
  /** The person did it: go on (the step counts as passed). */
  done(): void;
  /** Stop the run here, as the person asked: it ends cancelled (not failed), what they did before still learnt. */
  stop(): void;
  /** Fill steps: type the value into the field the person focused. */
  fillForMe(): void;
}

/** Before a step in `--step-through`: go on, skip it (optional steps only), or stop the run. */
export type StepThroughAnswer = 'go' | 'skip' | 'stop';

export interface StepThroughInfo {
  index: number;
  stepId: string;
  laneId: string;
  action: string;
  caption: string;
  optional: boolean;
}

export interface RunOptions {
  scenario: Scenario;
  context: ScenarioContext;
  /** Per-lane persistent browser profiles go in `<browserProfilesDir>/<lane>`; a temporary folder when absent. */
  browserProfilesDir?: string;
  /** Clear the lane profiles first (default true): Meta wants the login on video. */
  startLoggedOut?: boolean;
  /** Default false: visible windows, so a person can step in. */
  headless?: boolean;
  /** Browser program; else REVIEW_ASSISTANT_BROWSER, else discovery. */
  browserPath?: string;
  /** Failure evidence (and requested screenshots) go to `<evidenceDir>/steps/`. */
  evidenceDir?: string;
  screenshotEveryStep?: boolean;
  /** A step with a caption lasts at least this long (readable captions in a video); default 0. */
  minCaptionMs?: number;
  /**
   * `natural` (default): typed key by key, the cursor glides, caption and pause steps hold, as a
   * video needs. `brisk`: for a run nobody watches or records (a check that the scenario works):
   * typed at once, the cursor jumps, caption and pause steps do not hold.
   */
  pace?: 'natural' | 'brisk';
  /** Timeout of steps that set none (default 15 s; goto 30 s; manual 10 min). */
  defaultTimeoutMs?: number;
  /** How long one look at a page may take before it counts as "not yet" (default 10 s; tests shorten it). */
  pageAnswerMs?: number;
  signal?: AbortSignal;
  onEvent?(e: TimelineEvent): void;
  onProgress?: ProgressListener;
  /** A `manual` step waits for the person: show them the prompt. */
  onManual?(prompt: string, info: ManualInfo): void;
  /**
   * Hand a step the runner cannot do to the person instead of failing (default: in runs with
   * visible windows). Steps marked `"assist": false`, optional steps and headless runs fail as before.
   */
  assist?: boolean;
  /** A step was handed to the person: show them what to do, with Done, Stop (and for a fill, Fill it for me). */
  onHandOver?(info: HandOverInfo, control: HandOverControl): void;
  /** The hand-over of step `index` is over (done, stopped or timed out): hide the prompt. `how`: `done` when the run goes on. */
  onHandOverEnd?(index: number, how: 'done' | 'stopped' | 'failed'): void;
  /** Rehearsal: asked before each step (`run --step-through`). */
  beforeStep?(info: StepThroughInfo): Promise<StepThroughAnswer>;
  hooks?: RunnerHooks;
  env?: NodeJS.ProcessEnv;
  /** Extra browser flags (tests, troubleshooting). */
  browserArgs?: string[];
  /** Recording for a video of this width: each lane is recorded at the size the video shows it (laneCaptureScales). */
  videoCanvas?: CanvasWidth;
}

export type StepStatus = 'passed' | 'failed' | 'skipped' | 'not-run';

export interface StepResult {
  index: number;
  id: string;
  laneId: string;
  sceneId: string;
  action: string;
  /** Templated and masked. */
  caption?: string;
  status: StepStatus;
  durationMs?: number;
  /** The person did this step during a hand-over. */
  assisted?: boolean;
  /** Why a step failed or was skipped. */
  note?: string;
  screenshot?: string;
}

export interface StepFailure {
  index: number;
  stepId: string;
  laneId: string;
  /** The scenario field that did not work out, e.g. `steps[6].target`. */
  field: string;
  reason: string;
  selectorsTried: string[];
  waitedMs: number;
  url: string;
  screenshot?: string;
  html?: string;
}

export interface LaneRun {
  id: string;
  pid: number | undefined;
}

export interface RunResult {
  ok: boolean;
  status: 'passed' | 'failed' | 'cancelled';
  steps: StepResult[];
  timeline: TimelineEvent[];
  evidenceDir?: string;
  browser: { name: string; path: string };
  lanes: LaneRun[];
  /** Recording only: how long the first step waited for the captures to warm up, and whether every lane then drew steadily. */
  warmup?: Warmup;
  failure?: StepFailure;
}
