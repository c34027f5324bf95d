// Finds the per-user data folder shared by the desktop app and the CLI (flag, REVIEW_ASSISTANT_DATA, then the OS convention).
import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'App Review Assistant';

/**
 * The per-user data folder, the same one the desktop app uses (Electron's `userData` is
 * `<appData>/<productName>`), so the CLI and the app see the same submissions.
 * Order: explicit flag, REVIEW_ASSISTANT_DATA, then the OS convention.
 */
export function resolveDataDir(opts: { flag?: string | undefined; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; home?: string } = {}): string {
  const env = opts.env ?? process.env;
  if (opts.flag) return path.resolve(opts.flag);
  if (env.REVIEW_ASSISTANT_DATA) return path.resolve(env.REVIEW_ASSISTANT_DATA);
  const platform = opts.platform ?? process.platform;
  const home = opts.home ?? os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  if (platform === 'win32') {
    const appData = env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, APP_DIR_NAME);
  }
  const xdg = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(xdg, APP_DIR_NAME);
}
