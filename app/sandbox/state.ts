// Everything the sandbox remembers, with the rules that make the demo true (a message reaches Workspace only through a subscribed Page).
import { randomBytes } from 'node:crypto';
import { loginDomain, type FacebookUser, type SandboxPage, type SandboxSeed, type WebitelUser } from './seed';
import { isWebhookPayload, signWebhookBody, verifyWebhookSignature, type WebhookPayload } from './webhook';

/**
 * Everything the sandbox remembers, and the rules that make the demo true: a customer's
 * message reaches Workspace only through a connected, subscribed Page and only while the
 * operator's Call Center is on. No HTTP here, so the rules are unit-tested directly.
 */

export type WebitelRole = 'admin' | 'operator';
/** `breakout`: a pause the contact center puts the agent in, not the agent (webitel-sdk AgentStatus.BreakOut). */
export type AgentStatus = 'online' | 'pause' | 'breakout' | 'offline';

export interface ConnectedPage {
  id: string;
  name: string;
  /** Facebook users who connected the Page (the "Accounts" column). */
  accounts: string[];
  subscribed: boolean;
}

export interface Gateway {
  id: number;
  name: string;
  uri: string;
  appId: string;
  appSecret: string;
  apiVersion: string;
  flowSchema: string;
  enabled: boolean;
  provider: 'messenger';
  pages: ConnectedPage[];
}

export interface ChatMessage {
  id: number;
  from: 'customer' | 'operator';
  text: string;
  at: number;
}

export interface WorkspaceChat {
  id: string;
  inviteId: string;
  gatewayId: number;
  pageId: string;
  /** Only the name: Workspace draws chat avatars as initials (cc-workspaces chat-message.vue, SDK wt-avatar.vue). */
  customer: { id: string; name: string };
  /** invite = offered to the operator (Accept shown); active = joined; closed. */
  state: 'invite' | 'active' | 'closed';
  messages: ChatMessage[];
  createdAt: number;
}

export interface ConversationMessage {
  id: number;
  /** customer = the Facebook user wrote; page = the operator answered as the Page. */
  from: 'customer' | 'page';
  text: string;
  at: number;
  /** For customer messages: did it reach a Workspace chat? */
  routed: boolean;
}

export interface Conversation {
  pageId: string;
  userId: string;
  messages: ConversationMessage[];
}

export type WorkspaceEvent =
  | { event: 'agent_status'; data: AgentInfo }
  | { event: 'chat'; data: { action: 'user_invite'; chat: WorkspaceChat } }
  | { event: 'chat'; data: { action: 'message'; chatId: string; message: ChatMessage } }
  | { event: 'chat'; data: { action: 'join_conversation'; chatId: string } }
  | { event: 'chat'; data: { action: 'close_conversation'; chatId: string } };

export interface MessengerEvent {
  pageId: string;
  userId: string;
  message: ConversationMessage;
}

export interface AgentInfo {
  status: AgentStatus;
  /** Epoch ms the status began (the header's running duration). */
  since: number;
  activity: string | null;
}

export interface OAuthGrant {
  userId: string;
  clientId: string;
  redirectUri: string;
  pageIds: string[];
  scopes: string[];
  /** "Opt in to all current and future Pages" or "current Pages only". */
  optIn?: 'all' | 'current';
}

export type FacebookSite = 'facebook' | 'messenger';

/** Whether the Page admin meets Facebook Login for Business for the first time or has granted before. */
export type FacebookConsent = 'first-time' | 'returning';
export const FACEBOOK_CONSENTS = ['first-time', 'returning'] as const;

/** What a user granted last time: "Continue with previous settings" replays it. */
export interface PreviousGrant {
  optIn: 'all' | 'current';
  pageIds: string[];
  scopes: string[];
}

/** The scopes Webitel's gateway asks for (chat_manager bot/facebook/messenger.go `messengerFacebookScope`). */
export const GATEWAY_SCOPES = ['pages_show_list', 'pages_messaging', 'pages_manage_metadata'] as const;

