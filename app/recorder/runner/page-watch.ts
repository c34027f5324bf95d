// Looks at a lane's page until something holds: conditions, `failIf`/`stopIf`, a target appearing, the page settling.
import type { ElementHandle, Page } from 'puppeteer-core';
import { nowMs } from '../../common/progress';
import { withTimeout } from '../../common/timeout';
import type { Condition, Step, Target } from '../scenario/schema';
import { describeTarget } from '../scenario/selectors';
import { StepError } from './errors';
import { describeCondition, evalCondition, findTarget, isTransient, isUnanswered, release, type ConditionResult, type Scope } from './resolve';
import { secs, type LaneState, type RunSession } from './session';

export const POLL_MS = 120;
const SETTLE_QUIET_MS = 250;
const SETTLE_MAX_MS = 2500;

/** A condition, looked at once; a page between documents or not answering counts as "not yet". */
export async function safeEval(s: RunSession, c: Condition, scope: Scope): Promise<ConditionResult> {
  try {
    const r = await withTimeout(evalCondition(c, scope), s.pageAnswerMs);
    s.unanswered = false;
    return r;
  } catch (e) {
    if (isTransient(e)) return { ok: false };
    if (isUnanswered(e)) {
      s.unanswered = true;
      return { ok: false };
    }
    throw e;
  }
}

/**
 * Polls until the condition holds (true) or `withinMs` ran out (false); `guarded` checks that
 * step's failIf/stopIf on each look. A deadline that passes while the page is not answering says
 * nothing about the page (a machine busy for a moment, a script holding the page's thread), so
 * such a wait, like `waitForTarget`, gets one more look, bounded like every look, before it gives up.
 */
export async function pollCondition(s: RunSession, c: Condition, scope: () => Scope, withinMs: number, guarded?: Step): Promise<boolean> {
  const deadline = nowMs() + withinMs;
  let lastLook = false;
  for (;;) {
    const sc = scope();
    if (guarded) await checkFailIf(s, guarded, sc);
    if ((await s.guard(safeEval(s, c, sc))).ok) return true;
    if (nowMs() >= deadline) {
      if (lastLook || !s.unanswered) return false;
      lastLook = true;
      continue;
    }
    await s.sleep(POLL_MS);
  }
}

/**
 * Said after a wait that ran out: the page not answering its last look, or a `stopIf` state seen
 * on the last looks but not yet for its `forMs` (the likelier causes).
 */
export function ranOutNote(s: RunSession): string {
  const now = nowMs();
  const pending = [...s.stopsSeen.entries()]
    .filter(([, v]) => now - v.last <= STOP_SEEN_GAP_MS)
    .map(([cause, v]) => `; meanwhile ${cause} (seen for ${secs(now - v.since)}; the run stops at ${secs(v.forMs)})`);
  return `${pending.join('')}${s.unanswered ? `; the page did not answer the last look within ${secs(s.pageAnswerMs)} (its scripts busy or frozen)` : ''}`;
}

/** A `stopIf` state not seen for this long (no look at it, or a look that did not see it) starts its `forMs` again. */
const STOP_SEEN_GAP_MS = 3000;

/** A step's `failIf` and `stopIf`: the page shows a failure, or a state the run cannot go past. */
export async function checkFailIf(s: RunSession, step: Step, sc: Scope): Promise<void> {
  for (const [k, stop] of (step.stopIf ?? []).entries()) {
    const r = await s.guard(safeEval(s, stop.if, sc));
    if (!stop.forMs) {
      if (r.ok) throw new StepError(stop.cause, `steps[${s.currentStep}].stopIf[${k}]`, [], stop.todo);
      continue;
    }
    // Keyed by cause, so the time runs on across the steps that carry the same stop.
    const now = nowMs();
    const seen = s.stopsSeen.get(stop.cause);
    if (!r.ok) {
      s.stopsSeen.delete(stop.cause);
      continue;
    }
    const since = seen && now - seen.last <= STOP_SEEN_GAP_MS ? seen.since : now;
    s.stopsSeen.set(stop.cause, { since, last: now, forMs: stop.forMs });
    if (now - since >= stop.forMs) throw new StepError(`${stop.cause} (for ${secs(now - since)})`, `steps[${s.currentStep}].stopIf[${k}]`, [], stop.todo);
  }
  if (!step.failIf) return;
  const failIf = step.failIf;
  const r = await s.guard(safeEval(s, failIf, sc));
  if (r.ok) throw new StepError(`the page reports a problem${r.text ? `: "${r.text}"` : ` (${describeCondition(failIf)})`}`, `steps[${s.currentStep}].failIf`);
}

