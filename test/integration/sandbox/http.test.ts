// Proves the sandbox's HTTP interface (Host routing, consent dialog, APIs, webhooks, reset) and the `sandbox` command's output and errors.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSandbox, sampleSeed, type RunningSandbox } from '../../../app/sandbox/index';
import { signWebhookBody } from '../../../app/sandbox/webhook';
import { describeSandbox, formatSandboxDescription } from '../../../app/sandbox/describe';
import { main } from '../../../scripts/cli/main';

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

function request(port: number, host: string, path: string, opts: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { host: `${host}:${port}`, ...(opts.headers ?? {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    r.on('error', reject);
    if (opts.body) r.write(opts.body);
    r.end();
  });
}

/** Signs in to the sandbox's Webitel with a password and gives what the login API answers. */
async function webitelLogin(port: number, user: { login: string; password: string }): Promise<{ access_token: string; token_type: string }> {
  const body = JSON.stringify({ username: user.login, password: user.password });
  return JSON.parse((await request(port, 'webitel.localhost', '/api/login', { method: 'POST', body })).text) as { access_token: string; token_type: string };
}

/** Signs in to the sandbox's Facebook with a password: the answer, and the first cookie it sets (the session, or a login waiting for a check). */
async function facebookLogin(port: number, user: { email: string; password: string }, next: string): Promise<{ res: Res; cookie: string }> {
  const res = await request(port, 'facebook.localhost', `/login/?next=${encodeURIComponent(next)}`, {
    method: 'POST',
    body: new URLSearchParams({ email: user.email, pass: user.password }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  return { res, cookie: String(res.headers['set-cookie']?.[0] ?? '').split(';')[0]! };
}

/** The status a WebSocket handshake gets: 101 when it is taken, or the HTTP status it is refused with. */
function handshake(port: number, host: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers: { host: `${host}:${port}` } });
    ws.on('upgrade', () => {
      resolve(101);
      ws.terminate();
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    ws.on('error', reject);
  });
}

interface Link {
  ws: WebSocket;
  events: Array<{ event: string; data: unknown }>;
  /** The close code, once the connection ends. */
  closed: Promise<number>;
  request(action: string, data?: Record<string, unknown>): Promise<unknown>;
}

/** Workspace's live connection as a client: requests by `seq`, events kept in order. */
async function openLink(port: number): Promise<Link> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { host: `webitel.localhost:${port}` } });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const events: Link['events'] = [];
  let seq = 0;
  ws.on('message', (raw) => {
    const m = JSON.parse(String(raw)) as { seq_reply?: number; status?: string; data?: unknown; error?: { detail: string }; event?: string };
    const w = m.seq_reply ? waiting.get(m.seq_reply) : undefined;
    if (!w) return void events.push({ event: m.event ?? '', data: m.data });
    waiting.delete(m.seq_reply!);
    if (m.status === 'success') w.resolve(m.data);
    else w.reject(new Error(m.error?.detail ?? 'request failed'));
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    events,
    closed,
    request: (action, data = {}) =>
      new Promise((resolve, reject) => {
        seq += 1;
        waiting.set(seq, { resolve, reject });
        ws.send(JSON.stringify({ seq, action, data }));
      }),
  };
}

