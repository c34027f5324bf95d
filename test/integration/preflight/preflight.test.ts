// Proves the Graph API pre-flight against the local Graph server: good and bad apps, bad secrets, rate limits, timeouts, retries.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../app/common/errors';
import { runChecks } from '../../../app/review/checks/run';
import { GraphClient, GraphError, retryAfterMs } from '../../../app/review/preflight/graph-client';
import { GraphAppSchema } from '../../../app/review/preflight/facts';
import { runPreflight } from '../../../app/review/preflight/run';
import { startGraphServer, type GraphServer, type GraphServerState } from '../../../app/review/preflight/testing/graph-server';
import { startMmeServer, type MmeServer } from '../../../app/review/preflight/testing/mme-server';
import { goodInput, goodProfile } from '../../fixtures/checks/submission';

const profile = goodProfile();

function wellConfigured(): Partial<GraphServerState> & Pick<GraphServerState, 'appId' | 'appSecret'> {
  const p = goodProfile();
  return {
    appId: p.gateway.appId,
    appSecret: p.gateway.appSecret,
    app: {
      name: p.metaApp.name,
      category: 'Business and pages',
      app_domains: ['acme-support.example'],
      privacy_policy_url: p.metaApp.privacyPolicyUrl,
      deauth_callback_url: p.gateway.uri,
      contact_email: p.metaApp.contactEmail,
    },
    subscriptions: [
      {
        object: 'page',
        callback_url: p.gateway.uri,
        active: true,
        fields: [
          { name: 'messages', version: 'v24.0' },
          { name: 'messaging_postbacks', version: 'v24.0' },
        ],
      },
    ],
    roles: [
      { app_id: p.gateway.appId, user: '1000001', role: 'administrators' },
      { app_id: p.gateway.appId, user: '1000002', role: 'testers' },
    ],
    permissions: [{ permission: 'pages_show_list', status: 'live' }],
    pages: [{ id: p.pages[0]!.id, name: p.pages[0]!.name, username: p.pages[0]!.username, link: `https://www.facebook.com/${p.pages[0]!.username}` }],
  };
}

let server: GraphServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// Every pre-flight also asks m.me; a local stand-in where the link opens keeps these tests off the network.
let mme: MmeServer;
beforeAll(async () => {
  mme = await startMmeServer({ behaviour: 'opens', username: profile.pages[0]!.username, pageId: profile.pages[0]!.id });
});
afterAll(() => mme.close());

const fast = {
  timeoutMs: 2000,
  backoffMs: 10,
  get mmeUrl() {
    return mme.url;
  },
};

