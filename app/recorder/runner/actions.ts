// What each step action does in a lane's page: go to, click as a person would, fill, press, wait, manual.
import type { ElementHandle, Page } from 'puppeteer-core';
import { nowMs } from '../../common/progress';
import { cursorHome } from '../browser/cursor';
import type { Condition, Step, Target } from '../scenario/schema';
import { describeTarget } from '../scenario/selectors';
import { StepError } from './errors';
import { armPressCount, childFrameOf, pressReached } from './frame-click';
import { isBusyElement, POLL_MS, pollCondition, safeEval, settle, targetBusy, ranOutNote, waitForPage, waitForTarget } from './page-watch';
import { conditionSelectors, describeCondition, isTransient, release, type Scope } from './resolve';
import { secs, type LaneState, type RunSession } from './session';

const DEFAULT_TIMEOUT = 15_000;
const GOTO_TIMEOUT = 30_000;
export const MANUAL_TIMEOUT = 10 * 60_000;
const CAPTION_HOLD = 2500;
/** A click whose effect does not show this soon, while its `when` still holds, is tried again. */
const RECLICK_AFTER_MS = 4000;

/** A run nobody watches or records (RunOptions.pace): no typing, gliding or holding for a viewer. */
const brisk = (s: RunSession) => s.opts.pace === 'brisk';

/** One step being played: its index, templated step, lane and where it looks. */
export interface StepCtx {
  i: number;
  step: Step;
  lane: LaneState;
  scope: () => Scope;
  /** A step text templated for showing (secrets masked). */
  display: (t: string | undefined, f: string) => string | undefined;
  /** What lay over the target where the step's last click landed (a dialog, a banner), for its failure. */
  coveredBy?: string;
}

/** How long a step may take (its own `timeoutMs`, else the action's default). */
export function stepTimeout(s: RunSession, step: Step): number {
  if (step.timeoutMs) return step.timeoutMs;
  if (step.action === 'manual') return MANUAL_TIMEOUT;
  if (step.action === 'goto') return Math.max(GOTO_TIMEOUT, s.opts.defaultTimeoutMs ?? 0);
  return s.opts.defaultTimeoutMs ?? DEFAULT_TIMEOUT;
}

/** Plays one step; throws a StepError when it does not work out within its time. */
export async function performStep(s: RunSession, c: StepCtx): Promise<void> {
  const { step, i } = c;
  const timeout = stepTimeout(s, step);
  const deadline = nowMs() + timeout;
  const page = await waitForPage(s, c.lane, step, deadline, i);
  switch (step.action) {
    case 'goto':
      await gotoUrl(s, page, step.url as string, timeout, i);
      break;
    case 'click':
      if (await clickStep(s, c, page, deadline)) return;
      break;
    case 'fill':
      await fillStep(s, c, page, deadline);
      break;
    case 'press':
      if (step.target) {
        const h = await waitForTarget(s, page, step.target, deadline, i, step, c.scope);
        await s.guard(h.focus());
        release(h);
      }
      await s.guard(page.keyboard.press(step.key as Parameters<Page['keyboard']['press']>[0]));
      break;
    case 'waitFor':
    case 'expect': {
      const cond = step.waitFor as Condition;
      if (!(await pollCondition(s, cond, c.scope, Math.max(0, deadline - nowMs()), step))) {
        const what = step.action === 'expect' ? 'expected' : 'waited for';
        throw new StepError(
          `${what} ${describeCondition(cond)}, which did not happen within ${secs(timeout)}${ranOutNote(s)}`,
          `steps[${i}].waitFor`,
          conditionSelectors(cond),
        );
      }
      return;
    }
    case 'caption':
      if (!brisk(s)) await s.sleep(step.durationMs ?? CAPTION_HOLD);
      return;
    case 'pause':
      if (!brisk(s)) await s.sleep(step.durationMs ?? 0);
      return;
    case 'manual':
      await manualStep(s, c, deadline, timeout);
      break;
    case 'screenshot':
      return;
  }
  // What must hold after acting (e.g. the switch confirmed on, the URL left the login page).
  if (step.waitFor && !(await pollCondition(s, step.waitFor, c.scope, Math.max(0, deadline - nowMs()), step))) {
    throw new StepError(
      `after the ${step.action}, ${describeCondition(step.waitFor)} did not happen within ${secs(timeout)}${coverNote(c)}${ranOutNote(s)}`,
      `steps[${i}].waitFor`,
      conditionSelectors(step.waitFor),
    );
  }
}

