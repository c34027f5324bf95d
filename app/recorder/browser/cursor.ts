/**
 * A large cursor and a click ripple drawn into every page, so a reviewer watching the video
 * sees where the mouse goes and what it clicks (page captures never include the OS cursor).
 *
 * Plain JavaScript in a string, not a serialized function: bundlers and tsx insert helpers
 * (e.g. `__name`) into function bodies that do not exist inside the page. No innerHTML
 * (Facebook enforces Trusted Types) and no style attributes in markup (CSP): only CSSOM and
 * the Web Animations API.
 */
/** Where a lane's cursor is before the runner first moves the mouse: the middle of the page, where its first glide starts (actions.ts). */
export function cursorHome(viewport: { width: number; height: number }): { x: number; y: number } {
  return { x: Math.round(viewport.width / 2), y: Math.round(viewport.height / 2) };
}

/** Hides (or shows again) the page's drawn arrow, e.g. while its popup window has the mouse. */
export const cursorVisibility = (on: boolean) => `window.__reviewCursorShow && window.__reviewCursorShow(${on})`;

export const CURSOR_SCRIPT = `(() => {
  if (window.__reviewCursor) return;
  window.__reviewCursor = true;
  var NS = 'http://www.w3.org/2000/svg';
  var el = null, x = -200, y = -200, hidden = false;
  function place(node, sx, sy) { node.style.transform = 'translate(' + (sx - 4) + 'px, ' + (sy - 3) + 'px)'; }
  function ensure() {
    if (el && el.isConnected) return el;
    var root = document.documentElement;
    if (!root) return null;
    el = document.createElement('div');
    el.setAttribute('aria-hidden', 'true');
    el.setAttribute('data-review-assistant', 'cursor');
    var s = el.style;
    s.position = 'fixed'; s.left = '0'; s.top = '0'; s.width = '48px'; s.height = '48px';
    s.pointerEvents = 'none'; s.zIndex = '2147483647'; s.willChange = 'transform';
    s.visibility = hidden ? 'hidden' : '';
    place(el, x, y);
    // In a shadow tree the page's own rules cannot reach the arrow: a page's "svg { width: 20px }"
    // (the Webitel sandbox has one, as icon sets do) drew it a third of its size.
    var holder = el.attachShadow ? el.attachShadow({ mode: 'closed' }) : el;
    var svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('width', '48'); svg.setAttribute('height', '48'); svg.setAttribute('viewBox', '0 0 24 24');
    svg.style.display = 'block'; svg.style.width = '48px'; svg.style.height = '48px';
    var p = document.createElementNS(NS, 'path');
    p.setAttribute('d', 'M4 2.5 L4 19.5 L8.6 15.3 L11.6 22 L14.6 20.7 L11.7 14.2 L18 14.2 Z');
    p.setAttribute('fill', '#111'); p.setAttribute('stroke', '#fff');
    p.setAttribute('stroke-width', '1.5'); p.setAttribute('stroke-linejoin', 'round');
    svg.appendChild(p); holder.appendChild(svg); root.appendChild(el);
    return el;
  }
  function show(on) { hidden = !on; if (el) el.style.visibility = on ? '' : 'hidden'; }
  // While a popup window has the mouse, the opener's arrow would be a second, frozen pointer on
  // video: the runner hides it (cursorVisibility) and shows it again when the popup closes or the mouse comes back.
  window.__reviewCursorShow = show;
  function move(e) { x = e.clientX; y = e.clientY; if (hidden) show(true); var c = ensure(); if (c) place(c, x, y); }
  function ripple(e) {
    move(e);
    var root = document.documentElement;
    if (!root) return;
    var r = document.createElement('div');
    r.setAttribute('aria-hidden', 'true');
    r.setAttribute('data-review-assistant', 'click');
    var s = r.style;
    s.position = 'fixed'; s.left = (e.clientX - 28) + 'px'; s.top = (e.clientY - 28) + 'px';
    s.width = '56px'; s.height = '56px'; s.borderRadius = '50%'; s.boxSizing = 'border-box';
    s.border = '4px solid rgba(255, 196, 0, 0.95)'; s.background = 'rgba(255, 196, 0, 0.35)';
    s.pointerEvents = 'none'; s.zIndex = '2147483646';
    root.appendChild(r);
    var a = r.animate([{ transform: 'scale(0.4)', opacity: 1 }, { transform: 'scale(1.3)', opacity: 0 }], { duration: 650, easing: 'ease-out' });
    a.onfinish = function () { r.remove(); };
  }
  window.addEventListener('mousemove', move, { capture: true, passive: true });
  window.addEventListener('mousedown', ripple, { capture: true, passive: true });
})();`;