export class SandboxError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Listener<T> = (e: T) => void;

/** The code the sandbox's Webitel two-factor step accepts (a stand-in for the authenticator app). */
export const WEBITEL_TFA_CODE = '246810';

/** What Webitel answers a wrong login with (web-client-auth shows it in a toast). */
export const WEBITEL_BAD_LOGIN = 'Invalid login or password';

export class SandboxState {
  private tokens = new Map<string, WebitelRole>();
  private tfaSessions = new Map<string, WebitelRole>();
  private mustChangePassword = new Set<WebitelRole>();
  private newPasswords = new Map<WebitelRole, string>();
  /** Roles whose password Webitel wants changed before any login (HTTP 412), re-applied by reset(). */
  forcePasswordChange: WebitelRole[] = [];
  /** The queue answers chats for the agent: a new chat arrives joined, with nothing to accept. */
  autoAnswerChats = false;
  /** Where the operator's agent is when the demo starts, re-applied by reset(): a break left over from a shift. */
  agentAtStart: { status: AgentStatus; activity: string | null; forMs: number } = { status: 'offline', activity: null, forMs: 0 };
  private agent: AgentInfo;
  private dnd = false;
  private gateways: Gateway[] = [];
  private chats: WorkspaceChat[] = [];
  private conversations: Conversation[] = [];
  private fbSessions = new Map<string, { userId: string; site: FacebookSite }>();
  private pendingCodes = new Map<string, { userId: string; site: FacebookSite; approval: boolean; approved: boolean }>();
  private oauthCodes = new Map<string, OAuthGrant>();
  private grantedUsers = new Set<string>();
  private previousGrants = new Map<string, PreviousGrant>();
  private consentHistory: FacebookConsent = 'first-time';
  private seq = 0;
  private workspaceListeners = new Set<Listener<WorkspaceEvent>>();
  /** Workspace's live connection (its WebSocket; here an event stream) is refused until then, on the state's clock. */
  private linkDownUntil = 0;
  private linkDroppers = new Set<() => void>();
  private linkDrops = 0;
  private messengerListeners = new Set<Listener<MessengerEvent>>();
  webhookDeliveries = 0;

  constructor(
    readonly seed: SandboxSeed,
    private readonly now: () => number = Date.now,
  ) {
    this.agent = { status: 'offline', since: now(), activity: null };
    this.reset();
  }

  /** Back to the seed: logged out everywhere, nothing connected, no chats. Listeners stay. */
  reset(): void {
    this.tokens.clear();
    this.tfaSessions.clear();
    this.newPasswords.clear();
    this.mustChangePassword = new Set(this.forcePasswordChange);
    this.fbSessions.clear();
    this.pendingCodes.clear();
    this.oauthCodes.clear();
    this.grantedUsers.clear();
    this.previousGrants.clear();
    // A returning Page admin granted every Page ("all current and future") some time before the demo.
    if (this.consentHistory === 'returning') {
      const admin = this.seed.facebook.pageAdmin;
      this.grantedUsers.add(admin.id);
      this.previousGrants.set(admin.id, { optIn: 'all', pageIds: [...admin.managesPages], scopes: [...GATEWAY_SCOPES] });
    }
    this.chats = [];
    this.conversations = [];
    this.dnd = false;
    this.linkDownUntil = 0;
    this.linkDrops = 0;
    this.webhookDeliveries = 0;
    const g = this.seed.gateway;
    this.gateways = [
      {
        id: g.id,
        name: g.name,
        uri: g.uri,
        appId: g.appId,
        appSecret: g.appSecret,
        apiVersion: g.apiVersion,
        flowSchema: g.flowSchema,
        enabled: true,
        provider: 'messenger',
        pages: [],
      },
    ];
    const start = this.agentAtStart;
    this.agent = { status: start.status, since: this.now() - start.forMs, activity: start.activity };
    this.emitWorkspace({ event: 'agent_status', data: this.agentInfo() });
  }

