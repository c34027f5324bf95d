// Runs a recording or a compose started from the UI, adding lane previews and progress events to the same hooks the CLI uses.
import type { Profile } from '../profile/schema';
import { recordProfile, type RecordProfileOptions } from '../recorder/record';
import { recompose } from '../recorder/compose/compose';
import { runScenario } from '../recorder/runner/run';
import { forwardHooks, type LaneScreen, type RunnerHooks } from '../recorder/runner/types';
import { resolveFfmpegTools, type FfmpegTools } from '../media/tools';
import type { Scenario } from '../recorder/scenario/schema';
import type { WaitsMode } from '../recorder/run-folder';
import { prepareRun } from '../recorder/runner/prepare';
import { takeOutcome } from './job-state';
import type { JobContext, JobResult } from './jobs';
import { LanePreviews } from './lane-preview';

export interface RecordJobOptions {
  profile: Profile;
  scenario: Scenario;
  dataDir: string;
  sandbox: boolean;
  headless: boolean;
  record: boolean;
  canvas?: 1920 | 1440;
  /** Which waits the video shortens (default `assisted`). */
  waits?: WaitsMode;
  /** Whether anyone watches (no previews are taken otherwise). */
  watching: () => boolean;
}

/**
 * The hooks the capture (or nothing) needs, with the UI's lane previews added: every hook is
 * forwarded (forwardHooks), so a recording started here runs exactly as one from the CLI.
 */
export function withPreviews(base: RunnerHooks, previews: LanePreviews): RunnerHooks {
  const screens = new Map<string, LaneScreen | null>();
  return forwardHooks(base, {
    screenFor: async (laneId, picture) => {
      const screen = (await base.screenFor?.(laneId, picture)) ?? null;
      screens.set(laneId, screen);
      return screen;
    },
    onLaneReady: async (lane, page, browser) => {
      await base.onLaneReady?.(lane, page, browser);
      previews.addLane(lane.id, lane.title, page, screens.get(lane.id) ?? null);
    },
    onPopup: async (laneId, popup) => {
      await base.onPopup?.(laneId, popup);
      previews.popup(laneId, popup);
    },
    onPopupClosed: (laneId) => {
      base.onPopupClosed?.(laneId);
      previews.popup(laneId, null);
    },
    beforeClose: async () => {
      await previews.stop();
      await base.beforeClose?.();
    },
  });
}

/** ffmpeg for reading lane screens; a rehearsal without one still gets page previews. */
function optionalTools(): { tools?: FfmpegTools } {
  try {
    return { tools: resolveFfmpegTools() };
  } catch {
    return {};
  }
}

/**
 * A recording (or a rehearsal without capture) started from the UI: the same recorder as
 * `review-assistant record`, playing the submission's own scenario, with events for the UI.
 */
export async function runRecordJob(o: RecordJobOptions, ctx: JobContext): Promise<JobResult> {
  const laneOrder = o.scenario.lanes.map((l) => l.id);
  const previews = new LanePreviews((laneId, title, jpeg, url) => ctx.laneFrame(laneId, title, jpeg, url, laneOrder.indexOf(laneId)), {
    active: o.watching,
    ...optionalTools(),
  });
  ctx.progress({ stage: 'launch', fraction: 0, message: o.sandbox ? 'Starting the demo sandbox' : 'Starting the browsers' });
  const onManual = (prompt: string, info: { laneId: string }) => ctx.manual(info.laneId, prompt, true);
  // A step the runner misses goes to the person on the recorder screen (Done, Stop, Fill it for me).
  const handOver = { onHandOver: ctx.handOver, onHandOverEnd: () => ctx.manual('', '', false) };
  const onEvent = (e: Parameters<JobContext['step']>[0]) => {
    ctx.step(e);
    if (e.type === 'step-started' || e.type === 'step-succeeded') ctx.manual('', '', false);
  };
  try {
    if (o.record) return await recordWithPreviews(o, ctx, previews, onEvent, onManual, handOver);
    // A rehearsal: the same preparation as `review-assistant run`, no capture.
    const prep = await prepareRun({ profile: o.profile, sandbox: o.sandbox });
    try {
      let n = 0;
      const total = o.scenario.steps.length;
      await runScenario({
        scenario: o.scenario,
        context: prep.context,
        headless: o.headless,
        signal: ctx.signal,
        hooks: withPreviews({}, previews),
        onManual,
        ...handOver,
        onEvent: (e) => {
          onEvent(e);
          if (e.type === 'step-succeeded' || e.type === 'step-skipped') {
            n++;
            ctx.progress({ stage: 'steps', fraction: Math.min(1, n / Math.max(1, total)), message: `Step ${n} of ${total}` });
          }
        },
      });
      return { runId: null };
    } finally {
      await prep.close();
    }
  } finally {
    await previews.stop();
  }
}

/** The recorder of `review-assistant record`, with the UI's lane previews around its capture hooks. */
async function recordWithPreviews(
  o: RecordJobOptions,
  ctx: JobContext,
  previews: LanePreviews,
  onEvent: NonNullable<RecordProfileOptions['onEvent']>,
  onManual: NonNullable<RecordProfileOptions['onManual']>,
  handOver: NonNullable<RecordProfileOptions['handOver']>,
): Promise<JobResult> {
  let runId: string | null = null;
  try {
    const r = await recordProfile({
      profile: o.profile,
      dataDir: o.dataDir,
      sandbox: o.sandbox,
      scenario: o.scenario,
      headless: o.headless,
      ...(o.canvas ? { canvas: o.canvas } : {}),
      ...(o.waits ? { waits: o.waits } : {}),
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(p),
      onEvent,
      onManual,
      handOver,
      wrapHooks: (hooks) => withPreviews(hooks, previews),
      onRunFolder: (dir) => {
        runId = dir.split(/[\\/]/).filter(Boolean).at(-1) ?? null;
        if (runId) ctx.runFolder(runId);
      },
    });
    return { runId: r.manifest.runId, take: takeOutcome(r.frames) };
  } catch (e) {
    // The failed run's folder holds the evidence: let the UI open it.
    if (e && typeof e === 'object') Object.assign(e, { runId });
    throw e;
  }
}

/** Composes a run again; `waits` absent keeps the choice its manifest holds. */
export async function runComposeJob(runDir: string, ctx: JobContext, waits?: WaitsMode): Promise<void> {
  await recompose(runDir, {
    ...(waits ? { waits } : {}),
    signal: ctx.signal,
    onProgress: (stage, fraction, message) => ctx.progress({ stage: stage === 'steps' ? 'pictures' : stage, fraction, message }),
  });
}
