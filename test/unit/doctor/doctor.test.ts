// Proves the doctor's findings on a Webitel host's login domains and on this computer's browser, ffmpeg, screen capture and disk.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import type { FetchText } from '../../../app/doctor/detect-release';
import { formatDoctorReport, runDoctor } from '../../../app/doctor/doctor';
import { liveConnectionUrl, type WsHandshake } from '../../../app/doctor/live-connection';
import { sampleProfile } from '../../../app/profile/sample';

const ORIGIN = 'https://cc.acme.example';

function profile(admin = 'admin@acme.example.com', operator = 'operator@acme.example.com') {
  const p = sampleProfile();
  p.sample = false;
  p.webitel.host = ORIGIN;
  p.recording.webitelAdmin.login = admin;
  p.reviewer.operator.login = operator;
  return p;
}

/** A host that knows some domains: `{domain: answer}`; everything else 404. */
function host(domains: Record<string, object>): FetchText {
  return async (url) => {
    const u = new URL(url);
    if (u.pathname === '/app/auth/') return { status: 200, text: '<!doctype html><div id="app"></div>' };
    if (u.pathname === '/api/login') {
      const d = u.searchParams.get('domain') ?? '';
      return d in domains ? { status: 200, text: JSON.stringify(domains[d]) } : { status: 404, text: JSON.stringify({ detail: 'not found' }) };
    }
    return { status: 404, text: '' };
  };
}

const env = { ...process.env, REVIEW_ASSISTANT_BROWSER: '/usr/bin/chromium' };

/** A host whose /ws takes every WebSocket handshake (no network is asked). */
const taken: WsHandshake = async () => ({ status: 101 });

