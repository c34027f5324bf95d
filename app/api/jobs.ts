// Runs long work started from the UI (recordings, composing) as jobs with an id, cancellation, live state and exactly one finish event.
import { randomBytes } from 'node:crypto';
import { isUserError, UserError } from '../common/errors';
import type { Progress } from '../common/progress';
import type { HandOverControl, HandOverInfo } from '../recorder/runner/types';
import type { TimelineEvent } from '../recorder/timeline';
import { toErrorJson } from './dispatch';
import type { EventHub } from './events';
import { HEAVY_JOBS, newJob, withLane, withProgress, withTimeline, type JobPlan, type JobState, type TakeOutcome } from './job-state';
import type { JobKind, JobStarted } from './views';

export interface JobContext {
  jobId: string;
  signal: AbortSignal;
  progress(p: Progress): void;
  step(e: TimelineEvent): void;
  laneFrame(laneId: string, title: string, jpeg: Buffer, url: string, index: number): void;
  manual(laneId: string, prompt: string, active: boolean): void;
  /** A step handed to the person: shown like a manual prompt, answered with `answerHandOver`. */
  handOver(info: HandOverInfo, control: HandOverControl): void;
  /** The run folder this job writes, once it exists. */
  runFolder(runId: string): void;
}

interface Running {
  kind: JobKind;
  profile: string;
  controller: AbortController;
  state: JobState;
  /** The buttons of the hand-over shown now, if any. */
  handOver: HandOverControl | null;
}

/** What a job's work hands back: the run folder it wrote and, for a recording, what the frame check made of its video. */
export interface JobResult {
  runId: string | null;
  take?: TakeOutcome | null;
}

/**
 * Long work started from the UI, owned by the server: each job gets an id, an AbortSignal and
 * event helpers; its state (job-state.ts) is kept here, so a UI that loads or reloads mid-job
 * finds it with its progress; it reports `job-finished` exactly once, whatever happens.
 */
export class JobRunner {
  private readonly running = new Map<string, Running>();

  constructor(private readonly hub: EventHub) {}

  start(kind: JobKind, profile: string, work: (ctx: JobContext) => Promise<JobResult>, plan: JobPlan = {}): JobStarted {
    this.refuseWhileHeavy(kind, profile);
    const jobId = `${kind}-${randomBytes(5).toString('hex')}`;
    const controller = new AbortController();
    const startedAt = Date.now();
    const job: Running = { kind, profile, controller, state: newJob(jobId, kind, profile, startedAt, plan), handOver: null };
    this.running.set(jobId, job);
    const hub = this.hub;
    const update = (f: (s: JobState) => JobState) => {
      job.state = f(job.state);
    };
    hub.emit({ type: 'job-started', jobId, kind, profile, startedAt, plan });
    const ctx: JobContext = {
      jobId,
      signal: controller.signal,
      progress: (p) => {
        update((s) => withProgress(s, p, Date.now()));
        hub.emit({ type: 'progress', jobId, ...p });
      },
      step: (event) => {
        update((s) => withTimeline(s, event));
        hub.emit({ type: 'step', jobId, event });
      },
      laneFrame: (laneId, title, jpeg, url, index) => {
        update((s) => withLane(s, laneId, title, index));
        hub.emit({ type: 'lane-frame', jobId, laneId, title, url, index, jpegBase64: jpeg.toString('base64') });
      },
      manual: (laneId, prompt, active) => {
        if (!active) job.handOver = null;
        update((s) => ({ ...s, manual: active ? { laneId, prompt } : null }));
        hub.emit({ type: 'manual-prompt', jobId, laneId, prompt, active });
      },
      handOver: (info, control) => {
        job.handOver = control;
        const handOver = {
          index: info.index,
          stepId: info.stepId,
          name: info.name,
          laneTitle: info.laneTitle,
          lookedFor: info.lookedFor,
          reason: info.reason,
          canFill: info.canFill,
        };
        update((s) => ({ ...s, manual: { laneId: info.laneId, prompt: info.instruction, handOver } }));
        hub.emit({ type: 'manual-prompt', jobId, laneId: info.laneId, prompt: info.instruction, active: true, handOver });
      },
      runFolder: (runId) => {
        update((s) => ({ ...s, runId }));
        hub.emit({ type: 'job-run', jobId, runId });
      },
    };
    void (async () => {
      try {
        const r = await work(ctx);
        const status = controller.signal.aborted ? 'cancelled' : 'passed';
        hub.emit({ type: 'job-finished', jobId, kind, profile, status, runId: r.runId, error: null, take: r.take ?? null });
      } catch (e) {
        const cancelled = controller.signal.aborted || (isUserError(e) && e.kind === 'cancelled');
        const runId = (e as { runId?: string })?.runId ?? null;
        hub.emit({
          type: 'job-finished',
          jobId,
          kind,
          profile,
          status: cancelled ? 'cancelled' : 'failed',
          runId,
          error: cancelled ? null : toErrorJson(e),
          take: null,
        });
      } finally {
        this.running.delete(jobId);
      }
    })();
    return { jobId, kind };
  }

  /**
   * One recording or composing at a time, whichever submission it is for: each drives browsers,
   * screen grabs or encoders that want the whole machine (two cores here), and two at once would
   * spoil both takes' frame rate and timing without saying so.
   */
  private refuseWhileHeavy(kind: JobKind, profile: string): void {
    if (!HEAVY_JOBS.has(kind)) return;
    const other = [...this.running.values()].find((r) => HEAVY_JOBS.has(r.kind));
    if (!other) return;
    const hint = 'wait for it to finish or cancel it (on its Recorder screen)';
    const busy = other.kind === 'compose' ? `"${other.profile}" is being composed` : `a recording of "${other.profile}" is already running`;
    if (other.profile === profile && other.kind !== 'compose' && kind !== 'compose') throw new UserError('conflict', busy, { hint });
    throw new UserError('conflict', `${busy}: one recording or composing at a time, so that each gets the whole machine`, { hint });
  }

  isBusy(profile: string): boolean {
    return [...this.running.values()].some((r) => r.profile === profile && (r.kind === 'record' || r.kind === 'run'));
  }

  cancel(jobId: string): boolean {
    const r = this.running.get(jobId);
    if (!r) return false;
    r.controller.abort(new Error('cancelled from the app'));
    return true;
  }

  /** The person's answer to the hand-over a job shows: false when it shows none (it ended meanwhile). */
  answerHandOver(jobId: string, answer: 'done' | 'stop' | 'fill'): boolean {
    const r = this.running.get(jobId);
    const c = r?.handOver;
    if (!r || !c) return false;
    if (answer === 'done') c.done();
    else if (answer === 'stop') c.stop();
    else {
      c.fillForMe();
      // A new request: the last one's "Nothing was typed" goes (it comes back if this one misses too).
      const m = r.state.manual;
      if (m?.handOver?.fillMissed) {
        const { fillMissed: _gone, ...handOver } = m.handOver;
        r.state = { ...r.state, manual: { ...m, handOver } };
        this.hub.emit({ type: 'manual-prompt', jobId, laneId: m.laneId, prompt: m.prompt, active: true, handOver });
      }
    }
    return true;
  }

  /** The running jobs as the UI shows them. */
  list(): JobState[] {
    return [...this.running.values()].map((r) => r.state);
  }

  /** Whether a job of this process is writing this run folder. */
  writes(profile: string, runId: string): boolean {
    return [...this.running.values()].some((r) => r.profile === profile && r.state.runId === runId);
  }

  async dispose(): Promise<void> {
    for (const r of this.running.values()) r.controller.abort(new Error('the app is closing'));
  }
}