  private nextId(): number {
    return ++this.seq;
  }

  private randomToken(bytes = 16): string {
    return randomBytes(bytes).toString('hex');
  }

  // ---- Webitel: users and tokens ----

  webitelUser(role: WebitelRole): WebitelUser {
    return this.seed.webitel[role];
  }

  domainExists(domain: string): boolean {
    const d = domain.trim().toLowerCase();
    return (['admin', 'operator'] as const).some((r) => loginDomain(this.seed.webitel[r].login) === d);
  }

  /** `username` may be `user@domain` or a bare user with `domain` given (the 26.04 form). */
  checkWebitelPassword(username: string, password: string, domain?: string): WebitelRole {
    const full = (username.includes('@') || !domain ? username : `${username}@${domain}`).trim().toLowerCase();
    const role = (['admin', 'operator'] as const).find((r) => this.seed.webitel[r].login.toLowerCase() === full);
    if (!role) throw new SandboxError(401, WEBITEL_BAD_LOGIN);
    if ((this.newPasswords.get(role) ?? this.seed.webitel[role].password) !== password) throw new SandboxError(401, WEBITEL_BAD_LOGIN);
    return role;
  }

  needsPasswordChange(role: WebitelRole): boolean {
    return this.mustChangePassword.has(role);
  }

  changeWebitelPassword(role: WebitelRole, newPassword: string): void {
    if (!newPassword) throw new SandboxError(400, 'the new password is empty');
    this.newPasswords.set(role, newPassword);
    this.mustChangePassword.delete(role);
  }

  issueWebitelToken(role: WebitelRole): string {
    const token = this.randomToken();
    this.tokens.set(token, role);
    return token;
  }

  /** The password was right and the domain asks for a code: a two-factor session id instead of a token. */
  startWebitelTfa(role: WebitelRole): string {
    const id = this.randomToken();
    this.tfaSessions.set(id, role);
    return id;
  }

  finishWebitelTfa(id: string, totp: string): string {
    const role = this.tfaSessions.get(id);
    if (!role) throw new SandboxError(401, 'The two-factor session expired; log in again');
    if (totp.trim() !== WEBITEL_TFA_CODE) throw new SandboxError(401, 'Invalid authentication code');
    this.tfaSessions.delete(id);
    return this.issueWebitelToken(role);
  }

  /** A password login without the optional steps (tests and tools). */
  login(username: string, password: string, domain?: string): string {
    return this.issueWebitelToken(this.checkWebitelPassword(username, password, domain));
  }

  roleOf(token: string | undefined | null): WebitelRole | undefined {
    return token ? this.tokens.get(token) : undefined;
  }

  logout(token: string): void {
    this.tokens.delete(token);
  }

  // ---- Workspace: agent status ----

  agentInfo(): AgentInfo {
    return { ...this.agent };
  }

  get dndOn(): boolean {
    return this.dnd;
  }

  setDnd(on: boolean): void {
    this.dnd = on;
  }

  setAgent(status: AgentStatus, activity: string | null): AgentInfo {
    if (status !== this.agent.status || activity !== this.agent.activity) {
      this.agent = { status, since: this.now(), activity };
    }
    this.emitWorkspace({ event: 'agent_status', data: this.agentInfo() });
    return this.agentInfo();
  }

  /** Cuts every open Workspace connection and refuses new ones for `forMs` (Infinity: for good). */
  dropWorkspaceLink(forMs: number): void {
    this.linkDownUntil = this.now() + forMs;
    this.linkDrops += 1;
    for (const drop of [...this.linkDroppers]) drop();
  }

  get workspaceLinkDrops(): number {
    return this.linkDrops;
  }

  get workspaceLinkUp(): boolean {
    return this.now() >= this.linkDownUntil;
  }

