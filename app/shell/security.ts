// Locks down the desktop window: sandboxed renderer settings, trusted frames, allowed external links and the content policy.
import type { BrowserWindowConstructorOptions, WebContents, WebFrameMain } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../api/csp';

/** The UI's own origin: a privileged custom scheme serving `dist/renderer`. */
export const APP_SCHEME = 'ra-app';
export const APP_ORIGIN = `${APP_SCHEME}://ui`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** Renderer settings: no Node, isolated and sandboxed; only the preload's typed client. */
export function secureWebPreferences(preload: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  };
}

/** True for a frame that shows our own UI (the top frame loaded from APP_ORIGIN). */
export function isTrustedFrame(frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined): boolean {
  if (!frame || frame.parent) return false;
  try {
    const u = new URL(frame.url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** Only https links leave the app, and only to the system browser. */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.hostname.length > 0 && !u.username && !u.password;
  } catch {
    return false;
  }
}

/**
 * Blocks every navigation away from the UI and every new window; an https link the UI
 * opens (target=_blank) goes to the system browser instead.
 */
export function hardenWebContents(contents: WebContents, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(APP_ORIGIN + '/')) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(APP_ORIGIN + '/')) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/** Adds the CSP header to every response the window loads (the HTML also carries it as a meta tag). */
export function withCspHeader(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() !== 'content-security-policy') out[k] = v;
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}