describe('doctor findings', () => {
  it('a known domain with password sign-in is ok; an unknown one is an error that says what to check', async () => {
    const r = await runDoctor({
      profile: profile('admin@acme.example.com', 'agent@other.example.com'),
      dataDir: os.tmpdir(),
      env,
      wsHandshake: taken,
      fetchText: host({ 'acme.example.com': { enabled_tfa: false, login_options: 'local_password_only' } }),
    });
    const by = Object.fromEntries(r.findings.map((f) => [f.id, f]));
    expect(by['webitel-host']).toMatchObject({ level: 'ok' });
    expect(by['admin-login']).toMatchObject({ level: 'ok' });
    expect(by['operator-login']).toMatchObject({ level: 'error' });
    expect(by['operator-login']!.detail).toContain('does not know the domain "other.example.com"');
    expect(by['operator-login']!.todo).toMatch(/part after the @/);
    // Could not tell the release from these files: a warning, not an error.
    expect(by['webitel-release']).toMatchObject({ level: 'warning' });
    expect(r.ok).toBe(false);
    expect(formatDoctorReport(r)).toMatch(/1 error\(s\): fix them before recording\./);
  });

  it('a login without a full domain is an error; two-factor is a warning; SSO-only an error', async () => {
    const r = await runDoctor({
      profile: profile('admin@acme', 'operator@tfa.example.com'),
      dataDir: os.tmpdir(),
      env,
      wsHandshake: taken,
      fetchText: host({ 'tfa.example.com': { enabled_tfa: true } }),
    });
    const by = Object.fromEntries(r.findings.map((f) => [f.id, f]));
    expect(by['admin-login']).toMatchObject({ level: 'error' });
    expect(by['admin-login']!.detail).toContain('not name@domain');
    expect(by['operator-login']).toMatchObject({ level: 'warning' });
    expect(by['operator-login']!.todo).toMatch(/not --headless/);

    const sso = await runDoctor({
      profile: profile(),
      dataDir: os.tmpdir(),
      env,
      wsHandshake: taken,
      fetchText: host({ 'acme.example.com': { login_options: 'sso_only' } }),
    });
    expect(sso.findings.find((f) => f.id === 'admin-login')).toMatchObject({ level: 'error' });
  });

  it('a host that does not answer is an error, and the domains are not checked then', async () => {
    const r = await runDoctor({ profile: profile(), dataDir: os.tmpdir(), env, wsHandshake: taken, fetchText: async () => undefined });
    const by = Object.fromEntries(r.findings.map((f) => [f.id, f]));
    expect(by['webitel-host']).toMatchObject({ level: 'error' });
    expect(by['webitel-host']!.todo).toMatch(/https/);
    expect(by['admin-login']!.detail).toMatch(/not checked/);
    expect(by['webitel-release']).toBeUndefined();
  });

  it('a host on plain http answers but is a warning that asks for its https address; https and the sandbox are ok', async () => {
    const plain = profile();
    plain.webitel.host = 'http://webitel.localhost:8080';
    const r = await runDoctor({
      profile: plain,
      dataDir: os.tmpdir(),
      env,
      wsHandshake: taken,
      fetchText: host({ 'acme.example.com': { login_options: 'local_password_only' } }),
    });
    const web = r.findings.find((f) => f.id === 'webitel-host')!;
    expect(web).toMatchObject({ level: 'warning', detail: 'http://webitel.localhost:8080 answers (HTTP 200)' });
    expect(web.todo).toBe('Meta reviewers open the host: use its https:// address');
    // A warning, not an error: recording may go on.
    expect(r.ok).toBe(true);
    expect(formatDoctorReport(r)).toMatch(/^warning {2}Webitel host: http:\/\/webitel\.localhost:8080 answers/m);

    const secure = await runDoctor({ profile: profile(), dataDir: os.tmpdir(), env, wsHandshake: taken, fetchText: host({}) });
    expect(secure.findings.find((f) => f.id === 'webitel-host')).toMatchObject({ level: 'ok', detail: `${ORIGIN} answers over https (HTTP 200)` });
    // The built-in sandbox is plain http on this computer, and that is fine.
    const sb = await runDoctor({
      profile: plain,
      dataDir: os.tmpdir(),
      env,
      wsHandshake: taken,
      fetchText: host({}),
      sandbox: { origin: 'http://webitel.localhost:8080', release: '26.06' },
    });
    const sbHost = sb.findings.find((f) => f.id === 'webitel-host')!;
    expect(sbHost).toMatchObject({ level: 'ok' });
    expect(sbHost.todo).toBeUndefined();
  });

  it("Workspace's live connection: tried where Workspace opens it (the host's name, no port); refused or silent is a warning with the proxy to fix", async () => {
    expect(liveConnectionUrl('https://cc.acme.example:8443', false)).toBe('wss://cc.acme.example/ws');
    expect(liveConnectionUrl('http://webitel.localhost:4100', true)).toBe('ws://webitel.localhost:4100/ws');
    const asked: string[] = [];
    const answers =
      (a: Awaited<ReturnType<WsHandshake>>): WsHandshake =>
      async (url) => (asked.push(url), a);
    const live = async (a: Awaited<ReturnType<WsHandshake>>, host = ORIGIN) => {
      const p = profile();
      p.webitel.host = host;
      const r = await runDoctor({ profile: p, dataDir: os.tmpdir(), env, wsHandshake: answers(a), fetchText: knownHost });
      return r.findings.find((f) => f.id === 'live-connection')!;
    };
    const knownHost = host({});
    expect(await live({ status: 101 })).toMatchObject({ level: 'ok', detail: 'wss://cc.acme.example/ws takes a WebSocket connection' });
    expect(await live({ status: 401 })).toMatchObject({
      level: 'ok',
      detail: 'wss://cc.acme.example/ws answers the WebSocket handshake and asks for a login (HTTP 401)',
    });
    const refused = await live({ status: 404 });
    expect(refused).toMatchObject({ level: 'warning', detail: 'wss://cc.acme.example/ws refused the WebSocket handshake (HTTP 404)' });
    expect(refused.todo).toMatch(
      /^make the host's proxy pass WebSocket connections to \/ws \(nginx: proxy_http_version 1\.1 and the Upgrade and Connection headers\): without it Workspace opens without a Call Center switch/,
    );
    const otherPort = await live({ error: 'ECONNREFUSED' }, 'https://cc.acme.example:8443');
    expect(otherPort.detail).toBe(
      'wss://cc.acme.example/ws did not answer (ECONNREFUSED); Workspace opens it on the default port of cc.acme.example, not on 8443',
    );
    expect(otherPort.todo).toMatch(/ on the default port too:/);
    expect(asked.at(-1)).toBe('wss://cc.acme.example/ws');
    // Not asked of a host that does not answer at all.
    const down = await runDoctor({ profile: profile(), dataDir: os.tmpdir(), env, wsHandshake: taken, fetchText: async () => undefined });
    expect(down.findings.find((f) => f.id === 'live-connection')).toBeUndefined();
  });

  it('reports this computer: browser, ffmpeg, screen capture, free disk; a missing browser is an error', async () => {
    const r = await runDoctor({
      profile: profile(),
      dataDir: os.tmpdir(),
      env: { ...env, REVIEW_ASSISTANT_BROWSER: '/nonexistent/chrome' },
      wsHandshake: taken,
      fetchText: host({}),
    });
    const ids = r.findings.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['browser', 'ffmpeg', 'screen-capture', 'disk']));
    expect(r.findings.find((f) => f.id === 'browser')).toMatchObject({ level: 'error' });
    expect(r.findings.find((f) => f.id === 'ffmpeg')).toMatchObject({ level: 'ok' });
    expect(r.findings.find((f) => f.id === 'disk')!.detail).toMatch(/GiB free/);
  });
});