describe('pre-flight against the local Graph server', () => {
  it('reads the app, subscriptions, roles and permissions, and every pre-flight check passes', async () => {
    server = await startGraphServer(wellConfigured());
    const facts = await runPreflight(profile, { baseUrl: server.url, testUserId: '1000002', ...fast });
    expect(facts.errors).toEqual([]);
    expect(facts.app?.deauth_callback_url).toBe(profile.gateway.uri);
    expect(facts.subscriptions?.[0]?.fields.map((f) => f.name)).toContain('messages');
    expect(facts.roles?.filter((r) => r.role === 'testers')).toHaveLength(1);
    // API version from the profile; token sent; reads one after another.
    expect(server.requests.map((r) => r.path)).toEqual([
      `/v24.0/${profile.gateway.appId}`,
      `/v24.0/${profile.gateway.appId}/subscriptions`,
      `/v24.0/${profile.gateway.appId}/roles`,
      `/v24.0/${profile.gateway.appId}/permissions`,
      `/v24.0/${profile.pages[0]!.id}`,
    ]);
    expect(facts.page).toMatchObject({ id: profile.pages[0]!.id, name: profile.pages[0]!.name, username: profile.pages[0]!.username });
    expect(server.requests[0]?.query.fields).toContain('server_ip_whitelist');
    expect(server.requests.every((r) => r.tokenOk)).toBe(true);
    expect(server.requests[0]?.query.fields).toContain('deauth_callback_url');

    const input = { ...goodInput(), preflight: facts };
    const pre = runChecks(input).results.filter((r) => r.ruleId.startsWith('preflight.') || r.ruleId === 'gateway.callback-uris');
    expect(pre.filter((r) => r.status === 'fail')).toEqual([]);
    expect(pre.find((r) => r.id === 'preflight.permissions:pages_show_list')?.message).toMatch(/already lists it \(status "live"\)/);
    expect(facts.mme).toMatchObject({ outcome: 'opens', conversation: profile.pages[0]!.id });
    expect(pre.find((r) => r.id === 'preflight.mme')?.message).toMatch(
      /acmehelp still opens a conversation on a desktop browser \(it lands on https:\/\/www\.facebook\.com\/messages\/t\/100200300400500\)\. The texts send the reviewer to https:\/\/www\.facebook\.com\/messages\/t\/100200300400500/,
    );
  });

  it('a Page the app token may not read is a skip with the reason, not a failed pre-flight; an IP whitelist is a warning', async () => {
    const s = wellConfigured();
    s.pages = [];
    s.app = { ...s.app, server_ip_whitelist: '198.51.100.4' };
    server = await startGraphServer(s);
    const facts = await runPreflight(profile, { baseUrl: server.url, testUserId: '1000002', ...fast });
    expect(facts.errors.map((e) => [e.read, e.error.code])).toEqual([['page', 100]]);
    const byId = new Map(runChecks({ ...goodInput(), preflight: facts }).results.map((r) => [r.id, r]));
    expect(byId.get('preflight.graph')?.status).toBe('pass');
    expect(byId.get('preflight.page')).toMatchObject({ status: 'skip' });
    expect(byId.get('preflight.page')?.message).toMatch(/Page Public Metadata Access/);
    expect(byId.get('preflight.settings-blockers')).toMatchObject({ status: 'fail', severity: 'warning' });
    // What the Graph API cannot tell is said, not passed over.
    expect(byId.get('preflight.settings-blockers')?.message).toMatch(/"Require 2FA reauth" cannot be read through the Graph API/);
    expect(byId.get('preflight.settings-blockers:data-access-renewal')).toMatchObject({
      status: 'skip',
      severity: 'info',
      message: expect.stringMatching(
        /^A pending Data Access Renewal cannot be read through the Graph API; while one is pending "Submit for review" stays greyed out/,
      ),
    });
  });

  it('turns a misconfigured app into failing checks', async () => {
    const s = wellConfigured();
    s.app = { ...s.app, deauth_callback_url: 'https://old.example/chat/zzz' };
    s.subscriptions = [{ object: 'page', callback_url: 'https://old.example/chat/zzz', active: true, fields: [{ name: 'feed' }] }];
    server = await startGraphServer(s);
    const facts = await runPreflight(profile, { baseUrl: server.url, ...fast });
    const fails = runChecks({ ...goodInput(), preflight: facts }).results.filter((r) => r.status === 'fail');
    const msgs = fails.map((f) => `${f.id}: ${f.message}`).join('\n');
    expect(msgs).toMatch(/gateway\.callback-uris:deauthorize: The Deauthorize Callback URL is https:\/\/old\.example\/chat\/zzz/);
    expect(msgs).toMatch(/preflight\.webhook:callback: The Page webhook calls https:\/\/old\.example/);
    expect(msgs).toMatch(/preflight\.webhook:messages: .*does not subscribe to "messages"/);
    expect(msgs).toMatch(/preflight\.tester: The app has 1 tester/);
  });

  it('reports a bad App Secret (190) with message, code, subcode and fbtrace_id, and stops reading', async () => {
    server = await startGraphServer({ ...wellConfigured(), appSecret: 'ffffffffffffffffffffffffffffffff' });
    const facts = await runPreflight(profile, { baseUrl: server.url, ...fast });
    expect(server.requests).toHaveLength(1);
    expect(facts.errors).toHaveLength(1);
    const e = facts.errors[0]?.error;
    expect(e).toMatchObject({ reason: 'auth', code: 190, subcode: 460, message: 'Error validating application. Invalid application secret.' });
    expect(e?.fbtraceId).toMatch(/^AbCdEfGh/);
    expect(facts.notRun).toEqual(['subscriptions', 'roles', 'permissions', 'page']);
    const r = runChecks({ ...goodInput(), preflight: facts }).results.find((x) => x.id === 'preflight.graph:app');
    expect(r?.status).toBe('fail');
    expect(r?.message).toMatch(/\(code 190, subcode 460\), fbtrace_id AbCdEfGh/);
    expect(r?.fix).toMatch(/App Secret is wrong/);
    expect(r?.target.field).toBe('gateway.appSecret');
    // The secret never appears in what we report.
    expect(JSON.stringify(facts)).not.toContain(profile.gateway.appSecret);
  });

  it('stops at a rate limit (4) without retrying when no short wait is given', async () => {
    server = await startGraphServer({ ...wellConfigured(), always: 'rate-limit' });
    const facts = await runPreflight(profile, { baseUrl: server.url, ...fast });
    expect(server.requests).toHaveLength(1);
    expect(facts.errors[0]?.error).toMatchObject({ reason: 'rate-limit', code: 4 });
    expect(facts.errors[0]?.error.hint).toMatch(/wait .* before running the pre-flight again \(X-App-Usage: .*call_count/);
    expect(facts.notRun).toHaveLength(4);
  });

  it('waits once when the rate limit names a short Retry-After, then succeeds', async () => {
    server = await startGraphServer({ ...wellConfigured(), faults: ['rate-limit'], retryAfterSec: 0 });
    const facts = await runPreflight(profile, { baseUrl: server.url, maxRateLimitWaitMs: 1000, ...fast });
    expect(facts.errors).toEqual([]);
    expect(server.requests).toHaveLength(6);
  });

  it('reports a long Retry-After instead of waiting for it', async () => {
    server = await startGraphServer({ ...wellConfigured(), always: 'rate-limit', retryAfterSec: 3600 });
    const facts = await runPreflight(profile, { baseUrl: server.url, maxRateLimitWaitMs: 1000, ...fast });
    expect(server.requests).toHaveLength(1);
    expect(facts.errors[0]?.error.hint).toMatch(/wait 3600 s/);
  });

  it('gives up on a request that does not answer within the timeout', async () => {
    server = await startGraphServer({ ...wellConfigured(), always: 'timeout' });
    const facts = await runPreflight(profile, { baseUrl: server.url, timeoutMs: 300, backoffMs: 10, mmeUrl: mme.url });
    expect(facts.errors[0]?.error).toMatchObject({ reason: 'timeout' });
    expect(facts.errors[0]?.error.message).toMatch(/got no answer within/);
    expect(facts.notRun).toEqual(['subscriptions', 'roles', 'permissions', 'page']);
  });

  it('says clearly when the answer is not JSON', async () => {
    server = await startGraphServer({ ...wellConfigured(), faults: ['malformed'] });
    const facts = await runPreflight(profile, { baseUrl: server.url, ...fast });
    expect(facts.errors).toHaveLength(1);
    expect(facts.errors[0]).toMatchObject({ read: 'app', error: { reason: 'malformed' } });
    expect(facts.errors[0]?.error.message).toMatch(/HTTP 200 with something that is not JSON \(text\/html: "<html>/);
    // A malformed answer is not fatal: the other reads still ran.
    expect(facts.subscriptions).toHaveLength(1);
  });

  it('says which field is wrong when JSON has the wrong shape', async () => {
    server = await startGraphServer({ ...wellConfigured(), faults: ['bad-shape'] });
    const client = new GraphClient({ appId: profile.gateway.appId, appSecret: profile.gateway.appSecret, apiVersion: 'v24.0', baseUrl: server.url, ...fast });
    const err = await client.get(`${profile.gateway.appId}`, { fields: 'id' }, GraphAppSchema).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).info.reason).toBe('malformed');
    expect((err as GraphError).message).toMatch(/unexpected shape \(id: /);
  });

  it('retries temporary errors (codes 2 and 1) with back-off, then succeeds', async () => {
    server = await startGraphServer({ ...wellConfigured(), faults: ['transient', 'unknown'] });
    const facts = await runPreflight(profile, { baseUrl: server.url, ...fast });
    expect(facts.errors).toEqual([]);
    expect(server.requests.slice(0, 3).map((r) => r.path)).toEqual(Array(3).fill(`/v24.0/${profile.gateway.appId}`));
    expect(server.requests).toHaveLength(7);
  });

  it('reports a temporary error that persists after the attempts run out', async () => {
    server = await startGraphServer({ ...wellConfigured(), faults: ['transient', 'transient', 'transient'] });
    const facts = await runPreflight(profile, { baseUrl: server.url, attempts: 3, ...fast });
    expect(facts.errors[0]).toMatchObject({ read: 'app', error: { code: 2, reason: 'graph' } });
    expect(facts.errors[0]?.error.hint).toMatch(/temporary/);
    expect(facts.app).toBeUndefined();
    expect(facts.subscriptions).toHaveLength(1); // later reads still run
  });

  it('uses the configured API version and reports an unreachable server as a network error', async () => {
    server = await startGraphServer(wellConfigured());
    await runPreflight(profile, { baseUrl: server.url, apiVersion: 'v23.0', ...fast });
    expect(server.requests[0]?.path).toBe(`/v23.0/${profile.gateway.appId}`);
    const url = server.url;
    await server.close();
    server = undefined;
    const facts = await runPreflight(profile, { baseUrl: url, ...fast });
    expect(facts.errors[0]?.error.reason).toBe('network');
    expect(facts.errors[0]?.error.message).toMatch(/could not reach http:\/\/127\.0\.0\.1/);
  });

  it('is cancelled by its signal', async () => {
    server = await startGraphServer({ ...wellConfigured(), always: 'timeout' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await runPreflight(profile, { baseUrl: server.url, timeoutMs: 10_000, signal: ac.signal, mmeUrl: mme.url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).kind).toBe('cancelled');
  });

  it('refuses to start without App ID and App Secret', async () => {
    const p = goodProfile();
    p.gateway.appSecret = '';
    await expect(runPreflight(p, { baseUrl: 'http://127.0.0.1:9' })).rejects.toThrow(/needs the gateway\.appSecret/);
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('5')).toBe(5000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
