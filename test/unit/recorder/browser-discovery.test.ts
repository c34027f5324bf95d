// Proves browser discovery per OS, its order of preference, explicit choices winning, and the list shown when none is found.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../app/common/errors';
import { BROWSER_ENV, discoverBrowser } from '../../../app/recorder/browser/discover';

/** A fake file tree: only these paths are executables. */
const tree =
  (...files: string[]) =>
  (f: string) =>
    files.includes(f);

describe('browser discovery', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'discover-'));
    await fs.writeFile(path.join(dir, 'chromium'), '#!/bin/sh\n', { mode: 0o755 });
    await fs.writeFile(path.join(dir, 'not-executable'), 'x', { mode: 0o644 });
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('prefers Chrome over Chromium and Edge on Linux', () => {
    const f = discoverBrowser({
      platform: 'linux',
      env: {},
      isExecutable: tree('/usr/bin/chromium', '/usr/bin/google-chrome-stable', '/opt/microsoft/msedge/msedge'),
    });
    expect(f).toEqual({ name: 'Chrome', path: '/usr/bin/google-chrome-stable', source: 'system' });
  });

  it('finds Edge when it is the only browser on macOS', () => {
    const f = discoverBrowser({
      platform: 'darwin',
      env: {},
      home: '/Users/ann',
      isExecutable: tree('/Users/ann/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'),
    });
    expect(f).toMatchObject({ name: 'Edge', source: 'system' });
  });

  it('finds Chrome under LOCALAPPDATA on Windows', () => {
    const exe = 'C:\\Users\\ann\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    const f = discoverBrowser({ platform: 'win32', env: { LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, isExecutable: tree(exe) });
    expect(f).toEqual({ name: 'Chrome', path: exe, source: 'system' });
  });

  it('searches PATH on POSIX (a real folder)', () => {
    const f = discoverBrowser({
      platform: 'linux',
      env: { PATH: `/nonexistent:${dir}` },
      isExecutable: (p) => p.startsWith(dir) && path.basename(p) === 'chromium',
    });
    expect(f).toEqual({ name: 'Chromium', path: path.join(dir, 'chromium'), source: 'PATH' });
  });

  it('the option and the environment variable win; a wrong one is an error, not a silent fallback', () => {
    const exe = path.join(dir, 'chromium');
    expect(discoverBrowser({ env: { [BROWSER_ENV]: exe } })).toMatchObject({ path: exe, source: 'env' });
    expect(discoverBrowser({ override: exe, env: { [BROWSER_ENV]: '/nope' } })).toMatchObject({ path: exe, source: 'option' });
    expect(() => discoverBrowser({ env: { [BROWSER_ENV]: path.join(dir, 'not-executable') } })).toThrow(
      /REVIEW_ASSISTANT_BROWSER .* is not an executable file/,
    );
  });

  it('lists what it looked for when nothing is installed', () => {
    let err: UserError | undefined;
    try {
      discoverBrowser({ platform: 'linux', env: { PATH: dir }, isExecutable: tree() });
    } catch (e) {
      err = e as UserError;
    }
    expect(err).toBeInstanceOf(UserError);
    expect(err?.kind).toBe('not-found');
    expect(err?.message).toMatch(/no Chrome, Chromium or Edge/);
    const looked = err?.issues.map((i) => i.message) ?? [];
    expect(looked).toEqual(expect.arrayContaining(['/usr/bin/google-chrome', '/usr/bin/chromium', '/opt/microsoft/msedge/msedge', 'chromium on PATH']));
    expect(err?.hint).toMatch(/REVIEW_ASSISTANT_BROWSER/);
  });
});