async function gotoUrl(s: RunSession, page: Page, url: string, timeout: number, i: number): Promise<void> {
  try {
    await s.guard(page.goto(url, { waitUntil: 'domcontentloaded', timeout }));
  } catch (e) {
    if (s.aborted) throw e;
    throw new StepError(`could not open ${s.safeUrl(url)}: ${(e as Error).message.split('\n')[0]}`, `steps[${i}].url`);
  }
}

/** Clicks the target; true when the step's `waitFor` was already seen to hold (nothing left to check). */
async function clickStep(s: RunSession, c: StepCtx, page: Page, deadline: number): Promise<boolean> {
  const { step } = c;
  const target = step.target as Target;
  release(await humanClick(s, c, page, target, deadline));
  // A page that re-rendered under the click (a late table refresh) shows no effect while the
  // step's precondition still holds: click once more rather than fail.
  if (!step.waitFor || !step.when) return false;
  for (let attempt = 0; attempt < 2;) {
    const wait = Math.min(RECLICK_AFTER_MS, Math.max(0, deadline - nowMs()));
    if (await pollCondition(s, step.waitFor, c.scope, wait, step)) return true;
    if (nowMs() >= deadline || !(await s.guard(safeEval(s, step.when.condition, c.scope()))).ok) break;
    // A button still loading is the click at work (Workspace's "Ok" loads for 5 s or
    // more while the session opens): wait on, never click it again.
    if (await targetBusy(s, page, target)) continue;
    attempt++;
    release(await humanClick(s, c, page, target, deadline));
  }
  return false;
}

async function fillStep(s: RunSession, c: StepCtx, page: Page, deadline: number): Promise<void> {
  const h = await humanClick(s, c, page, c.step.target as Target, deadline);
  try {
    await replaceText(s, page, h, c.step.value ?? '');
  } finally {
    release(h);
  }
}

/** Clears what the field holds and types `value` into it, as a person would (it has the focus). */
export async function replaceText(s: RunSession, page: Page, h: ElementHandle<Element>, value: string): Promise<void> {
  const kind = await s.guard(h.evaluate((el) => ('value' in el ? 'input' : 'editable')));
  const filled = await s.guard(h.evaluate((el) => ('value' in el ? String((el as HTMLInputElement).value).length > 0 : (el.textContent ?? '').length > 0)));
  if (filled) {
    if (kind === 'input') await s.guard(h.evaluate((el) => (el as HTMLInputElement).select()));
    else {
      const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
      await s.guard(page.keyboard.down(mod));
      await s.guard(page.keyboard.press('KeyA'));
      await s.guard(page.keyboard.up(mod));
    }
    await s.guard(page.keyboard.press('Backspace'));
  }
  await s.guard(page.keyboard.type(value, { delay: brisk(s) ? 0 : 35 }));
}

/**
 * Runs in the page: what the point (x, y) hits when it is not the element, something inside it
 * or around it (a shadow host counts as around), described by the dialog it belongs to or itself;
 * null when the element is on top there.
 */