  /** `drop` is called when the connection is cut; the returned function forgets it. */
  onWorkspaceLink(drop: () => void): () => void {
    this.linkDroppers.add(drop);
    return () => this.linkDroppers.delete(drop);
  }

  get callCenterOn(): boolean {
    return this.agent.status === 'online';
  }

  // ---- Admin: gateways ----

  listGateways(): Gateway[] {
    return this.gateways.map((g) => structuredClone(g));
  }

  gateway(id: number): Gateway | undefined {
    const g = this.gateways.find((x) => x.id === id);
    return g ? structuredClone(g) : undefined;
  }

  private gatewayRef(idOrUri: number | string): Gateway {
    const g = this.gateways.find((x) => (typeof idOrUri === 'number' ? x.id === idOrUri : x.uri === idOrUri));
    if (!g) throw new SandboxError(404, `no chat gateway ${idOrUri}`);
    return g;
  }

  gatewayByUri(uri: string): Gateway | undefined {
    const g = this.gateways.find((x) => x.uri === uri);
    return g ? structuredClone(g) : undefined;
  }

  createGateway(input: { name: string; appId: string; appSecret: string; apiVersion: string; flowSchema: string; uri?: string }): Gateway {
    const id = Math.max(0, ...this.gateways.map((g) => g.id)) + 1;
    const uri = input.uri && /^[a-z]{31}$/.test(input.uri) ? input.uri : randomUri();
    const g: Gateway = {
      id,
      name: input.name,
      uri,
      appId: input.appId,
      appSecret: input.appSecret,
      apiVersion: input.apiVersion,
      flowSchema: input.flowSchema,
      enabled: false,
      provider: 'messenger',
      pages: [],
    };
    this.gateways.push(g);
    return structuredClone(g);
  }

