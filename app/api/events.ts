// The events the app pushes to the UI (job progress, steps, lane previews, prompts) and the hub that fans them out to listeners.
import type { Progress } from '../common/progress';
import type { TimelineEvent } from '../recorder/timeline';
import type { ApiErrorJson } from './contract';
import type { HandOverPrompt, JobPlan, TakeOutcome } from './job-state';
import type { JobKind } from './views';

/**
 * Events pushed from the app to the UI (IPC `webContents.send` on the desktop, SSE in
 * browser mode). Lane frames are low-rate previews (one JPEG per lane about every 500 ms),
 * not the recording itself.
 */
export type ApiEvent =
  | { type: 'job-started'; jobId: string; kind: JobKind; profile: string; startedAt: number; plan: JobPlan }
  /** The run folder a job writes (known once it exists). */
  | { type: 'job-run'; jobId: string; runId: string }
  | ({ type: 'progress'; jobId: string } & Progress)
  | { type: 'step'; jobId: string; event: TimelineEvent }
  | {
      type: 'lane-frame';
      jobId: string;
      laneId: string;
      title: string;
      jpegBase64: string;
      url: string;
      /** The lane's place in the scenario (left to right). */ index: number;
    }
  | { type: 'manual-prompt'; jobId: string; laneId: string; prompt: string; active: boolean; handOver?: HandOverPrompt }
  | {
      type: 'job-finished';
      jobId: string;
      kind: JobKind;
      profile: string;
      status: 'passed' | 'failed' | 'cancelled';
      runId: string | null;
      error: ApiErrorJson | null;
      /** A recording that ended: what the frame check made of its video (job-state.ts); null otherwise. */
      take: TakeOutcome | null;
    }
  | { type: 'error'; error: ApiErrorJson }
  | { type: 'submissions-changed' }
  /** A submission's recordings were added, deleted or restored outside a job. */
  | { type: 'recordings-changed'; profile: string };

export type ApiEventListener = (e: ApiEvent) => void;

/** A tiny fan-out: the API emits, each transport (IPC window, SSE client) subscribes. */
export class EventHub {
  private readonly listeners = new Set<ApiEventListener>();
  on(l: ApiEventListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  emit(e: ApiEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // One broken subscriber (a closed window) must not stop the others.
      }
    }
  }
  get size(): number {
    return this.listeners.size;
  }
}
