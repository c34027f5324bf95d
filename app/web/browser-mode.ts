import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promises as fs } from 'node:fs';
import { createApi, type Api } from '../api/impl';
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

export interface BrowserMode {
  host: WebHost;
  api: Api;
  close(): Promise<void>;
}

/** The API plus the web host, as `review-assistant ui` and the e2e tests start them. */
export async function startBrowserMode(opts: { dataDir: string; port?: number; passphrase?: string | undefined; staticDir?: string; token?: string }): Promise<BrowserMode> {
  const staticDir = opts.staticDir ?? defaultStaticDir();
  await fs.mkdir(opts.dataDir, { recursive: true });
  const api = createApi({
    dataDir: opts.dataDir,
    mode: 'browser',
    passphrase: opts.passphrase,
    openPath: openWithSystem,
    mediaUrl: (rel) => `media/${rel}`,
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
