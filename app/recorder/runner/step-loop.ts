// Plays the scenario's steps in order: scenes, conditions, caption timing, hand-over, evidence, the result of each step.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { writeFileAtomic } from '../../common/atomic-write';
import { nowMs } from '../../common/progress';
import { withTimeout } from '../../common/timeout';
import { renderDeep, renderTemplate } from '../scenario/context';
import type { Step } from '../scenario/schema';
import { performStep, type StepCtx } from './actions';
import { RunError, StepError } from './errors';
import { handOver, handOverKind } from './hand-over';
import { pollCondition } from './page-watch';
import { describeCondition, type Scope } from './resolve';
import { pad, secs, type LaneState, type RunSession } from './session';
import type { StepFailure, StepResult } from './types';
import { socketNote } from './socket-watch';

/** How long a caption shows before its step acts (at most a third of the minimum caption time). */
export const CAPTION_LEAD_MS = 600;

/** Every step in order; throws a RunError at the first that fails (or on cancel). */
export async function playSteps(s: RunSession): Promise<void> {
  s.emit({ type: 'run-started', t: nowMs() });
  let scene = '';
  for (const [i, raw] of s.scenario.steps.entries()) {
    s.currentStep = i;
    if (s.aborted) throw s.interrupt.signal.reason;
    if (raw.scene !== scene) {
      scene = raw.scene;
      const sc = s.scenario.scenes.find((x) => x.id === scene);
      s.emit({ type: 'scene-started', t: nowMs(), sceneId: scene, title: sc?.title ?? scene, permissions: sc?.permissions ?? [] });
    }
    await playStep(s, i, raw);
  }
  s.currentStep = -1;
}

function stepContext(s: RunSession, i: number, raw: Step): StepCtx & { caption: string | undefined; explanation: string | undefined } {
  const { opts, scenario } = s;
  const lane = s.lanes.get(raw.lane) as LaneState;
  const step = renderDeep(raw, opts.context, scenario.vars, 'value', `steps[${i}]`, scenario);
  const display = (t: string | undefined, f: string) =>
    t === undefined ? undefined : renderTemplate(t, opts.context, { mode: 'display', vars: scenario.vars, field: `steps[${i}].${f}`, steps: scenario.steps });
  const scope = (): Scope => ({ page: step.popup ? s.openPopup(lane) : lane.page, popupOpen: () => s.openPopup(lane) !== undefined });
  return { i, step, lane, scope, display, caption: display(raw.caption, 'caption'), explanation: display(raw.explain, 'explain') };
}

async function playStep(s: RunSession, i: number, raw: Step): Promise<void> {
  const res = s.steps[i] as StepResult;
  const c = stepContext(s, i, raw);
  const { step, caption } = c;
  if (caption) res.caption = caption;
  s.progress(0.05 + (0.95 * i) / s.scenario.steps.length, 'steps', caption ?? `${raw.action} ${raw.id}`);
  if (!(await rehearsalGo(s, c, raw, res))) return;
  if (step.when && !(await pollCondition(s, step.when.condition, c.scope, step.when.withinMs))) {
    skip(s, res, step, `condition not met: ${describeCondition(step.when.condition)}`);
    return;
  }
  const started = nowMs();
  s.emit({
    type: 'step-started',
    t: started,
    index: i,
    stepId: step.id,
    sceneId: step.scene,
    laneId: step.lane,
    action: step.action,
    caption: caption ?? '',
    ...(c.explanation ? { explanation: c.explanation } : {}),
  });
  try {
    // The caption appears a moment before its action, as a narrator says what is about to
    // happen (it was read after the page had already changed); part of the minimum hold.
    const lead = caption && s.opts.minCaptionMs ? Math.min(CAPTION_LEAD_MS, s.opts.minCaptionMs / 3) : 0;
    if (lead > 0) await s.sleep(lead);
    await performOrHandOver(s, c, res);
    // Keep a caption on screen long enough to read, however fast the page was.
    const hold = caption && s.opts.minCaptionMs ? s.opts.minCaptionMs - (nowMs() - started) : 0;
    if (hold > 0) await s.sleep(hold);
    res.status = 'passed';
    res.durationMs = Math.round(nowMs() - started);
    await stepScreenshot(s, c, res);
    s.emit({ type: 'step-succeeded', t: nowMs(), index: i, stepId: step.id, durationMs: res.durationMs });
  } catch (e) {
    await stepFailed(s, c, res, e, started);
  }
}

/** The step itself; a miss in a visible run goes to the person (hand-over.ts) before it counts as a failure. */
async function performOrHandOver(s: RunSession, c: StepCtx & { caption: string | undefined }, res: StepResult): Promise<void> {
  try {
    await performStep(s, c);
  } catch (e) {
    if (s.aborted || !(e instanceof StepError)) throw e;
    const missed = handOverKind(s, c.step, e);
    if (!missed) throw e;
    await handOver(s, c, e, missed, c.caption);
    res.assisted = true;
  }
}

/** `--step-through`: asks before the step; false when the person skipped it (or it is not to run). */
async function rehearsalGo(s: RunSession, c: StepCtx & { caption: string | undefined }, raw: Step, res: StepResult): Promise<boolean> {
  if (!s.opts.beforeStep) return true;
  const answer = await s.guard(
    s.opts.beforeStep({
      index: c.i,
      stepId: raw.id,
      laneId: raw.lane,
      action: raw.action,
      caption: c.caption ?? `${raw.action} ${raw.id}`,
      optional: raw.optional === true,
    }),
  );
  if (answer === 'stop') {
    s.interrupt.abort(
      new RunError('cancelled', `stopped before step ${c.i + 1} "${raw.id}"`, {
        hint: 'run again when ready',
        appMessage: `Stopped before ${s.stepInWords(c.i)}`,
      }),
    );
    throw s.interrupt.signal.reason;
  }
  if (answer === 'skip' && raw.optional) {
    skip(s, res, c.step, 'skipped by the person (step-through)');
    return false;
  }
  return true;
}

