// The sandbox's Webitel host: login, Agent Workspace, Admin chat-gateway pages, their REST API, and the chat gateway URL.
import { htmlPage, readBody, readJson, redirect, sendHtml, sendJson, sendText, str, type Req } from '../http';
import { SandboxError, type WebitelRole } from '../state';
import { SANDBOX_HOSTS, type SiteContext } from '../site';
import { loginDomain } from '../seed';
import { escapeRegExp } from '../../common/escape-regexp';

/**
 * The Webitel host: login app, Agent Workspace, Admin chat-gateway pages, the login and
 * chat-bot REST API, and the chat gateway URL (OAuth redirect, pages API, webhook).
 * Each page follows the release chosen for the sandbox (CONTRACT.md names the sources).
 */

const CSS = ['webitel.css'];
const ICON = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f6fe5"/><path d="M7 10l4 12 5-9 5 9 4-12" fill="none" stroke="#fff" stroke-width="3" stroke-linejoin="round" stroke-linecap="round"/></svg>').toString('base64')}`;

function apiError(r: Req, status: number, detail: string, id = `sandbox.${status}`): void {
  sendJson(
    r,
    { id, code: status, detail, status: status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : status === 412 ? 'Precondition Failed' : 'Error' },
    status,
  );
}

function tokenOf(r: Req): string | undefined {
  const h = r.req.headers['x-webitel-access'];
  if (typeof h === 'string' && h) return h;
  return r.url.searchParams.get('access_token') ?? undefined;
}

function requireRole(r: Req, ctx: SiteContext): WebitelRole | undefined {
  const role = ctx.state.roleOf(tokenOf(r));
  if (!role) apiError(r, 401, 'Invalid or expired access token; log in again');
  return role;
}

function userInfo(ctx: SiteContext, role: WebitelRole) {
  const u = ctx.state.webitelUser(role);
  const [username = '', domain = ''] = u.login.split('@');
  return {
    userId: role === 'admin' ? '1' : '2',
    username,
    name: u.name,
    domain,
    dc: '1',
    preferredUsername: u.login,
    roles: [{ id: role === 'admin' ? 1 : 2, name: role === 'admin' ? 'admin' : 'agent' }],
    scope: role === 'admin' ? ['chat_bots', 'users', 'cc_agent'] : ['cc_agent'],
    /** Object access: without update access Admin hides "Add or remove pages" and disables the switches. */
    access: { chat_bots: { read: role === 'admin', update: role === 'admin' && !ctx.webitel.adminReadOnly } },
    license: [{ prod: 'CHAT', id: 'sandbox' }],
    ccAgent: u.ccAgent,
    activityTypes: u.activityTypes,
  };
}

function gatewayJson(ctx: SiteContext, id: number) {
  const g = ctx.state.gateway(id);
  if (!g) return undefined;
  return {
    id: String(g.id),
    name: g.name,
    uri: g.uri,
    url: `${ctx.origins.webitel}/chat/${g.uri}`,
    enabled: g.enabled,
    provider: g.provider,
    flow: { id: '1', name: g.flowSchema },
    metadata: { client_id: g.appId, client_secret: g.appSecret, version: g.apiVersion },
    pages: g.pages.length,
  };
}

/** Other kinds of gateway a contact center runs beside its Meta one (their list rows only). */
const OTHER_PROVIDERS = [
  ['telegram_bot', 'Telegram bot'],
  ['viber', 'Viber'],
  ['webchat', 'Web chat'],
  ['infobip_whatsapp', 'WhatsApp (Infobip)'],
] as const;

/**
 * Admin's list of chat gateways, as `GET /chat/bots?page&size&q` answers it: `q` is the search
 * with a `*` appended (a prefix: SDK starToSearch), 10 a page by default, `next` when more
 * follow. The host's other gateways (`webitel.otherGateways`) were created before the Meta one.
 */
function gatewayList(ctx: SiteContext, q: URLSearchParams) {
  const others = Array.from({ length: ctx.webitel.otherGateways ?? 0 }, (_, i) => {
    const [provider, kind] = OTHER_PROVIDERS[i % OTHER_PROVIDERS.length]!;
    return {
      id: String(9001 + i),
      name: `${kind} ${Math.floor(i / OTHER_PROVIDERS.length) + 1}`,
      uri: `/${provider}-${i + 1}`,
      enabled: true,
      provider,
      flow: { id: '2', name: 'Default chat flow' },
    };
  });
  const all = [...others, ...ctx.state.listGateways().map((g) => gatewayJson(ctx, g.id)!)];
  const search = q.get('q') ?? '';
  const glob = new RegExp(`^${search.split('*').map(escapeRegExp).join('.*')}$`, 'i');
  const found = search ? all.filter((g) => glob.test(g.name)) : all;
  const size = Math.max(1, Number(q.get('size')) || 10);
  const pageNo = Math.max(1, Number(q.get('page')) || 1);
  return { items: found.slice((pageNo - 1) * size, pageNo * size), next: found.length > pageNo * size };
}