describe('sandbox HTTP interface', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ seed: sampleSeed(), ccSwitchDelayMs: 50 });
  });
  afterAll(async () => {
    await sb?.close();
  });

  it('routes by Host and refuses unknown hosts', async () => {
    const index = (await request(sb.port, '127.0.0.1', '/')).text;
    expect(index).toContain(sb.urls.workspace);
    expect(index).toContain(sb.seed.webitel.operator.login);
    expect(index).not.toContain(sb.seed.webitel.operator.password);
    expect((await request(sb.port, 'evil.example', '/')).status).toBe(421);
    expect((await request(sb.port, 'webitel.localhost', '/app/auth')).text).toContain('auth.js');
    expect((await request(sb.port, 'facebook.localhost', '/login/')).text).toContain('name="email"');
    const m = await request(sb.port, 'm.me.localhost', `/${sb.seed.pages[0]!.username}`);
    expect(m.status).toBe(302);
    expect(m.headers.location).toBe(sb.urls.messengerThread);
    // Messenger on facebook.com: a logged-out visitor meets the login wall at the thread's address.
    const wall = await request(sb.port, 'facebook.localhost', `/messages/t/${sb.seed.pages[0]!.id}`);
    expect(wall.status).toBe(200);
    expect(wall.text).toContain('name="email"');
    expect(wall.text).toContain(encodeURIComponent(`/messages/t/${sb.seed.pages[0]!.id}`));
  });

  it("Facebook: a login to approve on another device waits at /two_step_verification/authentication/ until the person approves it, then signs in; the account's language marks its pages", async () => {
    const seed = sampleSeed();
    seed.facebook.customer.approvesOnDevice = true;
    const fb = await startSandbox({ seed, facebookLanguage: { customer: 'uk' } });
    try {
      const f = 'facebook.localhost';
      const c = fb.seed.facebook.customer;
      const { res: login, cookie: pending } = await facebookLogin(fb.port, c, '/messages/');
      expect([login.status, login.headers.location]).toEqual([303, '/two_step_verification/authentication/?next=%2Fmessages%2F']);
      const page = await request(fb.port, f, login.headers.location!, { headers: { cookie: pending } });
      expect(page.text).toContain('Check your notifications on another device');
      // Before the login, the visitor's language (English here); the customer's own only once signed in.
      expect(page.text).toContain('<html lang="en">');
      const status = async () =>
        JSON.parse((await request(fb.port, f, '/two_step_verification/authentication/status/', { headers: { cookie: pending } })).text) as unknown;
      expect(await status()).toEqual({ waiting: true, approved: false });
      expect(fb.state.approveFacebookLogins()).toBe(1);
      expect(await status()).toEqual({ waiting: true, approved: true });
      const on = await request(fb.port, f, login.headers.location!, { headers: { cookie: pending } });
      expect([on.status, on.headers.location]).toEqual([302, '/messages/']);
      const session = (on.headers['set-cookie'] ?? []).map((x) => x.split(';')[0]!).find((x) => x.startsWith('fb_session=') && x.length > 12)!;
      const messages = await request(fb.port, f, '/messages/', { headers: { cookie: session } });
      expect(messages.text).toContain('<html lang="uk">');
      expect(messages.text).toContain('fb-lang.js');
      // Approved once: the pending login is gone.
      expect(await status()).toEqual({ waiting: false, approved: false });
      await expect(startSandbox({ seed: sampleSeed(), facebookLanguage: { customer: 'uk"><script>' } })).rejects.toThrow(
        /facebookLanguage.customer: .* is not a language code/,
      );
    } finally {
      await fb.close();
    }
  });

  it('Facebook: the dialog refuses scopes the app lacks ("Invalid Scopes"), "Continue with previous settings" replays the old grant, the cookie banner is served until answered', async () => {
    const f = 'facebook.localhost';
    const admin = sb.seed.facebook.pageAdmin;
    const { cookie: session } = await facebookLogin(sb.port, admin, '/');
    expect(session).toMatch(/^fb_session=/);
    const dialog = (scope: string, on: RunningSandbox = sb) =>
      `/${on.seed.gateway.apiVersion}/dialog/oauth?client_id=${on.seed.gateway.appId}&redirect_uri=${encodeURIComponent(on.urls.gatewayUrl)}&response_type=code&scope=${scope}&state=fb&display=popup&auth_type=rerequest`;
    const invalid = await request(sb.port, f, dialog('pages_show_list,pages_read_everything'), { headers: { cookie: session } });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('Invalid Scopes: pages_read_everything');
    const ok = await request(sb.port, f, dialog('pages_show_list,pages_messaging,pages_manage_metadata'), { headers: { cookie: session } });
    expect(ok.text).toContain('Facebook Login for Business');
    expect(ok.text).toContain('"previous":null');
    // A returning Page admin: the old grant ("all current and future Pages") is replayed at once.
    const returning = await startSandbox({ seed: sampleSeed(), facebookConsent: 'returning', cookieBanner: true });
    try {
      const { cookie: s2 } = await facebookLogin(returning.port, admin, '/');
      const page = await request(returning.port, f, dialog('pages_show_list', returning), { headers: { cookie: s2 } });
      expect(page.text).toContain('"optIn":"all"');
      expect(page.text).toContain('data-fb-cookie-banner');
      expect(
        (await request(returning.port, f, dialog('pages_show_list', returning), { headers: { cookie: `${s2}; fb_cookie_choice=all` } })).text,
      ).not.toContain('data-fb-cookie-banner');
      const confirm = await request(returning.port, f, `/${sb.seed.gateway.apiVersion}/dialog/oauth/confirm`, {
        method: 'POST',
        body: new URLSearchParams({
          client_id: sb.seed.gateway.appId,
          redirect_uri: returning.urls.gatewayUrl,
          state: 'fb',
          scope: 'pages_show_list',
          previous: '1',
        }).toString(),
        headers: { cookie: s2, 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(confirm.status).toBe(303);
      expect(String(confirm.headers.location).startsWith(`${returning.urls.gatewayUrl}?code=`)).toBe(true);
      expect(confirm.headers.location).toMatch(/&state=fb$/);
    } finally {
      await returning.close();
    }
  });

  it('login API, userinfo, the pages API needs the token, the setup redirect, webhook verify and signed events', async () => {
    const w = 'webitel.localhost';
    const op = sb.seed.webitel.admin;
    const bad = await request(sb.port, w, '/api/login', { method: 'POST', body: JSON.stringify({ username: op.login, password: 'x' }) });
    expect(bad.status).toBe(401);
    expect(JSON.parse(bad.text).detail).toBe('Invalid login or password');
    const ok = await webitelLogin(sb.port, op);
    expect(ok.token_type).toBe('Bearer');
    const info = JSON.parse((await request(sb.port, w, '/api/userinfo', { headers: { 'x-webitel-access': ok.access_token } })).text);
    expect(info.name).toBe(op.name);
    expect((await request(sb.port, w, '/api/userinfo')).status).toBe(401);
    const domain = op.login.split('@')[1]!;
    expect((await request(sb.port, w, `/api/login?domain=${domain}`)).status).toBe(200);
    expect((await request(sb.port, w, '/api/login?domain=nope.example.org')).status).toBe(404);

    const gw = `/chat/${sb.seed.gateway.uri}`;
    expect((await request(sb.port, w, `${gw}?pages=`)).status).toBe(401);
    expect(JSON.parse((await request(sb.port, w, `${gw}?pages=`, { headers: { 'x-webitel-access': ok.access_token } })).text)).toEqual([]);
    const setup = await request(sb.port, w, `${gw}?pages=setup`);
    const to = new URL(setup.headers.location!);
    expect(to.origin).toBe(sb.origins.facebook);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: sb.seed.gateway.appId,
      redirect_uri: sb.urls.gatewayUrl,
      auth_type: 'rerequest',
      response_type: 'code',
      scope: 'pages_show_list,pages_messaging,pages_manage_metadata',
    });

    expect((await request(sb.port, w, `${gw}?hub.mode=subscribe&hub.verify_token=t&hub.challenge=12345`)).text).toBe('12345');
    const body = JSON.stringify({ object: 'page', entry: [] });
    expect((await request(sb.port, w, gw, { method: 'POST', body, headers: { 'x-hub-signature-256': 'sha256=00' } })).status).toBe(403);
    const sig = signWebhookBody(body, sb.seed.gateway.appSecret);
    const good = await request(sb.port, w, gw, { method: 'POST', body, headers: { 'x-hub-signature-256': sig['x-hub-signature-256'] } });
    expect(good.status).toBe(200);
    expect(sb.state.snapshot().webhookDeliveries).toBe(1);
  });

  it("Admin's gateway list pages by 10 and searches names by prefix, as GET /chat/bots?page&size&q does", async () => {
    const many = await startSandbox({ seed: sampleSeed(), webitel: { otherGateways: 12 } });
    try {
      const w = 'webitel.localhost';
      const { access_token } = await webitelLogin(many.port, many.seed.webitel.admin);
      const list = async (query: string) =>
        JSON.parse((await request(many.port, w, `/api/chat/bots${query}`, { headers: { 'x-webitel-access': access_token } })).text) as {
          items: Array<{ name: string; provider: string }>;
          next: boolean;
        };
      const first = await list('?page=1&size=10');
      expect([first.items.length, first.next]).toEqual([10, true]);
      expect(first.items.some((g) => g.name === many.seed.gateway.name)).toBe(false);
      const second = await list('?page=2&size=10');
      expect([second.items.length, second.next]).toEqual([3, false]);
      expect(second.items.at(-1)).toMatchObject({ name: many.seed.gateway.name, provider: 'messenger' });
      // starToSearch appends "*": a prefix, in any case.
      const prefix = many.seed.gateway.name.slice(0, 4).toLowerCase();
      expect((await list(`?page=1&size=10&q=${encodeURIComponent(prefix + '*')}`)).items.map((g) => g.name)).toEqual([many.seed.gateway.name]);
      expect((await list(`?q=${encodeURIComponent(many.seed.gateway.name.slice(1) + '*')}`)).items).toEqual([]);
      expect((await list('?q=Viber*')).items.map((g) => g.name)).toEqual(['Viber 1', 'Viber 2', 'Viber 3']);
      expect((await request(many.port, w, '/api/chat/bots')).status).toBe(401);
    } finally {
      await many.close();
    }
  });

  it("Workspace's live connection: a WebSocket at /ws that answers requests once authenticated and pushes the agent's events", async () => {
    const w = 'webitel.localhost';
    expect(await handshake(sb.port, w, '/ws')).toBe(101);
    // Only Workspace's path on the Webitel host takes a WebSocket.
    expect([await handshake(sb.port, w, '/ws/other'), await handshake(sb.port, 'facebook.localhost', '/ws')]).toEqual([404, 404]);
    const link = await openLink(sb.port);
    try {
      await expect(link.request('cc_agent_session')).rejects.toThrow(/authenticate first/);
      await expect(link.request('authentication_challenge', { token: 'forged' })).rejects.toThrow(/Invalid or expired access token/);
      const { access_token } = await webitelLogin(sb.port, sb.seed.webitel.operator);
      expect(await link.request('authentication_challenge', { token: access_token })).toEqual({ session: { user_id: 'operator' } });
      expect(await link.request('cc_agent_session')).toMatchObject({ agent: { status: 'offline' } });
      await link.request('cc_agent_online');
      expect(link.events.some((e) => e.event === 'agent_status' && (e.data as { status?: string }).status === 'online')).toBe(true);
      await expect(link.request('no_such_action')).rejects.toThrow(/unknown action "no_such_action"/);
      // Not JSON: the server closes the connection ("unsupported data").
      link.ws.send('hello?');
      expect(await link.closed).toBe(1003);
    } finally {
      link.ws.terminate();
      sb.reset();
    }
  });

  it("webitel.connection: Workspace's live connection is cut a moment after the agent goes online, refused meanwhile, and back (drops) or not (lost)", async () => {
    for (const connection of ['drops', 'lost'] as const) {
      const sb = await startSandbox({ seed: sampleSeed(), webitel: { connection } });
      try {
        const { access_token } = await webitelLogin(sb.port, sb.seed.webitel.operator);
        const link = await openLink(sb.port);
        await link.request('authentication_challenge', { token: access_token });
        await link.request('cc_agent_online');
        // Cut 0.8 s after going online.
        expect(await link.closed).toBe(1006);
        expect(await handshake(sb.port, 'webitel.localhost', '/ws')).toBe(503);
        await new Promise((r) => setTimeout(r, 4200));
        expect([connection, await handshake(sb.port, 'webitel.localhost', '/ws')]).toEqual([connection, connection === 'drops' ? 101 : 503]);
      } finally {
        await sb.close();
      }
    }
  });

  it('webitel.connection: refused — the WebSocket handshake at /ws is answered 404, as by a proxy without a /ws location; the REST API still answers', async () => {
    const refused = await startSandbox({ seed: sampleSeed(), webitel: { connection: 'refused' } });
    try {
      expect(await handshake(refused.port, 'webitel.localhost', '/ws')).toBe(404);
      const { access_token } = await webitelLogin(refused.port, refused.seed.webitel.operator);
      const me = await request(refused.port, 'webitel.localhost', '/api/userinfo', { headers: { 'x-webitel-access': access_token } });
      expect(me.status).toBe(200);
    } finally {
      await refused.close();
    }
  });

  it("the printed description hides a real profile's passwords", () => {
    const hidden = JSON.stringify(describeSandbox(sb, { showPasswords: false }));
    for (const p of [
      sb.seed.webitel.admin.password,
      sb.seed.webitel.operator.password,
      sb.seed.facebook.pageAdmin.password,
      sb.seed.facebook.customer.password,
      sb.seed.gateway.appSecret,
    ]) {
      expect(hidden).not.toContain(p);
    }
    expect(hidden).toContain(sb.seed.webitel.operator.login);
    expect(formatSandboxDescription(describeSandbox(sb, { showPasswords: true }))).toContain(sb.seed.facebook.customer.password);
  });

  it('reset() goes back to the seed', async () => {
    sb.reset();
    expect(sb.state.snapshot().webhookDeliveries).toBe(0);
  });
});

