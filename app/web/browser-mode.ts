// Starts the app in browser mode (the API plus the web host) for `review-assistant ui` and the e2e tests, and opens it.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promises as fs } from 'node:fs';
import { createApi, type Api } from '../api/impl';
import { REPORT_FILE } from '../review/export/documents';
import { startWebHost, type WebHost } from './host';

/** The built UI: `dist/renderer` at the repository (or package) root. */
export function defaultStaticDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/renderer');
}

/** Opens a file, folder or URL with the desktop's default program. */
export function openWithSystem(target: string): Promise<void> {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [target]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', target]] : ['xdg-open', [target]];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
    child.once('error', (e) => reject(new Error(`cannot run ${cmd}: ${e.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

/**
 * Opens the tokened address without putting the token on any command line (`ps` shows every
 * local user the arguments of xdg-open and of the browser it starts): the system opens a page in
 * a folder only this user can read, and that page forwards to the address. The page is removed
 * once the browser has had time to read it.
 */
export async function openPrivately(url: string, open: (target: string) => Promise<void> = openWithSystem, keepMs = 60_000): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'review-assistant-open-'));
  await fs.chmod(dir, 0o700);
  const file = path.join(dir, 'open.html');
  const safe = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  await fs.writeFile(
    file,
    `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${safe}"><title>App Review Assistant</title><p>Opening App Review Assistant…</p>\n`,
    { mode: 0o600 },
  );
  const remove = setTimeout(() => void fs.rm(dir, { recursive: true, force: true }), keepMs);
  remove.unref?.();
  try {
    await open(file);
  } catch (e) {
    clearTimeout(remove);
    await fs.rm(dir, { recursive: true, force: true });
    throw e;
  }
  return file;
}

export interface BrowserMode {
  host: WebHost;
  api: Api;
  close(): Promise<void>;
}

/** The API plus the web host, as `review-assistant ui` and the e2e tests start them. */
export async function startBrowserMode(opts: {
  dataDir: string;
  port?: number;
  passphrase?: string | undefined;
  staticDir?: string;
  token?: string;
}): Promise<BrowserMode> {
  const staticDir = opts.staticDir ?? defaultStaticDir();
  await fs.mkdir(opts.dataDir, { recursive: true });
  const api = createApi({
    dataDir: opts.dataDir,
    mode: 'browser',
    passphrase: opts.passphrase,
    openPath: openWithSystem,
    mediaUrl: (rel) => `media/${rel}`,
    reportUrl: (bundle) => `exports/${encodeURIComponent(bundle)}/${REPORT_FILE}`,
  });
  const host = await startWebHost({
    handlers: api.handlers,
    hub: api.hub,
    dataDir: opts.dataDir,
    staticDir,
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.token ? { token: opts.token } : {}),
  });
  return {
    host,
    api,
    close: async () => {
      await api.dispose();
      await host.close();
    },
  };
}
