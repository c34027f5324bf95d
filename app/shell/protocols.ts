// Serves the built UI and the recordings to the desktop window through the app's own URL schemes, nothing outside them.
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Protocol, CustomScheme } from 'electron';
import { resolveMediaPath } from '../api/media';
import { MEDIA_PROTOCOL } from '../api/csp';
import { APP_SCHEME } from './security';

/** Both schemes behave like https (secure context, fetch, streaming for video seeking). */
export const PRIVILEGED_SCHEMES: CustomScheme[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: MEDIA_PROTOCOL, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
];

type NetFetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * `ra-app://ui/<file>` serves the built UI from `rendererDir`; `ra-media://recordings/<path>`
 * serves recordings from the data folder (resolved by the same function as the browser
 * mode, so nothing outside `<data>/recordings` is reachable).
 */
export function registerProtocols(protocol: Pick<Protocol, 'handle'>, netFetch: NetFetch, opts: { rendererDir: string; dataDir: string }): void {
  protocol.handle(APP_SCHEME, async (req) => {
    const u = new URL(req.url);
    if (u.host !== 'ui') return new Response('not found', { status: 404 });
    const rel = decodeURIComponent(u.pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.join(opts.rendererDir, rel);
    if (!file.startsWith(opts.rendererDir + path.sep)) return new Response('not found', { status: 404 });
    const exists = await fs
      .stat(file)
      .then((s) => s.isFile())
      .catch(() => false);
    return netFetch(pathToFileURL(exists ? file : path.join(opts.rendererDir, 'index.html')).toString());
  });
  protocol.handle(MEDIA_PROTOCOL, async (req) => {
    const u = new URL(req.url);
    if (u.host !== 'recordings') return new Response('not found', { status: 404 });
    try {
      const { file } = resolveMediaPath(opts.dataDir, u.pathname);
      // Passing the headers on keeps Range requests working, so the player can seek.
      return netFetch(pathToFileURL(file).toString(), { headers: req.headers });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

export function desktopMediaUrl(rel: string): string {
  return `${MEDIA_PROTOCOL}://recordings/${rel}`;
}