  updateGateway(id: number, patch: Partial<Pick<Gateway, 'name' | 'appId' | 'appSecret' | 'apiVersion' | 'flowSchema' | 'enabled'>>): Gateway {
    const g = this.gatewayRef(id);
    Object.assign(g, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
    return structuredClone(g);
  }

  /** The end of "Add or remove pages": the selected Pages are connected, the others removed. */
  connectPages(uri: string, grant: OAuthGrant): ConnectedPage[] {
    const g = this.gatewayRef(uri);
    const user = this.facebookUserById(grant.userId);
    const chosen = grant.pageIds.map((id) => this.pageById(id)).filter((p): p is SandboxPage => !!p);
    g.pages = chosen.map((p) => {
      const prev = g.pages.find((x) => x.id === p.id);
      const accounts = new Set(prev?.accounts ?? []);
      if (user) accounts.add(user.name);
      return { id: p.id, name: p.name, accounts: [...accounts], subscribed: prev?.subscribed ?? false };
    });
    return structuredClone(g.pages);
  }

  setSubscribed(uri: string, pageId: string, on: boolean): ConnectedPage {
    const g = this.gatewayRef(uri);
    const p = g.pages.find((x) => x.id === pageId);
    if (!p) throw new SandboxError(404, `Page ${pageId} is not connected to this gateway; use "Add or remove pages" first`);
    p.subscribed = on;
    return { ...p };
  }

  // ---- Facebook ----

  pageById(id: string): SandboxPage | undefined {
    return this.seed.pages.find((p) => p.id === id);
  }

  pageByUsername(username: string): SandboxPage | undefined {
    const u = username.toLowerCase();
    return this.seed.pages.find((p) => p.username.toLowerCase() === u || p.id === username);
  }

  facebookUsers(): FacebookUser[] {
    return [this.seed.facebook.pageAdmin, this.seed.facebook.customer];
  }

  facebookUserById(id: string): FacebookUser | undefined {
    return this.facebookUsers().find((u) => u.id === id);
  }

  /** Password check; returns a session id, or a pending id when a login code is needed. */
  facebookLogin(site: FacebookSite, email: string, password: string): { session: string } | { pending: string } {
    const e = email.trim().toLowerCase();
    const user = this.facebookUsers().find((u) => u.email.toLowerCase() === e);
    if (!user) throw new SandboxError(401, "The email address or mobile number you entered isn't connected to an account.");
    if (user.password !== password) throw new SandboxError(401, "The password that you've entered is incorrect.");
    if (user.needsCode || user.approvesOnDevice) {
      const pending = this.randomToken();
      this.pendingCodes.set(pending, { userId: user.id, site, approval: user.approvesOnDevice && !user.needsCode, approved: false });
      return { pending };
    }
    return { session: this.newFacebookSession(user.id, site) };
  }

  private newFacebookSession(userId: string, site: FacebookSite): string {
    const session = this.randomToken();
    this.fbSessions.set(session, { userId, site });
    return session;
  }

  hasPendingCode(pending: string | undefined): boolean {
    return !!pending && this.pendingCodes.has(pending);
  }

  /** How a pending login is confirmed: a code typed in, or an approval on another device. */
  pendingCheck(pending: string | undefined): 'code' | 'approval' | undefined {
    const p = pending ? this.pendingCodes.get(pending) : undefined;
    return p && (p.approval ? 'approval' : 'code');
  }

  /** The person taps "Yes, it's me" on their other device: every login waiting for it may go on. Returns how many. */
  approveFacebookLogins(): number {
    let n = 0;
    for (const p of this.pendingCodes.values()) {
      if (p.approval && !p.approved) {
        p.approved = true;
        n += 1;
      }
    }
    return n;
  }

  isFacebookLoginApproved(pending: string | undefined): boolean {
    const p = pending ? this.pendingCodes.get(pending) : undefined;
    return !!p?.approval && p.approved;
  }

  /** A login approved on the other device becomes a session; undefined while it waits. */
  facebookApproved(pending: string): string | undefined {
    const p = this.pendingCodes.get(pending);
    if (!p?.approval || !p.approved) return undefined;
    this.pendingCodes.delete(pending);
    return this.newFacebookSession(p.userId, p.site);
  }

  facebookCode(pending: string, code: string): string {
    const p = this.pendingCodes.get(pending);
    if (!p) throw new SandboxError(401, 'Your login attempt expired. Please log in again.');
    const user = this.facebookUserById(p.userId)!;
    if (p.approval) throw new SandboxError(400, 'This login waits for an approval on another device.');
    if (code.trim() !== user.code)
      throw new SandboxError(401, "The login code you entered doesn't match the one sent to your phone. Please check the number and try again.");
    this.pendingCodes.delete(pending);
    return this.newFacebookSession(p.userId, p.site);
  }

  facebookSessionUser(site: FacebookSite, session: string | undefined): FacebookUser | undefined {
    const s = session ? this.fbSessions.get(session) : undefined;
    return s && s.site === site ? this.facebookUserById(s.userId) : undefined;
  }

  facebookLogout(session: string): void {
    this.fbSessions.delete(session);
  }

  hasGranted(userId: string): boolean {
    return this.grantedUsers.has(userId);
  }

  /** Sets whether the Page admin has granted the app before, and goes back to the seed. */
  setConsentHistory(history: FacebookConsent): void {
    this.consentHistory = history;
    this.reset();
  }

  previousGrant(userId: string): PreviousGrant | undefined {
    const g = this.previousGrants.get(userId);
    return g ? structuredClone(g) : undefined;
  }

  /** Consent given: a one-time code for redirect_uri (what Webitel exchanges for a token). */
  issueOAuthCode(grant: OAuthGrant): string {
    const user = this.facebookUserById(grant.userId);
    const managed = new Set(user?.managesPages ?? []);
    const pageIds = grant.pageIds.filter((id) => managed.has(id));
    const code = this.randomToken(24);
    this.oauthCodes.set(code, { ...grant, pageIds });
    this.grantedUsers.add(grant.userId);
    this.previousGrants.set(grant.userId, { optIn: grant.optIn ?? 'current', pageIds, scopes: [...grant.scopes] });
    return code;
  }

  redeemOAuthCode(code: string, redirectUri: string): OAuthGrant {
    const g = this.oauthCodes.get(code);
    if (!g) throw new SandboxError(400, 'This authorization code has been used or has expired.');
    if (g.redirectUri !== redirectUri) throw new SandboxError(400, 'redirect_uri does not match the one of the authorization request.');
    this.oauthCodes.delete(code);
    return g;
  }

  // ---- Messenger and routing ----

  conversation(pageId: string, userId: string): Conversation {
    let c = this.conversations.find((x) => x.pageId === pageId && x.userId === userId);
    if (!c) {
      c = { pageId, userId, messages: [] };
      this.conversations.push(c);
    }
    return c;
  }

  /**
   * The customer writes to a Page. Facebook delivers the webhook only for a Page subscribed
   * on some gateway; Webitel then routes it (see receiveWebhook).
   */
  customerSend(pageId: string, userId: string, text: string): ConversationMessage {
    const body = text.trim();
    if (!body) throw new SandboxError(400, 'empty message');
    const msg: ConversationMessage = { id: this.nextId(), from: 'customer', text: body, at: this.now(), routed: false };
    this.conversation(pageId, userId).messages.push(msg);
    this.emitMessenger({ pageId, userId, message: { ...msg } });
    for (const g of this.gateways) {
      if (!g.pages.some((p) => p.id === pageId && p.subscribed)) continue;
      const payload: WebhookPayload = {
        object: 'page',
        entry: [
          {
            id: pageId,
            time: msg.at,
            messaging: [{ sender: { id: userId }, recipient: { id: pageId }, timestamp: msg.at, message: { mid: `m_${msg.id}`, text: body } }],
          },
        ],
      };
      const raw = JSON.stringify(payload);
      const res = this.receiveWebhook(g.uri, raw, signWebhookBody(raw, g.appSecret));
      if (res.routed > 0) msg.routed = true;
    }
    return { ...msg };
  }

  /** The gateway URL's POST handler: verify the signature, then hand each message to routing. */
  receiveWebhook(uri: string, raw: string, headers: Record<string, string | string[] | undefined>): { routed: number } {
    const g = this.gatewayRef(uri);
    if (!verifyWebhookSignature(raw, headers, g.appSecret)) throw new SandboxError(403, 'X-Hub-Signature does not match the body signed with the App Secret');
    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch {
      throw new SandboxError(400, 'body is not JSON');
    }
    if (!isWebhookPayload(payload) || payload.object !== 'page') throw new SandboxError(400, 'not a Page webhook');
    this.webhookDeliveries++;
    let routed = 0;
    for (const entry of payload.entry) {
      const page = g.pages.find((p) => p.id === entry.id && p.subscribed);
      if (!page) continue;
      for (const m of entry.messaging ?? []) {
        if (m.message?.text && this.routeToWorkspace(g, entry.id, m.sender.id, m.message.text)) routed++;
      }
    }
    return { routed };
  }

  private routeToWorkspace(g: Gateway, pageId: string, userId: string, text: string): boolean {
    const open = this.chats.find((c) => c.gatewayId === g.id && c.pageId === pageId && c.customer.id === userId && c.state !== 'closed');
    const message: ChatMessage = { id: this.nextId(), from: 'customer', text, at: this.now() };
    if (open) {
      open.messages.push(message);
      this.emitWorkspace({ event: 'chat', data: { action: 'message', chatId: open.id, message: { ...message } } });
      return true;
    }
    // The flow schema offers new chats only to an agent who is online in the queue.
    if (!g.enabled || !this.callCenterOn) return false;
    // Business Asset User Profile Access: the gateway reads the sender's name for the operator.
    const user = this.facebookUserById(userId);
    const chat: WorkspaceChat = {
      id: `chat-${this.nextId()}`,
      inviteId: `invite-${this.nextId()}`,
      gatewayId: g.id,
      pageId,
      customer: { id: userId, name: user?.name ?? `Facebook user ${userId}` },
      state: this.autoAnswerChats ? 'active' : 'invite',
      messages: [message],
      createdAt: this.now(),
    };
    this.chats.push(chat);
    this.emitWorkspace({ event: 'chat', data: { action: 'user_invite', chat: structuredClone(chat) } });
    return true;
  }

  listChats(): WorkspaceChat[] {
    return this.chats.map((c) => structuredClone(c));
  }

  private chatRef(idOrInvite: string): WorkspaceChat {
    const c = this.chats.find((x) => x.id === idOrInvite || x.inviteId === idOrInvite);
    if (!c) throw new SandboxError(404, `no chat ${idOrInvite}`);
    return c;
  }

  joinChat(inviteId: string): WorkspaceChat {
    const c = this.chatRef(inviteId);
    if (c.state === 'closed') throw new SandboxError(409, 'the chat is closed');
    c.state = 'active';
    this.emitWorkspace({ event: 'chat', data: { action: 'join_conversation', chatId: c.id } });
    return structuredClone(c);
  }

  /** The operator answers; the text goes back to the customer as the Page. */
  operatorSend(chatId: string, text: string): ChatMessage {
    const c = this.chatRef(chatId);
    if (c.state !== 'active') throw new SandboxError(409, 'accept the chat before replying');
    const body = text.trim();
    if (!body) throw new SandboxError(400, 'empty message');
    const message: ChatMessage = { id: this.nextId(), from: 'operator', text: body, at: this.now() };
    c.messages.push(message);
    this.emitWorkspace({ event: 'chat', data: { action: 'message', chatId: c.id, message: { ...message } } });
    const reply: ConversationMessage = { id: message.id, from: 'page', text: body, at: message.at, routed: true };
    this.conversation(c.pageId, c.customer.id).messages.push(reply);
    this.emitMessenger({ pageId: c.pageId, userId: c.customer.id, message: { ...reply } });
    return { ...message };
  }

  closeChat(chatId: string): void {
    const c = this.chatRef(chatId);
    c.state = 'closed';
    this.emitWorkspace({ event: 'chat', data: { action: 'close_conversation', chatId: c.id } });
  }

  // ---- events ----

  onWorkspace(l: Listener<WorkspaceEvent>): () => void {
    this.workspaceListeners.add(l);
    return () => this.workspaceListeners.delete(l);
  }

  onMessenger(l: Listener<MessengerEvent>): () => void {
    this.messengerListeners.add(l);
    return () => this.messengerListeners.delete(l);
  }

  private emitWorkspace(e: WorkspaceEvent): void {
    for (const l of this.workspaceListeners) l(e);
  }

  private emitMessenger(e: MessengerEvent): void {
    for (const l of this.messengerListeners) l(e);
  }

  /** A plain copy of everything a test may want to assert on. */
  snapshot(): SandboxSnapshot {
    return {
      agent: this.agentInfo(),
      dnd: this.dnd,
      gateways: this.listGateways().map(({ appSecret: _s, ...g }) => g),
      chats: this.listChats(),
      conversations: structuredClone(this.conversations),
      webhookDeliveries: this.webhookDeliveries,
    };
  }
}

export interface SandboxSnapshot {
  agent: AgentInfo;
  dnd: boolean;
  gateways: Array<Omit<Gateway, 'appSecret'>>;
  chats: WorkspaceChat[];
  conversations: Conversation[];
  webhookDeliveries: number;
}

export function randomUri(): string {
  const bytes = randomBytes(31);
  return Array.from(bytes, (b) => String.fromCharCode(97 + (b % 26))).join('');
}
