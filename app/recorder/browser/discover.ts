// Finds a Chrome, Chromium or Edge to record with: an explicit path, REVIEW_ASSISTANT_BROWSER, the usual install places, then PATH.
import { accessSync, constants, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../common/errors';

export const BROWSER_ENV = 'REVIEW_ASSISTANT_BROWSER';

export interface BrowserCandidate {
  name: 'Chrome' | 'Chromium' | 'Edge';
  path: string;
}

export interface FoundBrowser extends BrowserCandidate {
  /** Where the path came from. */
  source: 'option' | 'env' | 'system' | 'PATH';
}

export interface DiscoverOptions {
  /** An explicit path (option or settings); wins over everything. */
  override?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
  /** Is this an executable file? Tests pass a fake file tree. */
  isExecutable?: (file: string) => boolean;
}

function defaultIsExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (process.platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Known install locations, best first: Chrome, then Chromium, then Edge. */
export function systemCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): BrowserCandidate[] {
  if (platform === 'darwin') {
    const apps = ['/Applications', path.posix.join(home, 'Applications')];
    return apps.flatMap((dir) => [
      { name: 'Chrome' as const, path: `${dir}/Google Chrome.app/Contents/MacOS/Google Chrome` },
      { name: 'Chromium' as const, path: `${dir}/Chromium.app/Contents/MacOS/Chromium` },
      { name: 'Edge' as const, path: `${dir}/Microsoft Edge.app/Contents/MacOS/Microsoft Edge` },
    ]);
  }
  if (platform === 'win32') {
    const roots = [
      env.PROGRAMFILES ?? 'C:\\Program Files',
      env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)',
      env.LOCALAPPDATA ?? path.win32.join(home, 'AppData', 'Local'),
    ];
    const w = path.win32.join;
    return [
      ...roots.map((r) => ({ name: 'Chrome' as const, path: w(r, 'Google', 'Chrome', 'Application', 'chrome.exe') })),
      ...roots.map((r) => ({ name: 'Chromium' as const, path: w(r, 'Chromium', 'Application', 'chrome.exe') })),
      ...roots.map((r) => ({ name: 'Edge' as const, path: w(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe') })),
    ];
  }
  return [
    { name: 'Chrome', path: '/opt/google/chrome/chrome' },
    { name: 'Chrome', path: '/usr/bin/google-chrome-stable' },
    { name: 'Chrome', path: '/usr/bin/google-chrome' },
    { name: 'Chromium', path: '/usr/bin/chromium' },
    { name: 'Chromium', path: '/usr/bin/chromium-browser' },
    { name: 'Chromium', path: '/snap/bin/chromium' },
    { name: 'Chromium', path: '/usr/lib/chromium/chromium' },
    { name: 'Edge', path: '/opt/microsoft/msedge/msedge' },
    { name: 'Edge', path: '/usr/bin/microsoft-edge-stable' },
    { name: 'Edge', path: '/usr/bin/microsoft-edge' },
  ];
}

const PATH_NAMES: Array<[BrowserCandidate['name'], string]> = [
  ['Chrome', 'google-chrome-stable'],
  ['Chrome', 'google-chrome'],
  ['Chromium', 'chromium'],
  ['Chromium', 'chromium-browser'],
  ['Edge', 'microsoft-edge-stable'],
  ['Edge', 'microsoft-edge'],
];

function nameOf(file: string): BrowserCandidate['name'] {
  const f = file.toLowerCase();
  if (f.includes('edge')) return 'Edge';
  if (f.includes('chromium')) return 'Chromium';
  return 'Chrome';
}

/**
 * Finds a Chrome, Chromium or Edge to drive: an explicit path, then REVIEW_ASSISTANT_BROWSER,
 * then the usual install locations, then PATH. Throws a UserError listing what was looked for.
 */
export function discoverBrowser(opts: DiscoverOptions = {}): FoundBrowser {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const home = opts.home ?? os.homedir();
  const isExe = opts.isExecutable ?? defaultIsExecutable;

  for (const [source, value] of [
    ['option', opts.override],
    ['env', env[BROWSER_ENV]],
  ] as const) {
    if (!value) continue;
    if (isExe(value)) return { name: nameOf(value), path: value, source };
    const from = source === 'option' ? 'the browser path you gave' : `${BROWSER_ENV}`;
    throw new UserError('not-found', `${from} (${value}) is not an executable file`, {
      hint: 'point it at the Chrome, Chromium or Edge program itself (e.g. /usr/bin/chromium, C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe)',
    });
  }

  const candidates = systemCandidates(platform, env, home);
  for (const c of candidates) if (isExe(c.path)) return { ...c, source: 'system' };

  const sep = platform === 'win32' ? ';' : ':';
  const dirs = (env.PATH ?? env.Path ?? '').split(sep).filter(Boolean);
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  if (platform !== 'win32') {
    for (const [name, exe] of PATH_NAMES) {
      for (const d of dirs) {
        const p = join(d, exe);
        if (isExe(p)) return { name, path: p, source: 'PATH' };
      }
    }
  }

  const looked = [...candidates.map((c) => c.path), ...(platform === 'win32' ? [] : PATH_NAMES.map(([, exe]) => `${exe} on PATH`))];
  throw new UserError('not-found', 'no Chrome, Chromium or Edge found to drive the demo', {
    issues: looked.map((p) => ({ field: 'looked for', message: p })),
    hint: `install Google Chrome (or Chromium / Microsoft Edge), or set ${BROWSER_ENV} to the browser program`,
  });
}
