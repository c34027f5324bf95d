// Starts the demo sandbox on 127.0.0.1: one server whose sites (Webitel, Facebook, Messenger) are told apart by the Host header.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { UserError } from '../common/errors';
import { ASSET_PREFIX, Assets, escapeHtml, htmlPage, parseCookies, refuseUpgrade, sendHtml, sendText, type Req } from './http';
import { parseSeed, type SandboxSeed } from './seed';
import {
  DEFAULT_WEBITEL_RELEASE,
  LANGUAGE_CODE,
  SANDBOX_HOSTS,
  loginFormOf,
  releaseOfLoginForm,
  type FacebookLanguages,
  type LoginForm,
  type MetaAppSetup,
  type SandboxOrigins,
  type SiteContext,
  type SiteHandler,
  type WebitelBehaviours,
  type WebitelRelease,
} from './site';
import { SandboxState, type FacebookConsent, type SandboxSnapshot } from './state';
import { facebookSite } from './sites/facebook';
import { messagesRoutes, messengerSite } from './sites/messenger';
import { webitelSite } from './sites/webitel';
import { workspaceLink } from './sites/workspace-link';

export type { FacebookLanguages, LoginForm, MetaAppSetup, SandboxOrigins, WebitelBehaviours, WebitelRelease } from './site';
export { DEFAULT_WEBITEL_RELEASE, WEBITEL_RELEASES, isWebitelRelease, loginFormOf } from './site';
export type { FacebookConsent } from './state';
export { FACEBOOK_CONSENTS } from './state';

export { SANDBOX_HOSTS } from './site';

export interface StartSandboxOptions {
  seed: SandboxSeed;
  /** 0 or absent: a free port. */
  port?: number;
  /** Which Webitel release the Webitel pages follow (default 26.06). */
  webitelRelease?: WebitelRelease;
  /** Older option: the login form alone; 'domain-first' means release 26.04. Ignored when webitelRelease is given. */
  loginForm?: LoginForm;
  /** Webitel behaviours on request: 2FA, a forced password change, SSO only, a read-only admin, timings. */
  webitel?: WebitelBehaviours;
  /** How long the server takes to confirm Call Center on/off (the switch is controlled). */
  ccSwitchDelayMs?: number;
  log?: (line: string) => void;
  /** Where the page scripts and styles are; defaults to `app/sandbox/pages/` next to this module. */
  pagesDir?: string;
  /** `returning`: the Page admin granted the app before, so the consent opens with "Continue with previous settings". Default first-time. */
  facebookConsent?: FacebookConsent;
  /**
   * Facebook's cookie banner ("Allow all cookies" / "Decline optional cookies") meets each browser until it answers;
   * `after-login`: not on the login page, only on the first page after it. Default off.
   */
  cookieBanner?: boolean | 'after-login';
  /** The consent dialog starts with the account-switch screen. Default off. */
  accountSwitch?: boolean;
  /** Messenger asks the logged-in user for the PIN of their encrypted chat history (`closable`: with a Close button). Default off. */
  messengerPin?: 'closable' | 'required';
  /** Facebook's pages in another language than English: before logging in, or for an account. */
  facebookLanguage?: FacebookLanguages;
  /** The Meta app's setup as Facebook's dialog checks it: a permission outside its use case, the callback URI not allowed. Default: ready. */
  metaApp?: MetaAppSetup;
  /** Show the seeded passwords on the overview page at http://127.0.0.1:PORT/ (only for fake logins). Default false. */
  showPasswordsOnIndex?: boolean;
}

export interface SandboxUrls {
  index: string;
  webitelLogin: string;
  workspace: string;
  admin: string;
  chatGateways: string;
  gatewayMeta: string;
  gatewayPages: string;
  /** The gateway's public URL (OAuth redirect, webhook): `<webitel>/chat/<uri>`. */
  gatewayUrl: string;
  facebookLogin: string;
  /** The first Page's m.me link (redirects to its conversation on Facebook). */
  messengerPage: string;
  messengerPages: Record<string, string>;
  /** The first Page's conversation on Facebook: `<facebook>/messages/t/<page id>`. */
  messengerThread: string;
  messengerThreads: Record<string, string>;
}

/** Read-only view for tests and tools. */
export interface SandboxInspector {
  snapshot(): SandboxSnapshot;
  readonly agentStatus: SandboxSnapshot['agent']['status'];
  /** How often Workspace's live connection was cut since the last reset (`webitel.connection`). */
  readonly workspaceLinkDrops: number;
  connectedPages(gatewayId?: number): SandboxSnapshot['gateways'][number]['pages'];
  chats(): SandboxSnapshot['chats'];
  /** The person taps "Yes, it's me" on their other device: logins waiting for it go on. Returns how many waited. */
  approveFacebookLogins(): number;
}