const FLOW_SCHEMAS = ['Messenger to support queue', 'Default chat flow'];

function page(ctx: SiteContext, title: string, js: string, data: Record<string, unknown>): string {
  return htmlPage({ title, css: CSS, js: ['webitel-common.js', js], body: '<div id="app"></div>', data: { release: ctx.release, ...data }, icon: ICON });
}

function wantsTfa(ctx: SiteContext): boolean {
  return ctx.webitel.tfa === true;
}

export async function webitelSite(r: Req, ctx: SiteContext): Promise<boolean> {
  const p = r.url.pathname;
  if (r.method === 'GET' && servePage(r, ctx, p)) return true;
  const route = API_ROUTES[`${r.method} ${p}`];
  if (route) {
    await route(r, ctx);
    return true;
  }
  const bot = /^\/api\/chat\/bots(?:\/(\d+))?$/.exec(p);
  if (bot) return chatBots(r, ctx, bot[1] ? Number(bot[1]) : undefined);
  const gw = /^\/chat\/([a-z]{31})\/?$/.exec(p);
  if (gw) return gatewayUrl(r, ctx, gw[1]!);
  return false;
}

/** The front ends: the login app, Agent Workspace and Admin's chat-gateway pages. */
function servePage(r: Req, ctx: SiteContext, p: string): boolean {
  if (p === '/app/auth' || p === '/app/auth/') {
    sendHtml(r, page(ctx, 'Webitel', 'auth.js', { loginForm: ctx.loginForm }));
    return true;
  }
  if (p === '/workspace' || p.startsWith('/workspace/')) {
    if (p === '/workspace') return (redirect(r, `/workspace/${r.url.search}`), true);
    sendHtml(r, page(ctx, 'Workspace', 'workspace.js', { sessionOpenMs: ctx.webitel.sessionOpenMs ?? 1200 }));
    return true;
  }
  // The gateway's own address opens its first tab (client: chat-gateways router).
  const bare = /^\/routing\/chat-gateways\/(\d+)\/?$/.exec(p);
  if (bare) return (redirect(r, `/routing/chat-gateways/${bare[1]}/meta`), true);
  if (p === '/' || p === '/routing/chat-gateways' || /^\/routing\/chat-gateways\/(new|\d+\/(meta|facebook-pages|instagram|whatsapp|templates))$/.test(p)) {
    sendHtml(r, page(ctx, 'Admin', 'admin.js', { flowSchemas: FLOW_SCHEMAS }));
    return true;
  }
  return false;
}

type Route = (r: Req, ctx: SiteContext) => Promise<void> | void;

/** Answers a sandbox error as the Webitel API does; anything else is a bug and propagates. */
function apiErrorOf(r: Req, e: unknown, id?: (e: SandboxError) => string | undefined): void {
  if (!(e instanceof SandboxError)) throw e;
  apiError(r, e.status, e.message, id?.(e));
}

/** The login and Workspace API, by method and path. */
const API_ROUTES: Record<string, Route> = {
  'GET /api/login': domainInfo,
  'GET /api/login/sso': (r, ctx) => {
    const to = new URL(`http://${SANDBOX_HOSTS.sso}:${new URL(ctx.origins.webitel).port}/authorize`);
    to.searchParams.set('redirect_uri', r.url.searchParams.get('redirect_uri') ?? '');
    redirect(r, to.toString());
  },
  'POST /api/login': passwordLogin,
  'POST /api/login/2fa': async (r, ctx) => {
    const body = await readJson(r);
    try {
      const token = ctx.state.finishWebitelTfa(str(body.id), str(body.totp));
      ctx.log('webitel: logged in with a two-factor code');
      sendJson(r, { access_token: token, token_type: 'Bearer' });
    } catch (e) {
      apiErrorOf(r, e);
    }
  },
  'PUT /api/users/password': changePassword,
  'GET /api/userinfo': (r, ctx) => {
    const role = requireRole(r, ctx);
    if (role) sendJson(r, userInfo(ctx, role));
  },
  'POST /api/logout': (r, ctx) => {
    const t = tokenOf(r);
    if (t) ctx.state.logout(t);
    sendJson(r, {});
  },
};

