// Proves the `ui` command: help, bad ports as usage errors, a tokened loopback address, a new token at each launch.
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main';
import { startBrowserMode } from '../../../app/web/browser-mode';

const dir = await mkdtemp(path.join(os.tmpdir(), 'ra-ui-cmd-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
// `ui` serves the built UI; on a fresh clone build it once (as `npm start` would).
beforeAll(() => {
  const root = path.resolve(import.meta.dirname, '../../..');
  if (!existsSync(path.join(root, 'dist/renderer/index.html'))) {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--renderer'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('the UI build failed');
  }
}, 120_000);

function run(argv: string[]) {
  let out = '';
  let err = '';
  const ac = new AbortController();
  const done = main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), env: { REVIEW_ASSISTANT_DATA: dir }, signal: ac.signal });
  return { done, out: () => out, err: () => err, stop: () => ac.abort() };
}

describe('review-assistant ui', () => {
  it('has help and refuses a bad port as bad usage', async () => {
    const help = run(['ui', '--help']);
    expect(await help.done).toBe(0);
    expect(help.out()).toContain('--port N');
    const bad = run(['ui', '--port', 'eighty', '--no-open']);
    expect(await bad.done).toBe(2);
    expect(bad.err()).toContain('--port must be a number');
    expect(await run(['ui', '--json']).done).toBe(2);
  });

  it('prints a tokened loopback URL and stops on cancel', async () => {
    const r = run(['ui', '--no-open']);
    await expect.poll(() => r.out(), { timeout: 20_000 }).toMatch(/http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{20,}/);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/)\?token=(\S+)/.exec(r.out());
    const res = await fetch(`${url![1]}api/appInfo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-review-assistant-token': url![2]! },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, result: { mode: 'browser', dataDir: dir } });
    r.stop();
    expect(await r.done).toBe(0);
    await expect(fetch(`${url![1]}api/appInfo`, { method: 'POST' })).rejects.toThrow();
  });

  it('each launch gets its own token', async () => {
    const a = await startBrowserMode({ dataDir: dir });
    const b = await startBrowserMode({ dataDir: dir });
    try {
      expect(a.host.token).not.toBe(b.host.token);
      expect(a.host.token.length).toBeGreaterThanOrEqual(24);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
