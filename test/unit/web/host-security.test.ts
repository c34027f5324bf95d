// Proves browser mode's host security: loopback only, the token required, foreign Host and Origin refused, input validated.
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../../app/web/host';
import { EventHub } from '../../../app/api/events';
import { createApi } from '../../../app/api/impl';

/** Raw HTTP (not fetch) so the tests can send any Host and Origin header. */
function request(
  port: number,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string; host?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: opts.host ?? '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path ?? '/', headers: opts.headers ?? {} },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('browser-mode host security', () => {
  let dir: string;
  let host: WebHost;
  const token = 'test-token-0123456789abcdef0123';
  let hostHeader: string;
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ra-web-'));
    const ui = path.join(dir, 'ui');
    await mkdir(ui);
    await writeFile(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
    await mkdir(path.join(dir, 'data', 'recordings', 'sample', 'run1'), { recursive: true });
    await writeFile(path.join(dir, 'data', 'recordings', 'sample', 'run1', 'demo.mp4'), Buffer.from('0123456789'));
    await writeFile(path.join(dir, 'data', 'vault.json'), '{"secret":"not media"}');
    await mkdir(path.join(dir, 'data', 'exports', 'sample-run1'), { recursive: true });
    await writeFile(path.join(dir, 'data', 'exports', 'sample-run1', 'report.html'), '<!doctype html><h1>Meta App Review — Acme</h1>');
    await writeFile(path.join(dir, 'data', 'exports', 'sample-run1', 'reviewer-instructions.md'), 'operator password: not for the browser');
    const api = createApi({ dataDir: path.join(dir, 'data'), mode: 'browser', openPath: async () => undefined, mediaUrl: (r) => `media/${r}` });
    host = await startWebHost({ handlers: api.handlers, hub: new EventHub(), dataDir: path.join(dir, 'data'), staticDir: ui, token });
    hostHeader = `127.0.0.1:${host.port}`;
  });
  afterAll(async () => {
    await host.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('listens on loopback only', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
    // Not on the IPv6 loopback or any other address: only the IPv4 loopback socket exists.
    await expect(request(host.port, { host: '::1', headers: { host: `127.0.0.1:${host.port}` } })).rejects.toThrow(/ECONNREFUSED|EADDRNOTAVAIL|EAFNOSUPPORT/);
    const addrs = Object.values(os.networkInterfaces())
      .flat()
      .filter((a): a is os.NetworkInterfaceInfo => !!a && a.family === 'IPv4' && !a.internal);
    for (const a of addrs) {
      await expect(request(host.port, { host: a.address, headers: { host: `${a.address}:${host.port}` } })).rejects.toThrow(/ECONNREFUSED/);
    }
  });

  it('answers 401 without the token, for pages and API calls', async () => {
    expect((await request(host.port, { headers: { host: hostHeader } })).status).toBe(401);
    expect((await request(host.port, { method: 'POST', path: '/api/appInfo', headers: { host: hostHeader, ...json }, body: '{}' })).status).toBe(401);
    expect((await request(host.port, { path: '/events', headers: { host: hostHeader } })).status).toBe(401);
  });

  it('answers 401 with a wrong token', async () => {
    const r = await request(host.port, {
      method: 'POST',
      path: '/api/appInfo',
      headers: { host: hostHeader, 'x-review-assistant-token': 'x'.repeat(token.length), ...json },
      body: '{}',
    });
    expect(r.status).toBe(401);
    const c = await request(host.port, { headers: { host: hostHeader, cookie: 'ra_token=wrong' } });
    expect(c.status).toBe(401);
  });

  it('answers 403 to a foreign Host header (DNS rebinding), even with the token', async () => {
    const r = await request(host.port, {
      method: 'POST',
      path: '/api/appInfo',
      headers: { host: `evil.example:${host.port}`, 'x-review-assistant-token': token, ...json },
      body: '{}',
    });
    expect(r.status).toBe(403);
    const noPort = await request(host.port, { headers: { host: '127.0.0.1', cookie: `ra_token=${token}` } });
    expect(noPort.status).toBe(403);
  });

  it('answers 403 to a foreign Origin, even with the token', async () => {
    const r = await request(host.port, {
      method: 'POST',
      path: '/api/appInfo',
      headers: { host: hostHeader, origin: 'https://evil.example', cookie: `ra_token=${token}`, ...json },
      body: '{}',
    });
    expect(r.status).toBe(403);
    const otherPort = await request(host.port, {
      method: 'POST',
      path: '/api/appInfo',
      headers: { host: hostHeader, origin: `http://127.0.0.1:${host.port + 1}`, cookie: `ra_token=${token}`, ...json },
      body: '{}',
    });
    expect(otherPort.status).toBe(403);
  });

  it('trades the URL token for an HttpOnly SameSite=Strict cookie and drops it from the address', async () => {
    const r = await request(host.port, { path: `/?token=${token}`, headers: { host: hostHeader } });
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toContain(`ra_token=${token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await request(host.port, { headers: { host: hostHeader, cookie: `ra_token=${token}` } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(page.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('serves the API with the token and the right Origin, and validates input', async () => {
    const headers = { host: hostHeader, origin: `http://127.0.0.1:${host.port}`, cookie: `ra_token=${token}`, ...json };
    const ok = await request(host.port, { method: 'POST', path: '/api/appInfo', headers, body: '{}' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, result: { mode: 'browser' } });
    const bad = await request(host.port, { method: 'POST', path: '/api/getSubmission', headers, body: '{"name":"../etc"}' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ field: 'name' }] } });
    const unknown = await request(host.port, { method: 'POST', path: '/api/rmRf', headers, body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { kind: 'usage' } });
    const get = await request(host.port, { path: '/api/appInfo', headers });
    expect(get.status).toBe(405);
  });

  it('serves recordings with ranges, and nothing outside the recordings folder', async () => {
    const headers = { host: hostHeader, cookie: `ra_token=${token}` };
    const part = await request(host.port, { path: '/media/sample/run1/demo.mp4', headers: { ...headers, range: 'bytes=2-5' } });
    expect(part.status).toBe(206);
    expect(part.body).toBe('2345');
    expect(part.headers['content-range']).toBe('bytes 2-5/10');
    expect((await request(host.port, { path: '/media/../vault.json', headers })).status).toBe(404);
    expect((await request(host.port, { path: '/media/sample/..%2F..%2Fvault.json', headers })).status).toBe(404);
    expect((await request(host.port, { path: '/media/%2e%2e/vault.json', headers })).status).toBe(404);
  });

  it("serves an export's report.html with a policy that runs no script, and no other file of the bundle", async () => {
    const headers = { host: hostHeader, cookie: `ra_token=${token}` };
    const report = await request(host.port, { path: '/exports/sample-run1/report.html', headers });
    expect(report.status).toBe(200);
    expect(report.body).toContain('Meta App Review — Acme');
    expect(report.headers['content-type']).toBe('text/html; charset=utf-8');
    const policy = String(report.headers['content-security-policy']);
    expect(policy).toMatch(/default-src 'none'/);
    expect(policy).not.toMatch(/script-src/);
    expect(report.headers['x-content-type-options']).toBe('nosniff');
    // The token is needed here too.
    expect((await request(host.port, { path: '/exports/sample-run1/report.html', headers: { host: hostHeader } })).status).toBe(401);
    // Not the instructions (they hold the test logins' passwords), nor anything outside exports.
    for (const p of [
      '/exports/sample-run1/reviewer-instructions.md',
      '/exports/sample-run1',
      '/exports/%2e%2e/report.html',
      '/exports/sample-run1%2F..%2F..%2Fvault.json/report.html',
      '/exports/..%2Fvault.json',
      '/exports/missing/report.html',
      '/exports//report.html',
    ]) {
      const r = await request(host.port, { path: p, headers });
      expect(r.status, p).toBe(404);
      expect(r.body, p).not.toMatch(/not for the browser|not media/);
    }
    expect((await request(host.port, { method: 'POST', path: '/exports/sample-run1/report.html', headers })).status).toBe(405);
  });

  it('refuses an oversized body with 413 and a message, declared or not, and keeps serving', async () => {
    const headers = { host: hostHeader, origin: `http://127.0.0.1:${host.port}`, cookie: `ra_token=${token}`, ...json };
    // Declared too large: refused before reading it.
    const declared = await request(host.port, { method: 'POST', path: '/api/appInfo', headers: { ...headers, 'content-length': String(31 * 1024 * 1024) } });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ ok: false, error: { kind: 'validation', message: expect.stringMatching(/larger than 30 MB/) } });
    // Sent chunked (no length), 31 MB of it: refused once past the limit (before: a 500 "internal").
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: host.port, method: 'POST', path: '/api/appInfo', headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
      const mb = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 31) {
          sent++;
          if (!req.write(mb)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(chunked).toBe(413);
    const ok = await request(host.port, { method: 'POST', path: '/api/appInfo', headers, body: '{}' });
    expect(ok.status).toBe(200);
  });

  it('answers a malformed address with 400 or 404, never an internal error', async () => {
    const headers = { host: hostHeader, cookie: `ra_token=${token}` };
    const api = await request(host.port, { method: 'POST', path: '/api/%E0%A4%A', headers: { ...headers, ...json }, body: '{}' });
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { kind: 'usage' } });
    for (const p of ['/%E0%A4%A', '/assets/%', '/a%00.js']) expect((await request(host.port, { path: p, headers })).status, p).toBe(404);
    expect((await request(host.port, { path: '/media/%E0%A4%A', headers })).status).toBe(404);
  });

  it('serves nothing outside the UI folder, plain or encoded', async () => {
    const headers = { host: hostHeader, cookie: `ra_token=${token}` };
    // The data folder is the UI folder's sibling here: ../data/vault.json would be its vault.
    for (const p of [
      '/../data/vault.json',
      '/..%2Fdata%2Fvault.json',
      '/%2e%2e/data/vault.json',
      '/%2E%2E%2Fdata%2Fvault.json',
      '/..%5Cdata%5Cvault.json',
      '//..//data/vault.json',
      '/assets/../../data/vault.json',
    ]) {
      const r = await request(host.port, { path: p, headers });
      expect(r.body, p).not.toContain('not media');
      expect([200, 404], p).toContain(r.status);
      // A 200 is the app shell (client-side route fallback), never the file.
      if (r.status === 200) expect(r.body, p).toContain('<title>ui</title>');
    }
  });

  it('opens the event stream only with the token, from our origin', async () => {
    expect((await request(host.port, { path: '/events', headers: { host: hostHeader } })).status).toBe(401);
    expect((await request(host.port, { path: '/events?token=wrong', headers: { host: hostHeader } })).status).toBe(401);
    const foreign = await request(host.port, {
      path: '/events',
      headers: { host: hostHeader, cookie: `ra_token=${token}`, origin: `http://localhost:${host.port + 1}` },
    });
    expect(foreign.status).toBe(403);
    const opened = await new Promise<{ status: number; type: string }>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: host.port, path: '/events', headers: { host: hostHeader, cookie: `ra_token=${token}` } }, (res) => {
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']) });
        req.destroy();
      });
      req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
    });
    expect(opened).toEqual({ status: 200, type: 'text/event-stream' });
  });

  it('refuses requests from another local origin or an opaque one (CSRF), with the cookie riding along', async () => {
    for (const origin of [
      `http://localhost:${host.port + 1}`,
      `http://127.0.0.1:${host.port + 1}`,
      'null',
      `https://127.0.0.1:${host.port}`,
      `http://[::1]:${host.port}`,
    ]) {
      const r = await request(host.port, {
        method: 'POST',
        path: '/api/deleteSubmission',
        headers: { host: hostHeader, origin, cookie: `ra_token=${token}`, ...json },
        body: '{"name":"sample"}',
      });
      expect(r.status, origin).toBe(403);
    }
  });
});