/** Before acting, let the page finish what it is loading (a table refresh would eat the click); capped. */
export async function settle(s: RunSession, page: Page): Promise<void> {
  const n = s.inflight.get(page);
  if (!n) return;
  const until = nowMs() + SETTLE_MAX_MS;
  while (nowMs() < until && (n.count > 0 || nowMs() - n.lastChange < SETTLE_QUIET_MS)) await s.sleep(50);
}

/** The page a step acts on: the lane's main window, or (a `popup` step) its popup once open. */
export async function waitForPage(s: RunSession, lane: LaneState, step: Step, deadline: number, i: number): Promise<Page> {
  if (!step.popup) return lane.page;
  for (;;) {
    const p = s.openPopup(lane);
    if (p) return p;
    if (nowMs() >= deadline) throw new StepError(`no popup window of lane "${lane.def.id}" was open`, `steps[${i}].popup`);
    await s.sleep(POLL_MS);
  }
}

export async function waitForTarget(
  s: RunSession,
  page: Page,
  target: Target,
  deadline: number,
  i: number,
  step: Step,
  scope: () => Scope,
): Promise<ElementHandle<Element>> {
  let lastLook = false;
  for (;;) {
    await checkFailIf(s, step, scope());
    if (page.isClosed()) throw new StepError('the window closed before the element appeared', `steps[${i}].target`, describeTarget(target));
    // Each look is bounded, as conditions are: a page whose scripts hold its thread once kept a
    // click step waiting for the protocol's minute, then failed with puppeteer's advice to raise
    // protocolTimeout. Now the step ends near its own deadline and says the page did not answer.
    const look = findTarget(page, target, true);
    let f: Awaited<typeof look> = null;
    try {
      lastLook = nowMs() >= deadline;
      f = await s.guard(withTimeout(look, Math.round(lastLook ? s.pageAnswerMs : Math.max(1000, Math.min(s.pageAnswerMs, deadline - nowMs())))));
      s.unanswered = false;
    } catch (e) {
      if (s.aborted || !isUnanswered(e)) throw e;
      s.unanswered = true;
      // Answered after all, later: let go of what it found.
      look.then(
        (late) => late && release(late.handle),
        () => undefined,
      );
    }
    if (f) return f.handle;
    if (nowMs() >= deadline && (lastLook || !s.unanswered))
      throw new StepError(
        s.unanswered
          ? `the page did not answer within the step's time (its scripts busy or frozen)`
          : `none of the selectors matched a visible element${ranOutNote(s)}`,
        `steps[${i}].target`,
        describeTarget(target),
      );
    await s.sleep(POLL_MS);
  }
}

/** The target's element is in a loading (busy) state, or gone: either way not to be clicked again. */
export async function targetBusy(s: RunSession, page: Page, target: Target): Promise<boolean> {
  if (page.isClosed()) return true;
  let f: Awaited<ReturnType<typeof findTarget>>;
  try {
    f = await s.guard(withTimeout(findTarget(page, target, false), s.pageAnswerMs));
  } catch (e) {
    // A page that does not answer is at work (a navigation, a busy script): no second click.
    if (s.aborted) throw e;
    return isUnanswered(e);
  }
  if (!f) return false;
  try {
    return await s.guard(withTimeout(f.handle.evaluate(isBusyElement), s.pageAnswerMs));
  } catch (e) {
    if (s.aborted) throw e;
    return isUnanswered(e);
  } finally {
    release(f.handle);
  }
}

/**
 * Runs in the page: a button showing its loading state (PrimeVue's `p-button--loading`, Webitel's
 * `wt-button` loader, `aria-busy`). Self-contained, because puppeteer sends its source to the page.
 */
export const isBusyElement = (el: Element): boolean => {
  const b = el.closest('button, [role="button"]') ?? el;
  return b.classList.contains('p-button--loading') || b.getAttribute('aria-busy') === 'true' || b.querySelector('.p-button-loading-icon, .wt-loader') !== null;
};
