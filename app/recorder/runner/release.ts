// Lets the page forget element handles, without waiting for it.
import type { ElementHandle } from 'puppeteer-core';

/**
 * Never awaited: a page that is navigating away (a login click) can leave the release unanswered
 * until the protocol gives up, and nothing waits on it.
 */
export function release(...handles: Array<ElementHandle<Node> | null | undefined>): void {
  for (const h of handles) void h?.dispose().catch(() => undefined);
}
