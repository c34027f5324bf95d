// A step the runner cannot do, handed to the person at the visible windows: prompt, watch, go on by itself.
import type { ElementHandle, Frame, Page } from 'puppeteer-core';
import { stepName } from '../../common/describe-issue';
import { nowMs } from '../../common/progress';
import { maskSecrets } from '../scenario/context';
import type { Step } from '../scenario/schema';
import { cleanDescription, type TargetDescription } from '../scenario/target-description';
import type { FillMissed, TimelineEvent } from '../timeline';
import { MANUAL_TIMEOUT, replaceText, type StepCtx } from './actions';
import { describeHandle } from './element-description';
import { RunError, StepError } from './errors';
import { checkFailIf, POLL_MS, safeEval } from './page-watch';
import { PersonWatch } from './person-watch';
import { release } from './resolve';
import { secs, type RunSession } from './session';
import type { HandOverControl, HandOverInfo } from './types';

type Missed = 'target' | 'waitFor' | 'popup';
type How = Extract<TimelineEvent, { type: 'assist-ended' }>['how'];

const ASSISTABLE = new Set(['click', 'fill', 'press', 'waitFor', 'expect']);

/** Whether this failure is handed to the person, and what was missed; null: it fails as before. */
export function handOverKind(s: RunSession, step: Step, err: StepError): Missed | null {
  const on = s.opts.assist ?? !s.opts.headless;
  if (!on || s.opts.headless || step.assist === false || step.optional || !ASSISTABLE.has(step.action)) return null;
  const m = /\.(target|waitFor|popup)$/.exec(err.field);
  const missed = (m?.[1] as Missed | undefined) ?? null;
  // A popup that never opened, on a step with nothing to wait for: nothing tells the runner it is done.
  if (missed === 'popup' && !step.waitFor) return null;
  return missed;
}

/** What the person is told to do: the step's caption, else its action in plain words; secrets masked. */
function instructionOf(s: RunSession, c: StepCtx, caption: string | undefined, missed: Missed): string {
  const { step } = c;
  const where = `in the "${c.lane.def.title}" window${step.popup ? ' (its popup)' : ''}`;
  const does =
    missed === 'waitFor' && step.action !== 'waitFor' && step.action !== 'expect'
      ? `the runner did the ${step.action}, but the page did not change as expected: finish it ${where}`
      : step.action === 'fill'
        ? `type the value into the field ${where}, or click into the field and choose "Fill it for me"${secretValue(s, c.i) ? ' (a secret: only into a password field)' : ''}`
        : step.action === 'click'
          ? `click it ${where}`
          : step.action === 'press'
            ? `press ${step.key} ${where}`
            : `bring the page ${where} to where the step waits for`;
  return maskSecrets(`${caption ? `${caption} — ` : ''}${does}`, s.opts.context);
}

interface Pending {
  done: boolean;
  stop: boolean;
  /** When "Fill it for me" was asked and not yet done (null: not asked). */
  fill: number | null;
  /** Looks taken for the focused field since that request (a new request starts again). */
  fillLooks: number;
}

/**
 * How long "Fill it for me" waits for a focused field, and how many looks it takes at least:
 * focus moving into a frame from another site reaches the page a moment after the click (its own
 * process), and the request came first. On a busy machine one look across the frames took over
 * the 1.5 s once allowed in all, and the request was dropped after it.
 */
const FILL_FOCUS_GRACE_MS = 5000;
const FILL_FOCUS_LOOKS = 3;

/**
 * Waits for the person to do step `c` by hand. Resolves when it is done: its `waitFor` holds, or
 * (without one) the person clicked in that lane, the field holds the value, the key was pressed,
 * or they said "Done". Throws a StepError when they stop or nothing happens in time.
 */
