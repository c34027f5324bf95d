// Whether a click meant for an element inside a frame reached that frame (Chrome can send it to the page around it).
import type { ElementHandle, Frame } from 'puppeteer-core';
import { nowMs } from '../../common/progress';
import type { RunSession } from './session';

/**
 * Chrome routes a click by where it last saw each frame drawn: a frame from another site
 * (its own process) whose pictures are not in yet, as on a loaded machine, has the click
 * meant for it sent to the page around it, which only focuses the iframe. The frame counts
 * the presses it receives, so the click can be made again instead of silently doing nothing.
 */
type Counted = Window & { __raPresses?: { n: number } };

/** The frame the element lives in, when that is not the page's main frame; else null. */
export function childFrameOf(h: ElementHandle<Element>, main: Frame): Frame | null {
  const f = h.frame;
  return f && f !== main ? f : null;
}

/** Starts (or restarts) counting the presses the frame receives. False when the frame cannot be asked (then nothing is checked). */
export async function armPressCount(s: RunSession, frame: Frame): Promise<boolean> {
  try {
    await s.guard(
      frame.evaluate(() => {
        const w = window as Counted;
        if (!w.__raPresses) {
          const counter = { n: 0 };
          w.__raPresses = counter;
          // The capture phase on the window hears a press before the page can stop it.
          addEventListener('mousedown', () => void counter.n++, true);
        }
        w.__raPresses.n = 0;
      }),
    );
    return true;
  } catch (e) {
    if (s.aborted) throw e;
    return false;
  }
}

/** How long a click's press may take to be counted in its frame (the frame's process may be busy). */
const PRESS_REPORT_MS = 1000;

/**
 * Whether the frame received a press since it was armed. A frame that went away or navigated
 * counts as reached: the click did something there.
 */
export async function pressReached(s: RunSession, frame: Frame): Promise<boolean> {
  const until = nowMs() + PRESS_REPORT_MS;
  for (;;) {
    let n: number | null;
    try {
      n = await s.guard(frame.evaluate(() => (window as Counted).__raPresses?.n ?? null));
    } catch (e) {
      if (s.aborted) throw e;
      return true;
    }
    if (n === null || n > 0) return true;
    if (nowMs() >= until) return false;
    await s.sleep(100);
  }
}