function domainInfo(r: Req, ctx: SiteContext): void {
  const domain = r.url.searchParams.get('domain') ?? '';
  if (!ctx.state.domainExists(domain)) return apiError(r, 404, `Domain "${domain}" not found`);
  const providers = ctx.webitel.ssoOnly ? [{ name: 'Company SSO', url: '/sso' }] : [];
  // 26.04 reads {federation: {<provider>: <ticket>}, enabledTfa}; 26.06 and later {providers, enabledTfa, loginOptions}.
  sendJson(
    r,
    ctx.release === '26.04'
      ? { federation: ctx.webitel.ssoOnly ? { ADFS: '/sso' } : {}, enabled_tfa: wantsTfa(ctx) }
      : { providers, enabled_tfa: wantsTfa(ctx), login_options: ctx.webitel.ssoOnly ? 'sso_only' : 'local_password_only' },
  );
}

async function passwordLogin(r: Req, ctx: SiteContext): Promise<void> {
  const { state } = ctx;
  const body = await readJson(r);
  // An SSO-only domain has no password sign-in; 26.4's form still posts one. What the real server
  // answers is not in the public front-end sources: the sandbox answers as for wrong credentials.
  if (ctx.webitel.ssoOnly) return apiError(r, 401, 'Invalid login or password', 'app.user.login.invalid');
  try {
    const role = state.checkWebitelPassword(str(body.username), str(body.password), str(body.domain) || undefined);
    if (state.needsPasswordChange(role)) return apiError(r, 412, 'You need to set up a new password', 'app.password.force_change');
    if (wantsTfa(ctx)) return sendJson(r, { id: state.startWebitelTfa(role) });
    ctx.log(`webitel: ${str(body.username)} logged in`);
    sendJson(r, { access_token: state.issueWebitelToken(role), token_type: 'Bearer' });
  } catch (e) {
    apiErrorOf(r, e, (e) => (e.status === 401 ? 'app.user.login.invalid' : undefined));
  }
}

async function changePassword(r: Req, ctx: SiteContext): Promise<void> {
  const { state } = ctx;
  const body = await readJson(r);
  // An SSO-only domain has no password sign-in; 26.4's form still posts one. What the real server
  // answers is not in the public front-end sources: the sandbox answers as for wrong credentials.
  if (ctx.webitel.ssoOnly) return apiError(r, 401, 'Invalid login or password', 'app.user.login.invalid');
  try {
    const role = state.checkWebitelPassword(str(body.username), str(body.old_password), str(body.domain) || undefined);
    if (str(body.user_password) !== str(body.confirm_password)) throw new SandboxError(400, 'The passwords do not match');
    state.changeWebitelPassword(role, str(body.user_password));
    sendJson(r, {});
  } catch (e) {
    apiErrorOf(r, e);
  }
}

/** The chat gateways REST API (Admin's list and the gateway form); admins only. */
async function chatBots(r: Req, ctx: SiteContext, id: number | undefined): Promise<boolean> {
  const { state } = ctx;
  const role = requireRole(r, ctx);
  if (!role) return true;
  if (role !== 'admin') return (apiError(r, 403, 'You have no permission to manage chat gateways'), true);
  if (id === undefined && r.method === 'GET') {
    sendJson(r, gatewayList(ctx, r.url.searchParams));
    return true;
  }
  if (id === undefined && r.method === 'POST') {
    const b = await readJson(r);
    const meta = (b.metadata ?? {}) as Record<string, unknown>;
    const flow = (b.flow ?? {}) as Record<string, unknown>;
    const g = state.createGateway({
      name: str(b.name),
      uri: str(b.uri),
      appId: str(meta.client_id),
      appSecret: str(meta.client_secret),
      apiVersion: str(meta.version) || 'v24.0',
      flowSchema: str(flow.name) || FLOW_SCHEMAS[0]!,
    });
    sendJson(r, gatewayJson(ctx, g.id));
    return true;
  }
  if (id !== undefined && r.method === 'GET') {
    const g = gatewayJson(ctx, id);
    if (!g) return (apiError(r, 404, `chat gateway ${id} not found`), true);
    sendJson(r, g);
    return true;
  }
  if (id !== undefined && (r.method === 'PUT' || r.method === 'PATCH')) {
    if (!state.gateway(id)) return (apiError(r, 404, `chat gateway ${id} not found`), true);
    const b = await readJson(r);
    const meta = (b.metadata ?? {}) as Record<string, unknown>;
    const flow = (b.flow ?? {}) as Record<string, unknown>;
    state.updateGateway(id, {
      name: typeof b.name === 'string' ? b.name : undefined,
      enabled: typeof b.enabled === 'boolean' ? b.enabled : undefined,
      appId: typeof meta.client_id === 'string' ? meta.client_id : undefined,
      appSecret: typeof meta.client_secret === 'string' ? meta.client_secret : undefined,
      apiVersion: typeof meta.version === 'string' ? meta.version : undefined,
      flowSchema: typeof flow.name === 'string' ? flow.name : undefined,
    });
    sendJson(r, gatewayJson(ctx, id));
    return true;
  }
  return (apiError(r, 405, 'method not allowed'), true);
}