export async function handOver(s: RunSession, c: StepCtx, err: StepError, missed: Missed, caption: string | undefined): Promise<void> {
  const { step, i } = c;
  const timeoutMs = Math.max(MANUAL_TIMEOUT, step.timeoutMs ?? 0);
  const page = c.scope().page ?? c.lane.page;
  const startedAt = nowMs();
  const watch = await s.guard(PersonWatch.arm(page));
  const pending: Pending = { done: false, stop: false, fill: null, fillLooks: 0 };
  // Selectors and messages are built from templated values: no secret may show in the prompt.
  const reason = maskSecrets(err.message, s.opts.context);
  const lookedFor = err.selectorsTried.map((x) => maskSecrets(x, s.opts.context));
  s.emit({ type: 'assist-started', t: startedAt, index: i, stepId: step.id, laneId: step.lane, action: step.action, missed, reason, lookedFor });
  const info: HandOverInfo = {
    index: i,
    stepId: step.id,
    laneId: step.lane,
    laneTitle: c.lane.def.title,
    action: step.action,
    name: stepName(i, { caption, id: step.id }),
    instruction: instructionOf(s, c, caption, missed),
    lookedFor,
    reason,
    canFill: step.action === 'fill' && missed !== 'waitFor',
    timeoutMs,
  };
  const control: HandOverControl = {
    done: () => void (pending.done = true),
    stop: () => void (pending.stop = true),
    fillForMe: () => {
      pending.fill = nowMs();
      pending.fillLooks = 0;
    },
  };
  try {
    s.opts.onHandOver?.(info, control);
  } catch {
    // the timeline says it too
  }
  let outcome: 'done' | 'stopped' | 'failed' = 'failed';
  try {
    const { how, target } = await waitForPerson(s, c, watch, pending, { startedAt, timeoutMs }, err, missed);
    const clean =
      target && missed === 'target' ? cleanDescription(target, step.value ? [step.value] : [], (t) => maskSecrets(t, s.opts.context) !== t) : undefined;
    s.emit({ type: 'assist-ended', t: nowMs(), startedAt, index: i, stepId: step.id, laneId: step.lane, how, missed, ...(clean ? { target: clean } : {}) });
    outcome = 'done';
  } catch (e) {
    if (pending.stop && e instanceof RunError) outcome = 'stopped';
    throw e;
  } finally {
    await watch.disarm();
    try {
      s.opts.onHandOverEnd?.(i, outcome);
    } catch {
      // as above
    }
  }
}

/** How long a step that came true waits for the report of what the person used (a busy machine delays it). */
const ACT_REPORT_GRACE_MS = 1500;

async function waitForPerson(
  s: RunSession,
  c: StepCtx,
  watch: PersonWatch,
  pending: Pending,
  { startedAt, timeoutMs }: { startedAt: number; timeoutMs: number },
  err: StepError,
  missed: Missed,
): Promise<{ how: How; target: TargetDescription | undefined }> {
  const { step } = c;
  // A fill whose typing worked and only its `waitFor` did not come true: the value is there already.
  const mustFill = step.action === 'fill' && missed !== 'waitFor';
  const deadline = nowMs() + timeoutMs;
  let target: TargetDescription | undefined;
  let seen = 0;
  let filled: 'fill' | 'fill-for-me' | null = null;
  for (;;) {
    const sc = c.scope();
    await checkFailIf(s, step, sc);
    if (pending.stop) throw stoppedByPerson(s, c, startedAt);
    for (; seen < watch.acts.length; seen++) {
      const a = watch.acts[seen]!;
      const relevant = step.action === 'fill' ? a.kind === 'input' : step.action === 'press' ? a.kind === 'key' : a.kind === 'click';
      if (relevant && a.target) target = a.target;
      if (!step.waitFor && step.action === 'click' && a.kind === 'click') return { how: 'click', target };
      if (!step.waitFor && step.action === 'press' && a.kind === 'key' && a.key === step.key) return { how: 'key', target };
    }
    if (pending.fill !== null && mustFill) {
      const t = await fillFocused(s, watch.page, step.value ?? '', secretValue(s, c.i));
      if (typeof t !== 'string') {
        target = t ?? target;
        filled = 'fill-for-me';
        pending.fill = null;
      } else if (++pending.fillLooks >= FILL_FOCUS_LOOKS && nowMs() - pending.fill > FILL_FOCUS_GRACE_MS) {
        // Nothing typed: the person is told why, so a press that did nothing is not a mystery.
        s.emit({ type: 'assist-fill-missed', t: nowMs(), index: c.i, stepId: step.id, laneId: step.lane, why: t });
        pending.fill = null;
      }
    }
    if (pending.done) return { how: 'done', target };
    if (mustFill && !filled && (await s.guard(watch.fieldHolds(step.value ?? '')))) filled = 'fill';
    const holds = step.waitFor ? (await s.guard(safeEval(s, step.waitFor, sc))).ok : false;
    if (filled && (!step.waitFor || holds)) return { how: filled, target };
    if (!mustFill && holds) {
      // The page reports the person's click through a binding, which can arrive after the look that
      // saw its effect: wait a moment for it, so what they used is learnt — the click that did it,
      // not one before it (a switch toggled before "Save" was once learnt as the step's target).
      const latest = () => {
        for (; seen < watch.acts.length; seen++) {
          const a = watch.acts[seen]!;
          if (a.kind === (step.action === 'press' ? 'key' : 'click') && a.target) target = a.target;
        }
      };
      latest();
      const until = nowMs() + ACT_REPORT_GRACE_MS;
      while (nowMs() < until && ((!target && missed === 'target') || (await s.guard(watch.reportsPending())))) {
        await s.sleep(50);
        latest();
      }
      return { how: 'condition', target };
    }
    if (nowMs() >= deadline) throw new StepError(`${err.message}; nobody did it by hand within ${secs(timeoutMs)}`, err.field, err.selectorsTried);
    await s.sleep(POLL_MS);
  }
}