function coverAt(el: Element, x: number, y: number): string | null {
  const hit = document.elementFromPoint(x, y);
  if (!hit || el.contains(hit)) return null;
  for (let n: Node | null = el; n; n = n.parentNode ?? (n as ShadowRoot).host ?? null) if (n === hit) return null;
  const box = hit.closest('[role="dialog"], [role="alertdialog"], [aria-modal="true"]') ?? hit;
  const name = (box.getAttribute('aria-label') ?? box.querySelector('h1, h2, h3, [role="heading"]')?.textContent ?? box.textContent ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  const what = box.getAttribute('role') ?? box.tagName.toLowerCase();
  return name ? `${what} "${name.length > 70 ? `${name.slice(0, 69)}…` : name}"` : what;
}

/** Says where the step's click landed when something lay over its target there. */
function coverNote(c: StepCtx): string {
  return c.coveredBy ? `; the click landed on ${c.coveredBy}, which lay over the target (close it, or add a step that does)` : '';
}

async function manualStep(s: RunSession, c: StepCtx, deadline: number, timeout: number): Promise<void> {
  const { step, i } = c;
  const m = step.manual as NonNullable<Step['manual']>;
  const prompt = c.display(m.prompt, 'manual.prompt') ?? '';
  s.emit({ type: 'manual-waiting', t: nowMs(), index: i, laneId: step.lane, prompt });
  try {
    s.opts.onManual?.(prompt, { index: i, stepId: step.id, laneId: step.lane, timeoutMs: timeout });
  } catch {
    // the prompt is shown elsewhere too (timeline)
  }
  const ok = await pollCondition(s, m.until, c.scope, Math.max(0, deadline - nowMs()), step);
  if (!ok)
    throw new StepError(
      `nobody completed the manual step within ${secs(timeout)} (waiting for ${describeCondition(m.until)})${ranOutNote(s)}`,
      `steps[${i}].manual.until`,
      conditionSelectors(m.until),
    );
}

async function moveMouse(s: RunSession, lane: LaneState, page: Page, x: number, y: number): Promise<void> {
  const from = lane.mouse.get(page) ?? cursorHome(lane.def.viewport);
  // Re-announce the position first: a new document has not seen the cursor yet.
  await s.guard(page.mouse.move(from.x, from.y));
  const dist = Math.hypot(x - from.x, y - from.y);
  const n = brisk(s) ? 1 : Math.max(6, Math.min(30, Math.round(dist / 25)));
  for (let k = 1; k <= n; k++) {
    const t = k / n;
    const e = t < 0.5 ? 2 * t * t : 1 - Math.pow(-2 * t + 2, 2) / 2;
    await s.guard(page.mouse.move(from.x + (x - from.x) * e, from.y + (y - from.y) * e));
    if (n > 1) await s.sleep(16);
  }
  lane.mouse.set(page, { x, y });
}

/** A click into a frame that never reached it is made again, this many times in all. */
const FRAME_CLICK_TRIES = 3;

/** Finds, scrolls to, waits until enabled, glides the cursor there and clicks; retries if the element is re-rendered or a frame's click went astray. */
async function humanClick(s: RunSession, c: StepCtx, page: Page, target: Target, deadline: number): Promise<ElementHandle<Element>> {
  const { i, step } = c;
  let missedFrame = 0;
  for (;;) {
    await settle(s, page);
    const h = await waitForTarget(s, page, target, deadline, i, step, c.scope);
    try {
      await s.guard(h.evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' })));
      const disabled =
        (await s.guard(h.evaluate((el) => (el as HTMLButtonElement).disabled === true || el.getAttribute('aria-disabled') === 'true'))) ||
        (await s.guard(h.evaluate(isBusyElement)));
      if (disabled) {
        release(h);
        if (nowMs() >= deadline) throw new StepError('the element stayed disabled', `steps[${i}].target`, describeTarget(target));
        await s.sleep(POLL_MS);
        continue;
      }
      const pt = await s.guard(h.clickablePoint());
      await moveMouse(s, c.lane, page, pt.x, pt.y);
      const frame = childFrameOf(h, page.mainFrame());
      if (frame === null) c.coveredBy = (await s.guard(h.evaluate(coverAt, pt.x, pt.y))) ?? undefined;
      const checked = frame !== null && (await armPressCount(s, frame));
      await s.guard(page.mouse.click(pt.x, pt.y, { delay: 60 }));
      if (checked && !(await pressReached(s, frame)) && ++missedFrame < FRAME_CLICK_TRIES && nowMs() < deadline) {
        release(h);
        continue;
      }
      return h;
    } catch (e) {
      if (e instanceof StepError || s.aborted) throw e;
      release(h);
      const m = (e as Error).message;
      if (nowMs() >= deadline) throw new StepError(`could not click: ${m}`, `steps[${i}].target`, describeTarget(target));
      if (!isTransient(e) && !/not clickable|not visible|no layout|detached/i.test(m)) throw e;
      await s.sleep(POLL_MS);
    }
  }
}
