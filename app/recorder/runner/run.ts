// Plays a scenario in one browser per lane: launch (launch-lanes.ts), steps (step-loop.ts), then close.
import { UserError } from '../../common/errors';
import { nowMs } from '../../common/progress';
import { discoverBrowser } from '../browser/discover';
import { checkContext } from '../scenario/context';
import { RunError } from './errors';
import { closeLanes, launchLanes, type Launched } from './launch-lanes';
import { RunSession } from './session';
import { playSteps } from './step-loop';
import type { RunOptions, RunResult, StepFailure } from './types';

export { CAPTURE_WARMUP_MS, captureWarmup } from './launch-lanes';
export { maskUrl } from './session';
export { CAPTION_LEAD_MS } from './step-loop';

/**
 * Plays a scenario: one browser process per lane, steps in order, a timeline of what happened.
 * Resolves when every step passed; otherwise throws a RunError (kind 'external' or 'cancelled')
 * carrying the partial result. Every browser is closed before it returns or throws.
 */
export async function runScenario(opts: RunOptions): Promise<RunResult> {
  checkContext(opts.scenario, opts.context);
  const found = discoverBrowser({ override: opts.browserPath, env: opts.env ?? process.env });
  const s = new RunSession(opts, found);
  const launched: Launched = { tmpProfiles: undefined, warmup: undefined };
  const result = (status: RunResult['status'], failure?: StepFailure): RunResult => ({
    ok: status === 'passed',
    status,
    steps: s.steps,
    timeline: s.timeline,
    ...(opts.evidenceDir ? { evidenceDir: opts.evidenceDir } : {}),
    browser: { name: found.name, path: found.path },
    lanes: s.laneRuns,
    ...(launched.warmup ? { warmup: launched.warmup } : {}),
    ...(failure ? { failure } : {}),
  });
  const onCancel = () => s.cancel();
  if (opts.signal?.aborted) onCancel();
  opts.signal?.addEventListener('abort', onCancel, { once: true });
  try {
    await launchLanes(s, launched);
    await playSteps(s);
    s.progress(1, 'steps', 'all steps passed');
    s.emit({ type: 'run-finished', t: nowMs(), status: 'passed' });
    return result('passed');
  } catch (e) {
    const cancelled = e instanceof UserError && e.kind === 'cancelled';
    s.emit({ type: 'run-finished', t: nowMs(), status: cancelled ? 'cancelled' : 'failed' });
    if (e instanceof RunError) {
      e.result = result(cancelled ? 'cancelled' : 'failed', e.failure);
      throw e;
    }
    if (e instanceof UserError) throw e;
    throw new RunError('external', `the run stopped: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  } finally {
    opts.signal?.removeEventListener('abort', onCancel);
    await closeLanes(s, launched.tmpProfiles);
  }
}