export interface RunningSandbox {
  port: number;
  /** The Webitel release the pages follow. */
  webitelRelease: WebitelRelease;
  origins: SandboxOrigins;
  urls: SandboxUrls;
  seed: SandboxSeed;
  state: SandboxInspector;
  /** Back to the seed: everyone logged out, no Pages connected, Call Center off, no chats. */
  reset(): void;
  close(): Promise<void>;
}

function indexHtml(origins: SandboxOrigins, urls: SandboxUrls, seed: SandboxSeed, showPasswords: boolean): string {
  const pw = (p: string) => (showPasswords ? p : '(hidden)');
  const row = (label: string, url: string) => `<li><a href="${escapeHtml(url)}">${escapeHtml(label)}</a> <code>${escapeHtml(url)}</code></li>`;
  const body = `<main class="sb-index">
<h1>App Review Assistant — demo sandbox</h1>
<p>Local stand-ins for Webitel, Facebook and Messenger. Fake logins only.</p>
<h2>Webitel <small>${escapeHtml(origins.webitel)}</small></h2>
<ul>${row('Login', urls.webitelLogin)}${row('Agent Workspace', urls.workspace)}${row('Admin: chat gateways', urls.chatGateways)}${row('Admin: Facebook pages of the gateway', urls.gatewayPages)}</ul>
<p>Admin: <code>${escapeHtml(seed.webitel.admin.login)}</code> / <code>${escapeHtml(pw(seed.webitel.admin.password))}</code> ·
Operator: <code>${escapeHtml(seed.webitel.operator.login)}</code> / <code>${escapeHtml(pw(seed.webitel.operator.password))}</code></p>
<h2>Facebook <small>${escapeHtml(origins.facebook)}</small></h2>
<ul>${row('Login', urls.facebookLogin)}</ul>
<p>Page admin: <code>${escapeHtml(seed.facebook.pageAdmin.email)}</code> / <code>${escapeHtml(pw(seed.facebook.pageAdmin.password))}</code> ·
Customer (test user): <code>${escapeHtml(seed.facebook.customer.email)}</code> / <code>${escapeHtml(pw(seed.facebook.customer.password))}</code></p>
<h2>Messenger on Facebook <small>${escapeHtml(origins.facebook)}/messages/t/…</small></h2>
<ul>${Object.entries(urls.messengerThreads)
    .map(([name, url]) => row(name, url))
    .join('')}</ul>
<p>m.me links (<small>${escapeHtml(origins.messenger)}</small>) redirect there.</p>
</main>`;
  return htmlPage({ title: 'Demo sandbox', css: ['webitel.css'], body });
}

/** Starts the sandbox on 127.0.0.1. The sites are told apart by the Host header. */
export async function startSandbox(opts: StartSandboxOptions): Promise<RunningSandbox> {
  const { seed, state, release, webitel } = seededState(opts);
  const log = opts.log ?? (() => {});
  const assets = pageAssets(opts.pagesDir);
  const life = lifetime();
  const server = http.createServer();
  await listen(server, opts.port);
  const port = (server.address() as AddressInfo).port;
  const { origins, urls } = sandboxAddresses(port, seed);
  const ctx: SiteContext = {
    state,
    origins,
    assets,
    release,
    loginForm: loginFormOf(release),
    webitel,
    ccSwitchDelayMs: opts.ccSwitchDelayMs ?? 400,
    cookieBanner: opts.cookieBanner === 'after-login' ? 'after-login' : opts.cookieBanner === true,
    accountSwitch: opts.accountSwitch === true,
    messengerPin: opts.messengerPin ?? null,
    facebookLanguage: facebookLanguages(opts.facebookLanguage),
    metaApp: opts.metaApp ?? {},
    log,
    sleep: life.sleep,
    track: life.track,
  };
  const index = () => indexHtml(origins, urls, seed, opts.showPasswordsOnIndex === true);
  server.on('request', requestHandler(ctx, port, index));
  server.on('upgrade', upgradeHandler(ctx));
  log(`sandbox: listening on 127.0.0.1:${port}`);

  return {
    port,
    webitelRelease: release,
    origins,
    urls,
    seed,
    state: inspector(state, seed),
    reset: () => state.reset(),
    close: async () => {
      if (!life.end()) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      log('sandbox: closed');
    },
  };
}

