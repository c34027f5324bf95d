// The state one run shares between launch, step loop and actions: lanes, timeline, the stop signal.
import type { Browser, Page } from 'puppeteer-core';
import type { FoundBrowser } from '../browser/discover';
import { stepName } from '../../common/describe-issue';
import { maskSecrets, renderTemplate } from '../scenario/context';
import type { Lane, Scenario } from '../scenario/schema';
import type { TimelineEvent } from '../timeline';
import { RunError } from './errors';
import type { LaneRun, RunOptions, StepResult } from './types';

export interface LaneState {
  def: Lane;
  /** Recorded at viewport × this (1 unless recording for a video: see laneCaptureScales). */
  captureScale: number;
  /** Drawn on a screen of its own (the `display` capture): its popups are real windows there. */
  ownScreen: boolean;
  browser: Browser;
  page: Page;
  pid: number | undefined;
  popup: Page | undefined;
  mouse: WeakMap<Page, { x: number; y: number }>;
}

/** Query values that must not show in the video's address strip or in logs. */
const SENSITIVE_PARAMS = /^(access_?token|token|code|client_secret|password)$/i;

export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    let changed = false;
    for (const k of [...u.searchParams.keys()]) {
      if (SENSITIVE_PARAMS.test(k)) {
        u.searchParams.set(k, '••••••');
        changed = true;
      }
    }
    return changed ? u.toString() : url;
  } catch {
    return url;
  }
}

/**
 * How long one look at a page (a condition, a `failIf`) may take. A page navigating under a look,
 * or one whose scripts are busy, can leave the browser's answer pending until the protocol gives
 * up a minute later; the step's own deadline must stay the limit, so a look that outlasts this
 * counts as "not yet" and the next poll asks again.
 */
const PAGE_ANSWER_MS = 10_000;

/** A WebSocket connection a page failed to open (socket-watch.ts). */
export interface SocketFailure {
  at: number;
  /** Without its query (tokens ride there) and masked like every address the run reports. */
  url: string;
  reason: string;
}

/** One run's shared state; every wait goes through `guard`, so a cancel or a lost browser ends it. */
export class RunSession {
  readonly scenario: Scenario;
  readonly timeline: TimelineEvent[] = [];
  readonly steps: StepResult[];
  readonly lanes = new Map<string, LaneState>();
  readonly laneRuns: LaneRun[] = [];
  /** One signal for "stop now": the caller's cancel or a lane's browser going away. */
  readonly interrupt = new AbortController();
  readonly inflight = new WeakMap<Page, { count: number; lastChange: number }>();
  /** WebSocket connections each page failed to open, latest last (socket-watch.ts). */
  readonly socketFailures = new WeakMap<Page, SocketFailure[]>();
  readonly pageAnswerMs: number;
  closing = false;
  currentStep = -1;
  /** The last look at a page went unanswered (see PAGE_ANSWER_MS). */
  unanswered = false;
  /** `stopIf` states with a `forMs`, by cause: seen since, last seen (ms, the run clock), and for how long they may last. */
  readonly stopsSeen = new Map<string, { since: number; last: number; forMs: number }>();
  private readonly interrupted: Promise<never>;

  constructor(
    readonly opts: RunOptions,
    readonly browser: FoundBrowser,
  ) {
    this.scenario = opts.scenario;
    this.pageAnswerMs = opts.pageAnswerMs ?? PAGE_ANSWER_MS;
    this.steps = opts.scenario.steps.map((s, index) => ({ index, id: s.id, laneId: s.lane, sceneId: s.scene, action: s.action, status: 'not-run' }));
    this.interrupted = new Promise<never>((_, reject) => {
      this.interrupt.signal.addEventListener('abort', () => reject(this.interrupt.signal.reason), { once: true });
    });
    this.interrupted.catch(() => undefined);
  }

  get aborted(): boolean {
    return this.interrupt.signal.aborted;
  }

  cancel(): void {
    this.interrupt.abort(new RunError('cancelled', 'the run was cancelled', { hint: 'start it again when ready' }));
  }

  /** Addresses go to the timeline, the video's address strip and logs: no secret may ride in them. */
  safeUrl(u: string): string {
    return maskSecrets(maskUrl(u), this.opts.context);
  }

  /** A step as the step list names it ("Step 5, “Operator logs in”"), its caption templated for showing: never a secret. */
  stepInWords(i: number): string {
    const raw = this.scenario.steps[i];
    let caption: string | undefined;
    try {
      caption = raw?.caption
        ? renderTemplate(raw.caption, this.opts.context, { mode: 'display', vars: this.scenario.vars, field: `steps[${i}].caption` })
        : undefined;
    } catch {
      caption = undefined; // a caption whose value is missing: the step's id names it
    }
    return stepName(i, { caption, id: raw?.id });
  }

  /**
   * Where the run is, for an error that interrupts it (a lane's browser gone, its page crashed):
   * ` during step 5 "id"` for logs and ` during Step 5, “caption”` for the app; both empty before the first step.
   */
  duringStep(): { plain: string; inWords: string } {
    const i = this.currentStep;
    if (i < 0) return { plain: '', inWords: '' };
    return { plain: ` during step ${i + 1} "${this.scenario.steps[i]?.id}"`, inWords: ` during ${this.stepInWords(i)}` };
  }

  emit(e: TimelineEvent): void {
    this.timeline.push(e);
    try {
      this.opts.onEvent?.(e);
    } catch {
      // a listener's bug must not stop the browsers
    }
  }

  progress(fraction: number, stage: string, message: string): void {
    try {
      this.opts.onProgress?.({ stage, fraction: Math.max(0, Math.min(1, fraction)), message });
    } catch {
      // as above
    }
  }

  guard<T>(p: Promise<T>): Promise<T> {
    if (this.interrupt.signal.aborted) {
      p.catch(() => undefined);
      return Promise.reject(this.interrupt.signal.reason);
    }
    return Promise.race([p, this.interrupted]);
  }

  sleep(ms: number): Promise<void> {
    return this.guard(new Promise<void>((r) => setTimeout(r, ms)));
  }

  openPopup(lane: LaneState): Page | undefined {
    return lane.popup && !lane.popup.isClosed() ? lane.popup : undefined;
  }
}

export function pad(i: number): string {
  return String(i + 1).padStart(2, '0');
}

export function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
