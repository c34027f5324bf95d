// Notes the WebSocket connections a lane's page fails to open (Chrome says so on the page's console), for a step's failure.
import type { Page } from 'puppeteer-core';
import { nowMs } from '../../common/progress';
import type { RunSession, SocketFailure } from './session';

/** Chrome's console line for a WebSocket that did not open: the address, then why. */
const WS_FAILED = /^WebSocket connection to '([^']+)' failed(?:: (.*))?$/;
/** Kept per page: enough to count a page's retries during one step. */
const KEEP = 50;

export function watchSockets(s: RunSession, page: Page): void {
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const f = WS_FAILED.exec(m.text());
    if (!f) return;
    const list = s.socketFailures.get(page) ?? [];
    list.push({ at: nowMs(), url: s.safeUrl(f[1]!.replace(/[?#].*$/, '')), reason: (f[2] ?? '').trim() });
    if (list.length > KEEP) list.shift();
    s.socketFailures.set(page, list);
  });
}

/** A page may open its live connection a little before the step that needs it (Workspace: as it loads). */
const LOOK_BACK_MS = 30_000;

/**
 * For a step that failed: the WebSocket the page failed to open most often during the step or
 * shortly before, a likelier cause than the element that never came (a live page whose server
 * link is refused, e.g. by a proxy that does not pass WebSocket connections). Empty when none failed.
 */
export function socketNote(s: RunSession, page: Page | undefined, stepStarted: number): string {
  const list = (page && s.socketFailures.get(page)?.filter((f) => f.at >= stepStarted - LOOK_BACK_MS)) || [];
  if (!list.length) return '';
  const byUrl = new Map<string, SocketFailure[]>();
  for (const f of list) byUrl.set(f.url, [...(byUrl.get(f.url) ?? []), f]);
  const [url, fails] = [...byUrl.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
  const last = fails.at(-1)!.reason;
  const times = fails.length === 1 ? 'once' : `${fails.length} times`;
  return `; the page's WebSocket connection to ${url} failed ${times} lately${last ? ` (last: "${last}")` : ''}: a proxy that does not pass WebSocket connections, or the server refusing them`;
}
