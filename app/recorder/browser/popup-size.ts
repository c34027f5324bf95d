// Opens popup windows (the Facebook login and consent) at the size their page asked for, as a desktop Chrome would.
import type { Page } from 'puppeteer-core';
import { withTimeout } from '../../common/timeout';
import type { Size } from '../../media/canvas';

/**
 * Popup windows at the size their page asked for, as a desktop Chrome opens them.
 *
 * Headless Chrome opens every `window.open` popup at 800×565 and Chrome under Xvfb (no
 * window manager) at the first window's size, whatever the `width`/`height` features said;
 * the Facebook login and consent dialog then filled the lane instead of looking like the small
 * window a reviewer knows. The pages remember the features of their last `window.open` (this
 * script, in every frame), and the runner gives the popup that size.
 *
 * Plain JavaScript in a string (see cursor.ts). The wrapper calls the original with the same
 * arguments and returns its result, so the page sees no difference.
 */
export const POPUP_FEATURES_SCRIPT = `(() => {
  if (window.__reviewPopupFeatures !== undefined) return;
  window.__reviewPopupFeatures = null;
  var open = window.open;
  window.open = function (url, target, features) {
    try { window.top.__reviewPopupFeatures = String(features == null ? '' : features); } catch (e) { window.__reviewPopupFeatures = String(features == null ? '' : features); }
    return open.apply(this, arguments);
  };
})();`;

/**
 * The content size a `window.open` features string asks for (`width`/`height`, or
 * `innerWidth`/`innerHeight`), kept within `max`; null when it asks for none (a new window
 * the browser sizes itself).
 */
export function requestedPopupSize(features: string | null | undefined, max: Size, min = 200): Size | null {
  if (!features) return null;
  // Names and values are separated by commas or spaces, with optional spaces around "=".
  const value = (names: string[]) => {
    for (const m of features.matchAll(/(?:^|[\s,])([a-z]+)\s*=\s*(\d+)/gi)) {
      if (names.includes(m[1]!.toLowerCase())) return Number(m[2]);
    }
    return null;
  };
  const width = value(['width', 'innerwidth']);
  const height = value(['height', 'innerheight']);
  if (width === null || height === null) return null;
  const clamp = (v: number, hi: number) => Math.max(Math.min(min, hi), Math.min(v, hi));
  return { width: clamp(width, max.width), height: clamp(height, max.height) };
}

/** How long each look at the opener or the popup may take (a slow one leaves the popup as it is). */
const POPUP_LOOK_MS = 1000;

/**
 * Gives `popup` the size its opener asked for (bounded by the lane's own size). Best effort:
 * a page that asked for nothing, a closed popup or a slow opener leaves the popup as it is.
 */
export async function sizePopupAsAsked(opener: Page, popup: Page, max: Size, o: { ownScreen?: boolean } = {}): Promise<Size | null> {
  try {
    const features = await withTimeout(
      opener.evaluate(() => (window as unknown as { __reviewPopupFeatures?: string | null }).__reviewPopupFeatures ?? null),
      POPUP_LOOK_MS,
    );
    const size = requestedPopupSize(features, max);
    if (!size || popup.isClosed()) return null;
    if (o.ownScreen) await placePopupWindow(popup, size, max, POPUP_LOOK_MS);
    else await popup.setViewport({ width: size.width, height: size.height, deviceScaleFactor: 1 });
    // Until the popup has drawn at its new size, its last picture is the old one: a capture
    // starting now got an 800×565 first frame, letterboxed into the 600×700 window.
    await withTimeout(
      popup.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))),
      POPUP_LOOK_MS,
    ).catch(() => undefined);
    return size;
  } catch {
    return null;
  }
}

/**
 * Where a popup window goes on a lane's own screen (`screen`: the lane's CSS size): its page at
 * `content`, its frame (`frame`: the window's own title and address bar, which show the
 * popup's address as on a desktop) above, the whole centred and kept on the screen.
 */
export function popupWindowBounds(content: Size, frame: Size, screen: Size): { left: number; top: number; width: number; height: number } {
  const width = Math.min(screen.width, content.width + frame.width);
  const height = Math.min(screen.height, content.height + frame.height);
  return { left: Math.round((screen.width - width) / 2), top: Math.round((screen.height - height) / 2), width, height };
}

/**
 * Gives a popup window on a lane's own screen the size its page asked for, for real: with no
 * window manager Chrome opens it at the first window's size, covering the lane, and an emulated
 * viewport would leave the rest of that window empty on the screen.
 */
async function placePopupWindow(popup: Page, size: Size, screen: Size, timeoutMs: number): Promise<void> {
  const session = await popup.createCDPSession();
  try {
    const { windowId } = (await withTimeout(session.send('Browser.getWindowForTarget'), timeoutMs)) as { windowId: number };
    const outer = await withTimeout(
      popup.evaluate(() => ({ w: window.outerWidth - window.innerWidth, h: window.outerHeight - window.innerHeight })),
      timeoutMs,
    );
    const bounds = popupWindowBounds(size, { width: Math.max(0, outer.w), height: Math.max(0, outer.h) }, screen);
    await withTimeout(session.send('Browser.setWindowBounds', { windowId, bounds }), timeoutMs);
  } finally {
    await session.detach().catch(() => undefined);
  }
}
