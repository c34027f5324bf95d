// Proves the doctor tells a Webitel host's release from its static files, and names an unknown build without guessing.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assetUrls,
  detectWebitelRelease,
  importedChunks,
  loginFormInBundle,
  releaseOfVersion,
  versionInBundle,
  type FetchText,
} from '../../../app/doctor/detect-release';

const FIXTURES = path.resolve('test/fixtures/doctor');
const ORIGIN = 'https://cc.acme.example';

/** Serves a fixture folder as the host's static files ("/workspace/" → workspace/index.html). */
function host(release: string, requested: string[] = []): FetchText {
  return async (url) => {
    const u = new URL(url);
    requested.push(u.pathname);
    if (u.origin !== ORIGIN) return undefined;
    const rel = u.pathname.endsWith('/') ? `${u.pathname}index.html` : u.pathname;
    try {
      return { status: 200, text: await fs.readFile(path.join(FIXTURES, release, rel), 'utf8') };
    } catch {
      return { status: 404, text: 'Not Found' };
    }
  };
}

describe('Webitel release detection from static files', () => {
  // 26.04, 26.06, 26.08: each release's own index.html, public/config.json and package.json at its
  // tag, built by Vite 8 (Rolldown) as the releases are (scripts/doctor-fixtures.mjs; README there).
  it.each([
    ['26.04', '26.4.0', 'domain-first'],
    ['26.06', '26.6.0', 'two-step'],
    ['26.08', '26.8.0', 'two-step'],
  ] as const)('tells %s (build %s, %s login) from the files its build serves', async (release, version, form) => {
    const requested: string[] = [];
    const g = await detectWebitelRelease(ORIGIN, host(release, requested));
    expect(g).toMatchObject({ release, version, loginForm: form });
    expect(g.evidence.join(' ')).toContain(`Workspace build ${version}`);
    // The version sits in the lazily loaded workspace view's chunk: found by following the entry's imports.
    expect(g.evidence[0]).toMatch(/\/workspace\/assets\/agent-workspace-[\w-]{8}\.js/);
    expect(requested.filter((p) => p.startsWith('/workspace/assets/'))).toHaveLength(2);
  });

  it('the fixtures are what the release serves: its index.html with hashed assets under the Vite base, and its config.json', async () => {
    for (const release of ['26.04', '26.06', '26.08']) {
      const ws = await fs.readFile(path.join(FIXTURES, release, 'workspace/index.html'), 'utf8');
      expect(ws).toContain('<title>Workspace | Webitel</title>');
      expect(assetUrls(ws, `${ORIGIN}/workspace/`)).toEqual([expect.stringMatching(/^https:\/\/cc\.acme\.example\/workspace\/assets\/index-[\w-]{8}\.js$/)]);
      const auth = await fs.readFile(path.join(FIXTURES, release, 'app/auth/index.html'), 'utf8');
      expect(auth).toContain('<title>Auth | Webitel</title>');
      expect(assetUrls(auth, `${ORIGIN}/app/auth/`)[0]).toMatch(/\/app\/auth\/assets\/index-[\w-]{8}\.js$/);
      // Workspace's public/config.json carries no version (only 26.08 adds CLI.externalSoftphone).
      const config = JSON.parse(await fs.readFile(path.join(FIXTURES, release, 'workspace/config.json'), 'utf8')) as { CLI: Record<string, unknown> };
      expect(JSON.stringify(config)).not.toMatch(/26\.\d/);
      expect('externalSoftphone' in config.CLI).toBe(release === '26.08');
    }
  });

  it("takes Workspace's own version over a library's year.month version met first", async () => {
    const base = host('26.06');
    const withVendor: FetchText = async (url) => {
      const u = new URL(url);
      if (u.pathname === '/workspace/assets/vendor-AbCdEf12.js') return { status: 200, text: 'var n={version:`21.1.2`};export{n as v};' };
      const r = await base(url);
      if (u.pathname === '/workspace/' && r)
        return { ...r, text: r.text.replace('<title>', '<script type="module" crossorigin src="/workspace/assets/vendor-AbCdEf12.js"></script><title>') };
      return r;
    };
    const g = await detectWebitelRelease(ORIGIN, withVendor);
    expect(g).toMatchObject({ release: '26.06', version: '26.6.0' });
  });

  it('names the build of a release it does not know, without guessing a release', async () => {
    const g = await detectWebitelRelease(ORIGIN, host('27.02'));
    expect(g.version).toBe('27.2.0');
    expect(g.release).toBeUndefined();
    expect(g.loginForm).toBe('two-step');
  });

  it('says nothing when the host serves no such files', async () => {
    const g = await detectWebitelRelease(ORIGIN, async () => ({ status: 404, text: 'Not Found' }));
    expect(g).toEqual({ evidence: [] });
    const down = await detectWebitelRelease(ORIGIN, async () => undefined);
    expect(down).toEqual({ evidence: [] });
  });

  it('reads script and preload URLs of an index.html, absolute, once each', () => {
    const html =
      '<script type="module" crossorigin src="/workspace/assets/index-1.js"></script><link rel="modulepreload" href="./assets/v-2.js"><link rel="stylesheet" href="/a.css"><script src="/workspace/assets/index-1.js?x=1"></script>';
    expect(assetUrls(html, `${ORIGIN}/workspace/`)).toEqual([`${ORIGIN}/workspace/assets/index-1.js`, `${ORIGIN}/workspace/assets/v-2.js`]);
    expect(importedChunks('import("./a-1.js");from"../b/c-2.js"', `${ORIGIN}/w/assets/x.js`)).toEqual([`${ORIGIN}/w/assets/a-1.js`, `${ORIGIN}/w/b/c-2.js`]);
  });

  it("reads Rolldown's backquoted strings as well as quoted ones", () => {
    expect(versionInBundle('var e={release:{name:`@webitel/workspace`,version:`26.6.0`,private:!0}.version}')).toBe('26.6.0');
    expect(versionInBundle('JSON.parse(\'{"name":"@webitel/workspace","version":"26.8.1"}\')')).toBe('26.8.1');
    expect(versionInBundle('{version:`21.1.2`};{name:`@webitel/workspace`,version:`26.4.0`}')).toBe('26.4.0');
    expect(loginFormInBundle('var e={LOCAL_PASSWORD_ONLY:`local_password_only`,SSO_ONLY:`sso_only`}')).toBe('two-step');
    expect(loginFormInBundle('t.dispatch(`CHECK_DOMAIN`)')).toBe('domain-first');
  });

  it('takes only year.month.patch versions and maps them to the releases the sandbox models', () => {
    expect(versionInBundle('{"name":"@webitel/workspace","version":"26.6.3"}')).toBe('26.6.3');
    expect(versionInBundle('version:"1.2.3"')).toBeUndefined();
    expect(versionInBundle('version:"26.13.0"')).toBeUndefined();
    expect(releaseOfVersion('26.4.12')).toBe('26.04');
    expect(releaseOfVersion('26.8.0')).toBe('26.08');
    expect(releaseOfVersion('26.5.0')).toBeUndefined();
    expect(loginFormInBundle('x="sso_only"')).toBe('two-step');
    expect(loginFormInBundle('d("auth/CHECK_DOMAIN")')).toBe('domain-first');
    expect(loginFormInBundle('nothing here')).toBeUndefined();
  });
});
