/**
 * A large cursor and a click ripple drawn into every page, so a reviewer watching the video
 * sees where the mouse goes and what it clicks (page captures never include the OS cursor).
 * Runs in the page: self-contained, no innerHTML (Facebook enforces Trusted Types) and no
 * style attributes in markup (CSP), only CSSOM and the Web Animations API.
 */
export function installReviewCursor(): void {
  const w = window as unknown as { __reviewCursor?: boolean };
  if (w.__reviewCursor) return;
  w.__reviewCursor = true;
  const NS = 'http://www.w3.org/2000/svg';
  let el: HTMLElement | null = null;
  let x = -200;
  let y = -200;

  const ensure = (): HTMLElement | null => {
    if (el && el.isConnected) return el;
    const root = document.documentElement;
    if (!root) return null;
    el = document.createElement('div');
    el.setAttribute('aria-hidden', 'true');
    el.dataset.reviewAssistant = 'cursor';
    const s = el.style;
    s.position = 'fixed';
    s.left = '0';
    s.top = '0';
    s.width = '40px';
    s.height = '40px';
    s.pointerEvents = 'none';
    s.zIndex = '2147483647';
    s.willChange = 'transform';
    s.transform = `translate(${x - 4}px, ${y - 3}px)`;
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('width', '40');
    svg.setAttribute('height', '40');
    svg.setAttribute('viewBox', '0 0 24 24');
    const p = document.createElementNS(NS, 'path');
    p.setAttribute('d', 'M4 2.5 L4 19.5 L8.6 15.3 L11.6 22 L14.6 20.7 L11.7 14.2 L18 14.2 Z');
    p.setAttribute('fill', '#111');
    p.setAttribute('stroke', '#fff');
    p.setAttribute('stroke-width', '1.5');
    p.setAttribute('stroke-linejoin', 'round');
    svg.appendChild(p);
    el.appendChild(svg);
    root.appendChild(el);
    return el;
  };

  const move = (e: MouseEvent) => {
    x = e.clientX;
    y = e.clientY;
    const c = ensure();
    if (c) c.style.transform = `translate(${x - 4}px, ${y - 3}px)`;
  };

  const ripple = (e: MouseEvent) => {
    move(e);
    const root = document.documentElement;
    if (!root) return;
    const r = document.createElement('div');
    r.setAttribute('aria-hidden', 'true');
    const s = r.style;
    s.position = 'fixed';
    s.left = `${e.clientX - 28}px`;
    s.top = `${e.clientY - 28}px`;
    s.width = '56px';
    s.height = '56px';
    s.borderRadius = '50%';
    s.border = '4px solid rgba(255, 196, 0, 0.95)';
    s.background = 'rgba(255, 196, 0, 0.35)';
    s.boxSizing = 'border-box';
    s.pointerEvents = 'none';
    s.zIndex = '2147483646';
    root.appendChild(r);
    const a = r.animate(
      [
        { transform: 'scale(0.4)', opacity: 1 },
        { transform: 'scale(1.3)', opacity: 0 },
      ],
      { duration: 650, easing: 'ease-out' },
    );
    a.onfinish = () => r.remove();
    el?.animate([{ transform: `translate(${x - 4}px, ${y - 3}px) scale(1)` }, { transform: `translate(${x - 4}px, ${y - 3}px) scale(0.85)` }, { transform: `translate(${x - 4}px, ${y - 3}px) scale(1)` }], { duration: 220 });
  };

  window.addEventListener('mousemove', move, { capture: true, passive: true });
  window.addEventListener('mousedown', ripple, { capture: true, passive: true });
}