function skip(s: RunSession, res: StepResult, step: Step, reason: string, durationMs?: number): void {
  res.status = 'skipped';
  res.note = reason;
  if (durationMs !== undefined) res.durationMs = Math.round(durationMs);
  s.emit({ type: 'step-skipped', t: nowMs(), index: res.index, stepId: step.id, reason });
}

async function stepScreenshot(s: RunSession, c: StepCtx, res: StepResult): Promise<void> {
  const { step, i } = c;
  if (!((step.screenshot || s.opts.screenshotEveryStep || step.action === 'screenshot') && s.opts.evidenceDir)) return;
  const page = c.scope().page;
  if (!page) return;
  const file = path.join(s.opts.evidenceDir, 'steps', `${pad(i)}-${step.id}.png`);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await s.guard(page.screenshot({ path: file as `${string}.png` }));
  res.screenshot = file;
}

/** Records a step that did not work out: skipped when optional, else evidence and a RunError. */
async function stepFailed(s: RunSession, c: StepCtx, res: StepResult, e: unknown, started: number): Promise<void> {
  const { step, i } = c;
  if (s.aborted) {
    const reason = s.interrupt.signal.reason as RunError;
    // Stopped by the person while the step was theirs: it was not done, it did not fail.
    res.status = reason.calm ? 'not-run' : 'failed';
    res.note = reason.message;
    res.durationMs = Math.round(nowMs() - started);
    s.emit({ type: 'step-failed', t: nowMs(), index: i, stepId: step.id, error: reason.message });
    throw reason;
  }
  const waited = nowMs() - started;
  const se = e instanceof StepError ? e : new StepError(stepMessage(e), `steps[${i}]`);
  if (step.optional) {
    skip(s, res, step, `optional step did not work out: ${se.message}`, waited);
    return;
  }
  const page = c.scope().page ?? c.lane.page;
  // A stop or a problem the page reports says its own cause; any other failure of a step that
  // knows its likely cause (an element that never came) says that too.
  const likely = step.ifFails && !/\.(stopIf\[\d+\]|failIf)$/.test(se.field) ? step.ifFails : undefined;
  const reason = `${se.message}${socketNote(s, page, started)}${likely ? `; most likely ${likely.cause}` : ''}`;
  const failure: StepFailure = {
    index: i,
    stepId: step.id,
    laneId: step.lane,
    field: se.field,
    reason,
    selectorsTried: se.selectorsTried,
    waitedMs: Math.round(waited),
    url: page && !page.isClosed() ? s.safeUrl(page.url()) : '',
  };
  await saveEvidence(s, page, i, step.id, failure);
  res.status = 'failed';
  res.note = reason;
  res.durationMs = Math.round(waited);
  s.emit({ type: 'step-failed', t: nowMs(), index: i, stepId: step.id, error: reason });
  throw new RunError(
    'external',
    `step ${i + 1}/${s.scenario.steps.length} "${step.id}" (lane "${step.lane}", ${step.action}) failed after ${secs(waited)}: ${reason}${failure.url ? ` — page ${failure.url}` : ''}`,
    {
      failure,
      appMessage: `${s.stepInWords(c.i)} (in the ${c.lane.def.title} window) did not work after ${secs(waited)}: ${reason}${failure.url ? ` — page ${failure.url}` : ''}`,
      hint:
        (se.hint ?? likely?.todo)
          ? `${se.hint ?? likely?.todo}${failure.screenshot ? ` (what the page showed: ${failure.screenshot})` : ''}`
          : failure.screenshot
            ? `look at ${failure.screenshot} and ${failure.html} to see what the page showed; fix the scenario's selectors or the profile values`
            : s.opts.evidenceDir && s.unanswered
              ? "the page did not answer, so no picture of it could be kept; look at the page's scripts (a loop or a long task), or give the step more time (timeoutMs)"
              : 'run again with an evidence folder to keep a screenshot; fix the scenario or the profile values',
    },
  );
}

/** How long a page that went unanswered gets to show it answers again before its evidence is skipped. */
const EVIDENCE_PROBE_MS = 2000;

/**
 * The failed step's page as a picture and its HTML, taken side by side. A page that did not
 * answer the step's looks is asked once more, briefly: one that still does not answer can give
 * neither, and waiting out both (10 s each) held a failed run 20 s longer.
 */
async function saveEvidence(s: RunSession, page: Page | undefined, i: number, id: string, failure: StepFailure): Promise<void> {
  if (!s.opts.evidenceDir || !page || page.isClosed()) return;
  if (
    s.unanswered &&
    !(await withTimeout(
      page.evaluate(() => 1),
      EVIDENCE_PROBE_MS,
    ).catch(() => null))
  )
    return;
  const base = path.join(s.opts.evidenceDir, 'steps', `${pad(i)}-${id}-failed`);
  await fs.mkdir(path.dirname(base), { recursive: true }).catch(() => undefined);
  await Promise.all([
    withTimeout(page.screenshot({ path: `${base}.png` }), 10_000).then(
      () => (failure.screenshot = `${base}.png`),
      () => undefined, // a dead page has no picture; the HTML may still come
    ),
    withTimeout(page.content(), 10_000)
      .then((html) => writeFileAtomic(`${base}.html`, html, 0o644))
      .then(
        () => (failure.html = `${base}.html`),
        () => undefined, // as above
      ),
  ]);
}

function stepMessage(e: unknown): string {
  const m = (e as Error)?.message ?? String(e);
  return m.split('\n')[0] ?? m;
}