/** The break an operator was left in: a pause with its cause, or a break out, since well before the demo. */
const OPERATOR_BREAKS = { pause: { activity: 'Lunch', forMs: 42 * 60_000 }, breakout: { activity: null, forMs: 7 * 60_000 } } as const;

/** The seed with the options' twists applied, and the state that starts from it. */
function seededState(opts: StartSandboxOptions): { seed: SandboxSeed; state: SandboxState; release: WebitelRelease; webitel: WebitelBehaviours } {
  const seed = parseSeed(opts.seed);
  if (opts.webitel?.operatorNotAgent) seed.webitel.operator.ccAgent = false;
  const state = new SandboxState(seed);
  const release = opts.webitelRelease ?? (opts.loginForm ? releaseOfLoginForm(opts.loginForm) : DEFAULT_WEBITEL_RELEASE);
  const webitel: WebitelBehaviours = { ...(opts.webitel ?? {}) };
  state.forcePasswordChange = [...(webitel.forcePasswordChange ?? [])];
  state.autoAnswerChats = webitel.autoAnswerChats === true;
  if (webitel.operatorOnBreak) state.agentAtStart = { ...OPERATOR_BREAKS[webitel.operatorOnBreak], status: webitel.operatorOnBreak };
  state.reset();
  // After the reset: the consent history is part of what reset() keeps.
  if (opts.facebookConsent) state.setConsentHistory(opts.facebookConsent);
  return { seed, state, release, webitel };
}

function pageAssets(pagesDir: string | undefined): Assets {
  const assets = new Assets(pagesDir ?? Assets.defaultDir());
  if (!assets.get('webitel.css')) {
    throw new UserError('io', `the sandbox page files are missing from ${pagesDir ?? Assets.defaultDir()}`, {
      hint: 'reinstall the app, or pass pagesDir pointing at app/sandbox/pages',
    });
  }
  return assets;
}

function listen(server: http.Server, port: number | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE'
          ? new UserError('io', `port ${port} is already in use`, { hint: 'pick another --port, or leave it out to use a free one' })
          : new UserError('io', `cannot start the sandbox: ${e.message}`, { cause: e }),
      );
    };
    server.once('error', onError);
    server.listen(port ?? 0, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function sandboxAddresses(port: number, seed: SandboxSeed): { origins: SandboxOrigins; urls: SandboxUrls } {
  const origins: SandboxOrigins = {
    webitel: `http://${SANDBOX_HOSTS.webitel}:${port}`,
    facebook: `http://${SANDBOX_HOSTS.facebook}:${port}`,
    messenger: `http://${SANDBOX_HOSTS.messenger}:${port}`,
  };
  const gw = `${origins.webitel}/routing/chat-gateways/${seed.gateway.id}`;
  const messengerPages = Object.fromEntries(seed.pages.map((p) => [p.name, `${origins.messenger}/${p.username}`]));
  const urls: SandboxUrls = {
    index: `http://127.0.0.1:${port}/`,
    webitelLogin: `${origins.webitel}/app/auth`,
    workspace: `${origins.webitel}/workspace/`,
    admin: `${origins.webitel}/`,
    chatGateways: `${origins.webitel}/routing/chat-gateways`,
    gatewayMeta: `${gw}/meta`,
    gatewayPages: `${gw}/facebook-pages`,
    gatewayUrl: `${origins.webitel}/chat/${seed.gateway.uri}`,
    facebookLogin: `${origins.facebook}/login/`,
    messengerPage: `${origins.messenger}/${seed.pages[0]!.username}`,
    messengerPages,
    messengerThread: `${origins.facebook}/messages/t/${seed.pages[0]!.id}`,
    messengerThreads: Object.fromEntries(seed.pages.map((p) => [p.name, `${origins.facebook}/messages/t/${p.id}`])),
  };
  return { origins, urls };
}

function facebookLanguages(l: FacebookLanguages | undefined): FacebookLanguages {
  for (const [who, code] of Object.entries(l ?? {})) {
    if (code !== undefined && !LANGUAGE_CODE.test(code))
      throw new UserError('usage', `facebookLanguage.${who}: "${code}" is not a language code (e.g. "uk" or "pt-BR")`);
  }
  return { ...(l ?? {}) };
}

/** The sandbox's pending pauses and open event streams, so closing ends them all at once. */
function lifetime(): Pick<SiteContext, 'sleep' | 'track'> & { end(): boolean } {
  const closers = new Set<() => void>();
  const timers = new Set<{ t: NodeJS.Timeout; done: () => void }>();
  let closed = false;
  return {
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        if (closed || ms <= 0) return resolve();
        const entry = { t: setTimeout(() => (timers.delete(entry), resolve()), ms), done: resolve };
        timers.add(entry);
      }),
    track: (close) => {
      closers.add(close);
      return () => closers.delete(close);
    },
    /** Ends everything; false when already ended. */
    end: () => {
      if (closed) return false;
      closed = true;
      for (const t of timers) {
        clearTimeout(t.t);
        t.done();
      }
      timers.clear();
      for (const c of [...closers]) c();
      return true;
    },
  };
}

