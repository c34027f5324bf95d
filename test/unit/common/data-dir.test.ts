// Proves the data folder is found per OS convention, after the flag and REVIEW_ASSISTANT_DATA.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { resolveDataDir, APP_DIR_NAME } from '../../../app/common/data-dir';

describe('resolveDataDir', () => {
  const home = '/home/ann';
  it.each([
    ['linux', {}, path.join(home, '.config', APP_DIR_NAME)],
    ['linux', { XDG_CONFIG_HOME: '/xdg' }, path.join('/xdg', APP_DIR_NAME)],
    // A relative XDG_CONFIG_HOME is invalid by the spec and must be ignored.
    ['linux', { XDG_CONFIG_HOME: 'rel' }, path.join(home, '.config', APP_DIR_NAME)],
    ['darwin', {}, path.join(home, 'Library', 'Application Support', APP_DIR_NAME)],
    ['win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, `C:\\Users\\ann\\AppData\\Roaming\\${APP_DIR_NAME}`],
  ] as const)('follows the %s convention (%o)', (platform, env, expected) => {
    expect(resolveDataDir({ platform, env: env as NodeJS.ProcessEnv, home })).toBe(expected);
  });

  it('prefers the flag, then REVIEW_ASSISTANT_DATA', () => {
    const env = { REVIEW_ASSISTANT_DATA: '/from-env' } as NodeJS.ProcessEnv;
    expect(resolveDataDir({ flag: '/from-flag', env, platform: 'linux', home })).toBe('/from-flag');
    expect(resolveDataDir({ env, platform: 'linux', home })).toBe('/from-env');
  });
});
