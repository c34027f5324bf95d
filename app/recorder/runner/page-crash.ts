// A lane's page that crashes (Chrome's "Aw, Snap!") is loaded again once, as a person would; one that crashes again ends the run at once, naming the window.
import type { Page } from 'puppeteer-core';
import { nowMs } from '../../common/progress';
import { RunError } from './errors';
import type { LaneState, RunSession } from './session';

/** Loads of a crashed page a run makes per window before it gives up on it. */
export const CRASH_RELOADS = 1;

const RELOAD_TIMEOUT_MS = 30_000;

/**
 * Watches `page` (a lane's window, or its popup) for a renderer crash. Without this a crashed page
 * only stopped answering: the step waited out its time and said the page was frozen. A renderer
 * can crash under load (RELIABILITY.md), and a person would press Reload: the page is loaded
 * again at its last address by a plain GET (never a form sent again), and the step's wait goes on
 * with the new document.
 */
export function watchCrashes(s: RunSession, lane: LaneState, page: Page, popup: boolean): void {
  let reloads = 0;
  // puppeteer's 'error' event is the page's renderer crashing.
  page.on('error', () => {
    if (s.closing || s.aborted) return;
    const url = page.url();
    const reloaded = reloads < CRASH_RELOADS && /^https?:/i.test(url);
    s.emit({ type: 'page-crashed', t: nowMs(), laneId: lane.def.id, url: s.safeUrl(url), popup, reloaded });
    if (reloaded) {
      reloads++;
      void page.goto(url, { waitUntil: 'domcontentloaded', timeout: RELOAD_TIMEOUT_MS }).catch(() => undefined);
      return;
    }
    s.interrupt.abort(crashError(s, lane, popup, url, reloads));
  });
}

function crashError(s: RunSession, lane: LaneState, popup: boolean, url: string, reloads: number): RunError {
  const { id, title } = lane.def;
  const where = popup ? `the popup window of lane "${id}" (${title})` : `the page of lane "${id}" (${title})`;
  const { plain: at, inWords: atInWords } = s.duringStep();
  const again = reloads > 0 ? ' again after it was loaded again' : '';
  return new RunError('external', `${where} crashed${again}${at} (${s.safeUrl(url)})`, {
    hint: 'the browser could not show this page (too little memory, or a browser fault): run again; if it keeps happening, try another browser (REVIEW_ASSISTANT_BROWSER)',
    appMessage: `${popup ? `The popup of the ${title} window` : `The ${title} window's page`} crashed${again}${atInWords}`,
    appHint: 'record again; if it keeps happening, close other programs or try another browser',
  });
}