const SITES: Record<string, SiteHandler> = {
  [SANDBOX_HOSTS.webitel]: webitelSite,
  // Messenger lives on facebook.com since messenger.com was retired (April 2026).
  [SANDBOX_HOSTS.facebook]: async (r, c) => (await messagesRoutes(r, c)) || facebookSite(r, c),
  [SANDBOX_HOSTS.messenger]: messengerSite,
};

/** The Host header as sent (lower case) and the host name it names, the site's key. */
function hostOf(req: http.IncomingMessage): { hostHeader: string; host: string } {
  const hostHeader = (req.headers.host ?? '').toLowerCase();
  return { hostHeader, host: hostHeader.replace(/:\d+$/, '') };
}

/** One server, many hosts: assets on any host, then the site the Host header names. */
function requestHandler(ctx: SiteContext, port: number, index: () => string): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (req, res) => {
    const { hostHeader, host } = hostOf(req);
    const url = new URL(req.url ?? '/', `http://${hostHeader || '127.0.0.1'}`);
    const r: Req = { req, res, url, method: req.method ?? 'GET', origin: `http://${host}:${port}`, cookies: parseCookies(req.headers.cookie) };
    routeRequest(r, ctx, host, index).catch((e: unknown) => {
      ctx.log(`sandbox: ${req.method} ${host}${url.pathname} failed: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) sendText(r, 'internal error', 500);
      else res.end();
    });
  };
}

/** WebSocket handshakes: only Workspace's live connection (`/ws` on the Webitel host) takes one. */
function upgradeHandler(ctx: SiteContext): (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void {
  const link = workspaceLink(ctx);
  return (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const pathname = new URL(req.url ?? '/', 'http://sandbox').pathname;
    if (hostOf(req).host === SANDBOX_HOSTS.webitel && pathname === '/ws') return link(req, socket, head);
    refuseUpgrade(socket, 404, 'Not Found');
  };
}

async function routeRequest(r: Req, ctx: SiteContext, host: string, index: () => string): Promise<void> {
  const { pathname } = r.url;
  if (pathname.startsWith(ASSET_PREFIX) && !pathname.startsWith(`${ASSET_PREFIX}api/`)) {
    if (!ctx.assets.serve(r, pathname.slice(ASSET_PREFIX.length))) sendText(r, 'not found', 404);
    return;
  }
  if (host === SANDBOX_HOSTS.sso) {
    // An SSO-only domain's identity provider: another host, as the real one is.
    return sendHtml(
      r,
      htmlPage({
        title: 'Single sign-on',
        css: ['webitel.css'],
        body: '<main class="sb-index"><h1>Sign in with your organisation</h1><p>This Webitel domain accepts only its single sign-on provider (sandbox stand-in).</p></main>',
      }),
    );
  }
  const site = SITES[host];
  if (!site) {
    if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') {
      if (pathname === '/') return sendHtml(r, index());
      return sendText(r, 'not found', 404);
    }
    // Unknown Host: refuse, so a DNS-rebinding page cannot talk to the sandbox.
    return sendText(r, `unknown host ${host}`, 421);
  }
  if (!(await site(r, ctx))) sendText(r, "Sorry, this page isn't available.", 404);
}

/** What tests and tools may read of the state. */
function inspector(state: SandboxState, seed: SandboxSeed): SandboxInspector {
  return {
    snapshot: () => state.snapshot(),
    get agentStatus() {
      return state.agentInfo().status;
    },
    get workspaceLinkDrops() {
      return state.workspaceLinkDrops;
    },
    connectedPages: (gatewayId = seed.gateway.id) => state.snapshot().gateways.find((g) => g.id === gatewayId)?.pages ?? [],
    chats: () => state.listChats(),
    approveFacebookLogins: () => state.approveFacebookLogins(),
  };
}