describe('review-assistant sandbox', () => {
  it('prints URLs and logins as JSON and stops on cancel', async () => {
    const ac = new AbortController();
    let out = '';
    let err = '';
    const done = main(['sandbox', '--json', '--webitel-release', '26.08', '--webitel-2fa'], {
      stdout: (s) => (out += s),
      stderr: (s) => (err += s),
      signal: ac.signal,
      env: { ...process.env, REVIEW_ASSISTANT_DATA: '/nonexistent-sandbox-test' },
    });
    for (let i = 0; i < 200 && !out.includes('}\n'); i++) await new Promise((r) => setTimeout(r, 25));
    const d = JSON.parse(out) as {
      webitelRelease: string;
      urls: { index: string; workspace: string };
      logins: Array<{ role: string; login: string; password: string }>;
    };
    expect(d.webitelRelease).toBe('26.08');
    const port = Number(new URL(d.urls.index).port);
    // --webitel-2fa: the domain asks for a code after the password.
    const domain = sampleSeed().webitel.operator.login.split('@')[1]!;
    expect(JSON.parse((await request(port, 'webitel.localhost', `/api/login?domain=${domain}`)).text)).toMatchObject({
      enabled_tfa: true,
      login_options: 'local_password_only',
    });
    const seed = sampleSeed();
    // the sample's fake logins may be shown
    expect((await request(port, '127.0.0.1', '/')).text).toContain(seed.webitel.operator.password);
    expect(d.logins.find((l) => l.role === 'operator')).toMatchObject({ login: seed.webitel.operator.login, password: seed.webitel.operator.password });
    expect(out).not.toContain(seed.gateway.appSecret);
    ac.abort();
    expect(await done).toBe(0);
    expect(err).toContain('sandbox: closed');
    await expect(request(port, '127.0.0.1', '/')).rejects.toThrow();
  });

  it('bad options are usage errors (exit 2)', async () => {
    let err = '';
    const io = { stdout: () => {}, stderr: (s: string) => (err += s), signal: new AbortController().signal };
    expect(await main(['sandbox', '--port', 'abc'], io)).toBe(2);
    expect(err).toContain('--port must be a number');
    expect(await main(['sandbox', '--login-form', 'old'], io)).toBe(2);
    expect(err).toContain('--login-form must be two-step or domain-first');
    expect(await main(['sandbox', '--facebook-consent', 'sometimes'], io)).toBe(2);
    expect(err).toContain('--facebook-consent must be first-time or returning, not "sometimes"');
    expect(await main(['sandbox', '--webitel-release', '26.05'], io)).toBe(2);
    expect(err).toContain('--webitel-release must be 26.04, 26.06, 26.08, not "26.05"');
    expect(await main(['sandbox', '--webitel-release', '26.06', '--login-form', 'domain-first'], io)).toBe(2);
    expect(err).toContain('contradicts');
    expect(await main(['sandbox', '--webitel-password-change', 'root'], io)).toBe(2);
    expect(err).toContain('--webitel-password-change must be admin or operator');
  });
});