/**
 * The person pressed Stop (or `q`): the run ends as they asked, cancelled like a Ctrl-C, not as
 * a failed step with advice about selectors. What they did on earlier steps is still learnt.
 */
function stoppedByPerson(s: RunSession, c: StepCtx, startedAt: number): RunError {
  const { step, i } = c;
  s.emit({ type: 'assist-stopped', t: nowMs(), startedAt, index: i, stepId: step.id, laneId: step.lane });
  s.interrupt.abort(
    new RunError('cancelled', `stopped at step ${i + 1} "${step.id}" while it was handed to you, as you asked`, {
      appMessage: `Stopped at ${s.stepInWords(i)}, as you asked`,
      calm: true,
    }),
  );
  return s.interrupt.signal.reason as RunError;
}

/** Whether the step's value comes from a secret (`{{secret:…}}`): then "Fill it for me" types it only into a password field. */
function secretValue(s: RunSession, i: number): boolean {
  return /\{\{\s*secret:/.test(s.scenario.steps[i]?.value ?? '');
}

/**
 * The element that has the focus in the lane's page, followed down into the frame it sits in
 * (a sign-in form embedded from another site): an iframe that has the focus hands it to its
 * own document. Null when nothing is focused there.
 */
async function focusedElement(s: RunSession, page: Page): Promise<{ frame: Frame; handle: ElementHandle<Element> } | null> {
  let frame: Frame = page.mainFrame();
  // Frames nest a few deep at most; the bound keeps a page that keeps reloading from looping.
  for (let depth = 0; depth < 8; depth++) {
    const j = await s.guard(frame.evaluateHandle(() => document.activeElement));
    const h = j.asElement() as ElementHandle<Element> | null;
    if (!h) {
      void j.dispose().catch(() => undefined);
      return null;
    }
    const isFrame = await h.evaluate((x) => x.tagName === 'IFRAME' || x.tagName === 'FRAME').catch(() => false);
    if (!isFrame) return { frame, handle: h };
    const inner = await s.guard((h as ElementHandle<HTMLIFrameElement>).contentFrame()).catch(() => null);
    release(h);
    if (!inner) return null;
    frame = inner;
  }
  return null;
}

/**
 * "Fill it for me": types the value into the field that has the focus in the lane's page, or in
 * the frame of it that has the focus. Its description when typed; else why not (the person has
 * not clicked into a field yet, or not into one that may take this value).
 */
async function fillFocused(s: RunSession, page: Page, value: string, secret: boolean): Promise<TargetDescription | null | FillMissed> {
  const focused = await focusedElement(s, page);
  if (!focused) return 'no-field';
  const { frame, handle: h } = focused;
  try {
    // A secret goes only into a password field, where the page itself hides it from the video.
    const kind = await s.guard(
      h.evaluate((a) =>
        a.matches('input[type="password"]')
          ? 'password'
          : a.matches('input, textarea') || (a as HTMLElement).isContentEditable
            ? 'text'
            : a === document.body
              ? 'none'
              : 'other',
      ),
    );
    if (kind === 'none') return 'no-field';
    if (kind === 'other') return 'not-a-field';
    if (secret && kind !== 'password') return 'not-password';
    const d = await describeHandle(frame, h).catch(() => null);
    // The keyboard types into the focused frame, wherever it is.
    await replaceText(s, page, h, value);
    return d;
  } finally {
    release(h);
  }
}