/** The gateway's answer page in the popup: posts {status, detail} to Admin and closes (client: facebook-tab.vue reads data.status, data.detail). */
const OPENER_SCRIPT = (status: 'success' | 'error', message: string) => `<!doctype html><html><head><meta charset="utf-8"><title>Webitel</title></head>
<body style="font-family:sans-serif;color:#333;display:flex;align-items:center;justify-content:center;height:90vh">
<p id="result">${status === 'success' ? 'Pages updated. This window closes by itself.' : `Could not connect the Pages: ${message.replace(/[<>&]/g, '')}`}</p>
<script>
  try { if (window.opener) window.opener.postMessage(${JSON.stringify({ status, ...(status === 'error' ? { detail: message } : {}) })}, '*'); } catch (e) {}
  setTimeout(function () { window.close(); }, 300);
</script></body></html>`;

async function gatewayUrl(r: Req, ctx: SiteContext, uri: string): Promise<boolean> {
  const { state } = ctx;
  const g = state.gatewayByUri(uri);
  if (!g) return (sendText(r, 'chat gateway not found', 404), true);
  const q = r.url.searchParams;
  const self = `${ctx.origins.webitel}/chat/${uri}`;

  if (r.method === 'POST') {
    const raw = await readBody(r);
    try {
      state.receiveWebhook(uri, raw, r.req.headers);
      sendText(r, 'EVENT_RECEIVED');
    } catch (e) {
      if (!(e instanceof SandboxError)) throw e;
      sendText(r, e.message, e.status);
    }
    return true;
  }
  if (r.method !== 'GET') return (sendText(r, 'method not allowed', 405), true);

  if (q.get('hub.mode') === 'subscribe') {
    const challenge = q.get('hub.challenge') ?? '';
    if (!q.get('hub.verify_token')) return (sendText(r, 'hub.verify_token is missing', 403), true);
    sendText(r, challenge);
    return true;
  }

  if (q.has('pages')) {
    const mode = q.get('pages') ?? '';
    if (mode === 'setup') {
      const dialog = new URL(`${ctx.origins.facebook}/${g.apiVersion}/dialog/oauth`);
      dialog.searchParams.set('client_id', g.appId);
      dialog.searchParams.set('redirect_uri', self);
      dialog.searchParams.set('scope', 'pages_show_list,pages_messaging,pages_manage_metadata');
      // As chat_manager 26.6-157 builds it (bot/facebook/provider.go, `?pages=setup`): state "fb", a popup, rerequest.
      dialog.searchParams.set('response_type', 'code');
      dialog.searchParams.set('state', 'fb');
      dialog.searchParams.set('display', 'popup');
      dialog.searchParams.set('auth_type', 'rerequest');
      redirect(r, dialog.toString());
      return true;
    }
    if (!requireRole(r, ctx)) return true;
    try {
      if (mode === 'subscribe' || mode === 'unsubscribe') {
        const id = q.get('id') ?? '';
        state.setSubscribed(uri, id, mode === 'subscribe');
        ctx.log(`gateway: Page ${id} webhook subscription ${mode === 'subscribe' ? 'on' : 'off'}`);
      } else if (mode !== '') {
        return (apiError(r, 400, `unknown pages mode "${mode}"`), true);
      }
    } catch (e) {
      if (!(e instanceof SandboxError)) throw e;
      return (apiError(r, e.status, e.message), true);
    }
    const pages = state.gatewayByUri(uri)!.pages.map((pg) => ({
      id: pg.id,
      name: pg.name,
      accounts: pg.accounts.map((name) => ({ name })),
      ...(pg.subscribed ? { subscribed_fields: ['messages', 'messaging_postbacks'] } : {}),
    }));
    sendJson(r, pages);
    return true;
  }

  if (q.has('error')) {
    sendHtml(r, OPENER_SCRIPT('error', q.get('error_description') ?? q.get('error') ?? 'cancelled'));
    return true;
  }
  if (q.has('code')) {
    try {
      const grant = state.redeemOAuthCode(q.get('code') ?? '', self);
      if (grant.clientId !== g.appId) throw new SandboxError(400, 'the code was issued to another app');
      const pages = state.connectPages(uri, grant);
      ctx.log(`gateway: connected Pages ${pages.map((pg) => pg.name).join(', ') || '(none)'}`);
      sendHtml(r, OPENER_SCRIPT('success', ''));
    } catch (e) {
      if (!(e instanceof SandboxError)) throw e;
      sendHtml(r, OPENER_SCRIPT('error', e.message), 400);
    }
    return true;
  }
  sendText(r, `Webitel chat gateway "${g.name}" (${loginDomain(ctx.state.webitelUser('admin').login)})`);
  return true;
}
