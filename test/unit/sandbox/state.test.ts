// Proves the sandbox's rules: a message reaches Workspace only through a connected, subscribed Page, plus replies, webhooks and logins.
import { describe, expect, it } from 'vitest';
import { SandboxError, SandboxState, WEBITEL_TFA_CODE } from '../../../app/sandbox/state';
import { sampleSeed } from '../../../app/sandbox/seed';
import { signWebhookBody } from '../../../app/sandbox/webhook';

function setup() {
  const seed = sampleSeed();
  const state = new SandboxState(seed);
  const page = seed.pages[0]!;
  const customer = seed.facebook.customer;
  const connect = (subscribed: boolean) => {
    const code = state.issueOAuthCode({ userId: seed.facebook.pageAdmin.id, clientId: seed.gateway.appId, redirectUri: 'r', pageIds: [page.id], scopes: [] });
    state.connectPages(seed.gateway.uri, state.redeemOAuthCode(code, 'r'));
    if (subscribed) state.setSubscribed(seed.gateway.uri, page.id, true);
  };
  return { seed, state, page, customer, connect };
}

describe('sandbox routing', () => {
  it('routes a message to Workspace only when the Page is connected, subscribed and Call Center is on', () => {
    const { state, page, customer, connect } = setup();
    // not connected
    state.setAgent('online', null);
    expect(state.customerSend(page.id, customer.id, 'one').routed).toBe(false);
    // connected but not subscribed
    connect(false);
    expect(state.customerSend(page.id, customer.id, 'two').routed).toBe(false);
    expect(state.webhookDeliveries).toBe(0);
    // subscribed but Call Center off
    state.setSubscribed(state.seed.gateway.uri, page.id, true);
    state.setAgent('offline', null);
    expect(state.customerSend(page.id, customer.id, 'three').routed).toBe(false);
    expect(state.webhookDeliveries).toBe(1);
    expect(state.listChats()).toHaveLength(0);
    // all three
    state.setAgent('online', null);
    expect(state.customerSend(page.id, customer.id, 'four').routed).toBe(true);
    const chats = state.listChats();
    expect(chats).toHaveLength(1);
    expect(chats[0]!.customer.name).toBe(customer.name);
    // Only the name goes to Workspace: its avatars are initials, never a picture.
    expect(Object.keys(chats[0]!.customer).sort()).toEqual(['id', 'name']);
    expect(chats[0]!.state).toBe('invite');
    expect(chats[0]!.messages.map((m) => m.text)).toEqual(['four']);
    expect(state.conversation(page.id, customer.id).messages.map((m) => [m.text, m.routed])).toEqual([
      ['one', false],
      ['two', false],
      ['three', false],
      ['four', true],
    ]);
  });

  it('offers no chat to an agent on a break, and an agent left on one stays on it after a reset', () => {
    const { state, page, customer, connect } = setup();
    connect(true);
    for (const status of ['pause', 'breakout'] as const) {
      state.setAgent(status, null);
      expect(state.customerSend(page.id, customer.id, status).routed).toBe(false);
    }
    expect(state.listChats()).toHaveLength(0);
    state.agentAtStart = { status: 'pause', activity: 'Lunch', forMs: 60_000 };
    state.reset();
    expect(state.agentInfo()).toMatchObject({ status: 'pause', activity: 'Lunch' });
    expect(Date.now() - state.agentInfo().since).toBeGreaterThanOrEqual(60_000);
  });

  it("cuts Workspace's live connection and refuses it for a while or for good; a reset brings it back", () => {
    let now = 1_000_000;
    const state = new SandboxState(sampleSeed(), () => now);
    const cut: string[] = [];
    const off = state.onWorkspaceLink(() => cut.push('first'));
    state.onWorkspaceLink(() => cut.push('second'));
    off();
    expect(state.workspaceLinkUp).toBe(true);
    state.dropWorkspaceLink(4000);
    expect([cut, state.workspaceLinkUp]).toEqual([['second'], false]);
    now += 3999;
    expect(state.workspaceLinkUp).toBe(false);
    now += 1;
    expect(state.workspaceLinkUp).toBe(true);
    state.dropWorkspaceLink(Infinity);
    now += 3_600_000;
    expect(state.workspaceLinkUp).toBe(false);
    expect(state.workspaceLinkDrops).toBe(2);
    state.reset();
    expect([state.workspaceLinkUp, state.workspaceLinkDrops]).toEqual([true, 0]);
  });

  it('delivers the reply to the customer only after Accept', () => {
    const { state, page, customer, connect } = setup();
    connect(true);
    state.setAgent('online', null);
    state.customerSend(page.id, customer.id, 'Hello');
    const chat = state.listChats()[0]!;
    expect(() => state.operatorSend(chat.id, 'Hi')).toThrow(SandboxError);
    const events: string[] = [];
    state.onMessenger((e) => events.push(`${e.message.from}:${e.message.text}`));
    state.joinChat(chat.inviteId);
    state.operatorSend(chat.id, 'Hi, how can I help?');
    expect(events).toEqual(['page:Hi, how can I help?']);
    expect(state.conversation(page.id, customer.id).messages.at(-1)).toMatchObject({ from: 'page', text: 'Hi, how can I help?' });
    // a follow-up joins the open chat, even with Call Center off
    state.setAgent('offline', null);
    state.customerSend(page.id, customer.id, 'Thanks');
    expect(state.listChats()).toHaveLength(1);
    expect(state.listChats()[0]!.messages.map((m) => m.text)).toEqual(['Hello', 'Hi, how can I help?', 'Thanks']);
  });

  it('rejects a webhook with a wrong signature and accepts a correctly signed one', () => {
    const { state, seed, page, customer, connect } = setup();
    connect(true);
    state.setAgent('online', null);
    const body = JSON.stringify({
      object: 'page',
      entry: [
        {
          id: page.id,
          time: 1,
          messaging: [{ sender: { id: customer.id }, recipient: { id: page.id }, timestamp: 1, message: { mid: 'm1', text: 'via webhook' } }],
        },
      ],
    });
    expect(() => state.receiveWebhook(seed.gateway.uri, body, signWebhookBody(body, 'f'.repeat(32)))).toThrow(/X-Hub-Signature/);
    expect(() => state.receiveWebhook(seed.gateway.uri, body, {})).toThrow(SandboxError);
    const sig = signWebhookBody(body, seed.gateway.appSecret);
    expect(state.receiveWebhook(seed.gateway.uri, body, { 'x-hub-signature': sig['x-hub-signature'] })).toEqual({ routed: 1 });
    expect(state.listChats()[0]!.messages[0]!.text).toBe('via webhook');
  });

  it('connects only the Pages the user manages and removes the unselected ones', () => {
    const { state, seed, page } = setup();
    const other = { id: '999', name: 'Not Mine', username: 'notmine' };
    seed.pages.push(other);
    const code = state.issueOAuthCode({
      userId: seed.facebook.pageAdmin.id,
      clientId: seed.gateway.appId,
      redirectUri: 'r',
      pageIds: [page.id, other.id],
      scopes: [],
    });
    expect(() => state.redeemOAuthCode(code, 'elsewhere')).toThrow(/redirect_uri/);
    const pages = state.connectPages(seed.gateway.uri, state.redeemOAuthCode(code, 'r'));
    expect(pages.map((p) => p.id)).toEqual([page.id]);
    expect(pages[0]!.accounts).toEqual([seed.facebook.pageAdmin.name]);
    expect(() => state.redeemOAuthCode(code, 'r')).toThrow(/used/);
    state.setSubscribed(seed.gateway.uri, page.id, true);
    state.connectPages(seed.gateway.uri, { userId: seed.facebook.pageAdmin.id, clientId: '', redirectUri: 'r', pageIds: [], scopes: [] });
    expect(state.gateway(seed.gateway.id)!.pages).toEqual([]);
    expect(() => state.setSubscribed(seed.gateway.uri, page.id, true)).toThrow(/not connected/);
  });

  it('checks Webitel logins in both forms and Facebook logins with the code step', () => {
    const { state, seed } = setup();
    const op = seed.webitel.operator;
    expect(() => state.login(op.login, 'wrong')).toThrow('Invalid login or password');
    expect(state.roleOf(state.login(op.login.toUpperCase(), op.password))).toBe('operator');
    const [user, domain] = seed.webitel.admin.login.split('@') as [string, string];
    expect(state.roleOf(state.login(user, seed.webitel.admin.password, domain))).toBe('admin');
    expect(state.domainExists(domain)).toBe(true);
    expect(state.domainExists('nope.example.org')).toBe(false);
    expect(state.roleOf('not-a-token')).toBeUndefined();

    const c = seed.facebook.customer;
    expect(() => state.facebookLogin('messenger', c.email, 'x')).toThrow(/incorrect/);
    const r = state.facebookLogin('messenger', c.email, c.password);
    expect('session' in r && state.facebookSessionUser('messenger', r.session)?.id).toBe(c.id);
    // sessions are per site (per origin)
    expect('session' in r && state.facebookSessionUser('facebook', r.session)).toBeUndefined();

    seed.facebook.pageAdmin.needsCode = true;
    const p = state.facebookLogin('facebook', seed.facebook.pageAdmin.email, seed.facebook.pageAdmin.password);
    expect('pending' in p).toBe(true);
    if (!('pending' in p)) return;
    expect(() => state.facebookCode(p.pending, '000000')).toThrow(/doesn't match/);
    const s = state.facebookCode(p.pending, seed.facebook.pageAdmin.code);
    expect(state.facebookSessionUser('facebook', s)?.id).toBe(seed.facebook.pageAdmin.id);
  });

  it('Webitel two-factor sessions and the forced password change (412) that reset() brings back', () => {
    const { state, seed } = setup();
    const op = seed.webitel.operator;
    const id = state.startWebitelTfa(state.checkWebitelPassword(op.login, op.password));
    expect(() => state.finishWebitelTfa(id, '000000')).toThrow('Invalid authentication code');
    expect(state.roleOf(state.finishWebitelTfa(id, WEBITEL_TFA_CODE))).toBe('operator');
    expect(() => state.finishWebitelTfa(id, WEBITEL_TFA_CODE)).toThrow(/expired/);

    state.forcePasswordChange = ['operator'];
    state.reset();
    expect(state.needsPasswordChange('operator')).toBe(true);
    expect(state.needsPasswordChange('admin')).toBe(false);
    state.changeWebitelPassword('operator', 'new-pass-1');
    expect(state.needsPasswordChange('operator')).toBe(false);
    expect(() => state.checkWebitelPassword(op.login, op.password)).toThrow('Invalid login or password');
    expect(state.checkWebitelPassword(op.login, 'new-pass-1')).toBe('operator');
    state.reset();
    expect(state.needsPasswordChange('operator')).toBe(true);
    expect(state.checkWebitelPassword(op.login, op.password)).toBe('operator');
  });

  it('reset() returns to the seed', () => {
    const { state, page, customer, connect, seed } = setup();
    connect(true);
    state.setAgent('online', null);
    const token = state.login(seed.webitel.operator.login, seed.webitel.operator.password);
    state.customerSend(page.id, customer.id, 'hi');
    state.reset();
    const snap = state.snapshot();
    expect(snap.agent.status).toBe('offline');
    expect(snap.chats).toEqual([]);
    expect(snap.conversations).toEqual([]);
    expect(snap.gateways[0]!.pages).toEqual([]);
    expect(state.roleOf(token)).toBeUndefined();
    expect(JSON.stringify(snap)).not.toContain(seed.gateway.appSecret);
  });
});
