// Proves the m.me probe against a local m.me: a link that opens the facebook.com thread, one that lands elsewhere, no answer, no server.
import { afterEach, describe, expect, it } from 'vitest';
import { runChecks } from '../../../app/review/checks/run';
import { probeMmeLink } from '../../../app/review/preflight/mme-probe';
import { runPreflight } from '../../../app/review/preflight/run';
import { startGraphServer } from '../../../app/review/preflight/testing/graph-server';
import { startMmeServer, type MmeBehaviour, type MmeServer } from '../../../app/review/preflight/testing/mme-server';
import { exportTexts } from '../../../app/review/texts/index';
import { goodInput, goodPreflight, goodProfile } from '../../fixtures/checks/submission';

const profile = goodProfile();
const page = profile.pages[0]!;
const thread = `https://www.facebook.com/messages/t/${page.id}`;

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function mme(behaviour: MmeBehaviour): Promise<MmeServer> {
  const s = await startMmeServer({ behaviour, username: page.username, pageId: page.id });
  servers.push(s);
  return s;
}

describe('m.me probe', () => {
  it('follows the redirects to the facebook.com thread and stops there: it opens', async () => {
    const s = await mme('opens');
    const r = await probeMmeLink(page.username, { baseUrl: s.url });
    expect(r).toEqual({ url: `${s.url}/${page.username}`, outcome: 'opens', landedAt: thread, conversation: page.id });
    // Both hops asked as a desktop browser; facebook.com itself never fetched (logged out it would answer with its login page).
    expect(s.requests.map((q) => q.path)).toEqual([`/${page.username}`, `/hop/${page.username}`]);
    expect(s.requests.every((q) => /Chrome\/\d+/.test(q.userAgent) && !/Mobile/.test(q.userAgent))).toBe(true);
  });

  it('follows a meta refresh to the thread', async () => {
    const s = await mme('meta-refresh');
    const r = await probeMmeLink(page.username, { baseUrl: s.url });
    expect(r).toMatchObject({ outcome: 'opens', landedAt: `${thread}?ref=mme&x=1`, conversation: page.id });
  });

  it('says where it landed when it lands on the messenger.com retirement page', async () => {
    const s = await mme('retired');
    const r = await probeMmeLink(page.username, { baseUrl: s.url });
    expect(r).toEqual({
      url: `${s.url}/${page.username}`,
      outcome: 'does-not-open',
      landedAt: `${s.url}/messenger.com/t/${page.username}`,
      status: 200,
      title: 'Messenger.com is no longer available',
    });
  });

  it('a login page is not a conversation either', async () => {
    const s = await mme('login');
    const r = await probeMmeLink(page.username, { baseUrl: s.url });
    expect(r).toMatchObject({ outcome: 'does-not-open', title: 'Log in to Facebook', status: 200 });
    expect(r.landedAt).toMatch(/\/login\.php\?next=/);
  });

  it('a redirect loop ends after ten hops and does not open', async () => {
    const s = await mme('loop');
    const r = await probeMmeLink(page.username, { baseUrl: s.url });
    expect(r).toMatchObject({ outcome: 'does-not-open', reason: 'more than 10 redirects' });
    expect(s.requests).toHaveLength(11);
  });

  it('no answer within the timeout, or no server, is "could not check", not an error', async () => {
    const s = await mme('timeout');
    expect(await probeMmeLink(page.username, { baseUrl: s.url, timeoutMs: 300 })).toEqual({
      url: `${s.url}/${page.username}`,
      outcome: 'unchecked',
      reason: 'no answer within 300 ms',
    });
    const gone = await mme('opens');
    const url = gone.url;
    await gone.close();
    const r = await probeMmeLink(page.username, { baseUrl: url });
    expect(r.outcome).toBe('unchecked');
    expect(r.reason).toMatch(/^could not reach 127\.0\.0\.1:\d+: ECONNREFUSED/);
  });

  it('is cancelled by its signal', async () => {
    const s = await mme('timeout');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await expect(probeMmeLink(page.username, { baseUrl: s.url, timeoutMs: 10_000, signal: ac.signal })).rejects.toThrow();
  });
});

describe('m.me in the pre-flight', () => {
  async function preflightWith(behaviour: MmeBehaviour) {
    const p = goodPreflight();
    const graph = await startGraphServer({
      appId: profile.gateway.appId,
      appSecret: profile.gateway.appSecret,
      app: { ...p.app },
      subscriptions: p.subscriptions ?? [],
      roles: p.roles ?? [],
      permissions: [],
      pages: [{ id: page.id, name: page.name, username: page.username }],
      faults: [],
    });
    servers.push(graph);
    const s = await mme(behaviour);
    const facts = await runPreflight(profile, { baseUrl: graph.url, mmeUrl: s.url, mmeTimeoutMs: 300, testUserId: '1000002', backoffMs: 10 });
    const report = runChecks({ ...goodInput(), preflight: facts });
    return { facts, report, result: report.results.find((r) => r.ruleId === 'preflight.mme')!, mmeUrl: s.url };
  }

  it('a link that lands elsewhere is a warning saying where, never blocking, and the texts keep the facebook.com thread', async () => {
    const { facts, report, result, mmeUrl } = await preflightWith('retired');
    expect(facts.errors).toEqual([]);
    expect(result).toMatchObject({ status: 'fail', severity: 'warning' });
    expect(result.message).toContain(
      `does not open a conversation on a desktop browser: it lands on ${mmeUrl}/messenger.com/t/acmehelp (HTTP 200, "Messenger.com is no longer available")`,
    );
    expect(result.message).toContain(`The texts send the reviewer to ${thread}`);
    expect(result.fix).toContain(thread);
    expect(report.ok).toBe(true);
    const texts = JSON.stringify(exportTexts(profile));
    expect(texts).toContain(thread);
    expect(texts).not.toMatch(/m\.me\//);
  });

  it('a link that opens passes; no answer is a skip that says it could not check', async () => {
    expect((await preflightWith('opens')).result).toMatchObject({ status: 'pass', message: expect.stringMatching(/still opens a conversation/) });
    const { facts, result } = await preflightWith('timeout');
    expect(facts.errors).toEqual([]);
    expect(result).toMatchObject({ status: 'skip', message: expect.stringMatching(/^Could not check where .*acmehelp lands \(no answer within 300 ms\)/) });
  });
});
