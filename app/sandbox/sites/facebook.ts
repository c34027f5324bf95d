// The sandbox's Facebook: its login and the OAuth consent dialog, as far as a scenario may rely on them.
import { ASSET_PREFIX, escapeHtml, htmlPage, readForm, redirect, sendHtml, sendJson, setCookie, type Req } from '../http';
import { SandboxError, type FacebookSite } from '../state';
import type { SiteContext } from '../site';
import type { FacebookUser } from '../seed';
import { avatarDataUrl } from '../seed';

/**
 * Facebook's login and OAuth consent dialog, as far as a scenario may rely on them: ids and
 * names of the login inputs, roles, accessible names and English texts (CONTRACT.md).
 */

export const SESSION_COOKIE = 'fb_session';
const PENDING_COOKIE = 'fb_pending';
/** Set by fb-cookies.js when the visitor answers the cookie banner. */
export const COOKIE_CHOICE_COOKIE = 'fb_cookie_choice';

export const FB_ICON = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36"><circle cx="18" cy="18" r="18" fill="#0866ff"/><path d="M20.2 29V19.6h3.1l.5-3.7h-3.6v-2.3c0-1.1.3-1.8 1.8-1.8h1.9V8.5a26 26 0 0 0-2.8-.1c-2.8 0-4.7 1.7-4.7 4.8v2.7h-3.1v3.7h3.1V29z" fill="#fff"/></svg>').toString('base64')}`;

export const WORDMARK = `<svg class="fb-wordmark" viewBox="0 0 240 52" role="img" aria-label="Facebook"><text x="0" y="40" font-family="Helvetica Neue,Helvetica,Arial,sans-serif" font-weight="700" font-size="46" letter-spacing="-1.5" fill="#0866ff">facebook</text></svg>`;

export const PERMISSION_TITLES: Record<string, string> = {
  pages_show_list: 'Show a list of the Pages you manage',
  pages_manage_metadata: 'Manage accounts, settings and webhooks for a Page',
  pages_messaging: 'Manage and access Page conversations in Messenger',
  business_management: 'Manage your business and its assets',
  pages_read_engagement: 'Read content posted on the Page',
  public_profile: 'Your name and profile picture',
  email: 'Your email address',
};

/**
 * Facebook draws its pages in the account's language once someone is logged in (Settings →
 * Language and region), and before that in one it picks for the visitor (by location among
 * others): the sandbox marks the page's language on <html>, as Facebook does, and has
 * fb-lang.js translate the words its pages draw.
 */
export function sendFacebookHtml(r: Req, ctx: SiteContext, html: string, status?: number): void {
  const lang = facebookLanguage(r, ctx);
  if (lang === 'en') return sendHtml(r, html, status);
  sendHtml(r, html.replace('<html lang="en">', `<html lang="${lang}">`).replace('</body>', `<script src="${ASSET_PREFIX}fb-lang.js"></script></body>`), status);
}

function facebookLanguage(r: Req, ctx: SiteContext): string {
  const languages = ctx.facebookLanguage;
  const user = sessionUser(r, ctx, 'facebook');
  if (!user) return languages.visitor ?? 'en';
  const { pageAdmin, customer } = ctx.state.seed.facebook;
  return (user.id === pageAdmin.id ? languages.pageAdmin : user.id === customer.id ? languages.customer : undefined) ?? 'en';
}

/**
 * Facebook's cookie banner, for a browser that has not answered it (only when the sandbox
 * shows it). Rendered with the page, so it is there as soon as the page is; fb-cookies.js
 * records the answer and removes it.
 */
export function cookieBanner(r: Req, ctx: SiteContext): string {
  if (!ctx.cookieBanner || r.cookies[COOKIE_CHOICE_COOKIE]) return '';
  // Some regions ask only once the person is logged in; logging in (or out) sets (or clears) the session cookie.
  if (ctx.cookieBanner === 'after-login' && !r.cookies[SESSION_COOKIE]) return '';
  return `<div class="fb-cookie-layer" data-fb-cookie-banner><div class="fb-card fb-cookie" role="dialog" aria-modal="true" aria-labelledby="fb-cookie-h">
<h2 id="fb-cookie-h" class="fb-card-heading">Allow the use of cookies from Facebook on this browser?</h2>
<p class="fb-muted">We use cookies to help personalise and improve content and services, provide a safer experience and show you useful and relevant ads. You can choose whether to allow optional cookies.</p>
<div class="fb-actions fb-actions--stack"><div role="button" tabindex="0" class="fb-btn fb-btn-grey fb-btn-wide fb-cookie-btn" data-choice="essential" data-cookiebanner="accept_only_essential_button" aria-label="Decline optional cookies"><span>Decline optional cookies</span></div>
<div role="button" tabindex="0" class="fb-btn fb-btn-primary fb-btn-wide fb-cookie-btn" data-choice="all" data-cookiebanner="accept_button" aria-label="Allow all cookies"><span>Allow all cookies</span></div></div>
</div></div>`;
}

/** Only relative paths or the sandbox's own origins may be `next` targets. */
export function safeNext(ctx: SiteContext, next: string | null, fallback: string): string {
  if (!next) return fallback;
  if (next.startsWith('/') && !next.startsWith('//')) return next;
  try {
    const u = new URL(next);
    if (Object.values(ctx.origins).includes(u.origin)) return u.toString();
  } catch {
    /* not a URL */
  }
  return fallback;
}

export function loginPageHtml(opts: { next: string; email?: string; error?: string; title?: string; subtitle?: string; banner?: string }): string {
  const body = `
<main class="fb-login-page">
  <div class="fb-login-brand">
    ${WORDMARK}
    <h2 class="fb-tagline">${escapeHtml(opts.subtitle ?? 'Facebook helps you connect and share with the people in your life.')}</h2>
  </div>
  <div class="fb-login-card-wrap">
    <form class="fb-card fb-login-card" method="post" action="/login/?next=${encodeURIComponent(opts.next)}">
      ${opts.title ? `<h1 class="fb-card-title">${escapeHtml(opts.title)}</h1>` : ''}
      ${opts.error ? `<div role="alert" class="fb-alert">${escapeHtml(opts.error)}</div>` : ''}
      <input type="text" class="fb-input" id="email" name="email" placeholder="Email address or phone number" aria-label="Email address or phone number" autocomplete="username" value="${escapeHtml(opts.email ?? '')}" autofocus>
      <input type="password" class="fb-input" id="pass" name="pass" placeholder="Password" aria-label="Password" autocomplete="current-password">
      <button type="submit" class="fb-btn fb-btn-primary fb-btn-big" name="login" value="1">Log in</button>
      <a class="fb-link" href="#" onclick="return false">Forgotten password?</a>
      <div class="fb-sep"></div>
      <button type="button" class="fb-btn fb-btn-green" onclick="return false">Create new account</button>
    </form>
  </div>
</main>
<footer class="fb-footer">Meta © 2026 · sandbox</footer>${opts.banner ?? ''}`;
  return htmlPage({ title: 'Log in to Facebook', css: ['facebook.css'], js: ['fb-cookies.js'], body, icon: FB_ICON, bodyClass: 'fb-body' });
}

/** Where Facebook asks to approve a login on another device (its 2026 address for two-step login checks). */
const APPROVAL_PATH = '/two_step_verification/authentication/';

/** "Check your notifications on another device": waits, asking the server, until the login is approved there. */
function approvalPageHtml(opts: { banner?: string }): string {
  const body = `
<header class="fb-topbar">${WORDMARK}</header>
<main class="fb-center">
  <div class="fb-card fb-code-card" data-approval-wait>
    <h2 class="fb-card-heading">Check your notifications on another device</h2>
    <p class="fb-muted">We sent a notification to your other device. Open it and tap "Yes, it's me" to approve this login; this page goes on by itself.</p>
    <p class="fb-muted">Waiting for approval…</p>
    <a class="fb-link" href="#" onclick="return false">Try another way</a>
  </div>
</main>${opts.banner ?? ''}`;
  return htmlPage({
    title: 'Two-step verification',
    css: ['facebook.css'],
    js: ['fb-approval.js', 'fb-cookies.js'],
    body,
    icon: FB_ICON,
    bodyClass: 'fb-body',
  });
}

function codePageHtml(opts: { next: string; error?: string; banner?: string }): string {
  const body = `
<header class="fb-topbar">${WORDMARK}</header>
<main class="fb-center">
  <form class="fb-card fb-code-card" method="post" action="/checkpoint/?next=${encodeURIComponent(opts.next)}">
    <h2 class="fb-card-heading">Enter the code from your authentication app</h2>
    <p class="fb-muted">Go to the authentication app on your phone and enter the 6-digit code it shows for Facebook.</p>
    ${opts.error ? `<div role="alert" class="fb-alert">${escapeHtml(opts.error)}</div>` : ''}
    <input type="text" class="fb-input" id="approvals_code" name="approvals_code" aria-label="Login code" placeholder="Login code" inputmode="numeric" autocomplete="one-time-code" autofocus>
    <div class="fb-actions"><button type="submit" class="fb-btn fb-btn-primary" id="checkpointSubmitButton" name="submit[Continue]">Continue</button></div>
  </form>
</main>${opts.banner ?? ''}`;
  return htmlPage({ title: 'Two-factor authentication required', css: ['facebook.css'], js: ['fb-cookies.js'], body, icon: FB_ICON, bodyClass: 'fb-body' });
}

export function sessionUser(r: Req, ctx: SiteContext, site: FacebookSite): FacebookUser | undefined {
  return ctx.state.facebookSessionUser(site, r.cookies[SESSION_COOKIE]);
}

/** `/login/`, `/checkpoint/` and `/logout/` for one Facebook-run origin (facebook or m.me). */
export async function handleLogin(r: Req, ctx: SiteContext, site: FacebookSite, home: string): Promise<boolean> {
  const p = r.url.pathname.replace(/\/+$/, '') || '/';
  const next = safeNext(ctx, r.url.searchParams.get('next'), home);
  if (p === '/login' && r.method === 'GET') {
    if (sessionUser(r, ctx, site)) return (redirect(r, next), true);
    sendFacebookHtml(r, ctx, loginPageHtml({ next, banner: cookieBanner(r, ctx) }));
    return true;
  }
  if (p === '/login' && r.method === 'POST') {
    const f = await readForm(r);
    const email = f.get('email') ?? '';
    try {
      const res = ctx.state.facebookLogin(site, email, f.get('pass') ?? '');
      if ('pending' in res) {
        setCookie(r, PENDING_COOKIE, res.pending);
        const check = ctx.state.pendingCheck(res.pending) === 'approval' ? APPROVAL_PATH : '/checkpoint/';
        redirect(r, `${check}?next=${encodeURIComponent(next)}`, 303);
      } else {
        setCookie(r, SESSION_COOKIE, res.session);
        ctx.log(`${site}: ${email} logged in`);
        redirect(r, next, 303);
      }
    } catch (e) {
      if (!(e instanceof SandboxError)) throw e;
      sendFacebookHtml(r, ctx, loginPageHtml({ next, email, error: e.message, banner: cookieBanner(r, ctx) }), 200);
    }
    return true;
  }
  if (p === '/checkpoint' && r.method === 'GET') {
    if (!ctx.state.hasPendingCode(r.cookies[PENDING_COOKIE])) return (redirect(r, `/login/?next=${encodeURIComponent(next)}`), true);
    sendFacebookHtml(r, ctx, codePageHtml({ next, banner: cookieBanner(r, ctx) }));
    return true;
  }
  if (p === '/checkpoint' && r.method === 'POST') {
    const f = await readForm(r);
    try {
      const session = ctx.state.facebookCode(r.cookies[PENDING_COOKIE] ?? '', f.get('approvals_code') ?? '');
      setCookie(r, PENDING_COOKIE, '', { maxAge: 0 });
      setCookie(r, SESSION_COOKIE, session);
      redirect(r, next, 303);
    } catch (e) {
      if (!(e instanceof SandboxError)) throw e;
      if (!ctx.state.hasPendingCode(r.cookies[PENDING_COOKIE])) return (redirect(r, `/login/?next=${encodeURIComponent(next)}`, 303), true);
      sendFacebookHtml(r, ctx, codePageHtml({ next, error: e.message, banner: cookieBanner(r, ctx) }));
    }
    return true;
  }
  if (`${p}/` === APPROVAL_PATH && r.method === 'GET') {
    const pending = r.cookies[PENDING_COOKIE];
    if (ctx.state.pendingCheck(pending) !== 'approval') return (redirect(r, `/login/?next=${encodeURIComponent(next)}`), true);
    const session = ctx.state.facebookApproved(pending!);
    if (!session) return (sendFacebookHtml(r, ctx, approvalPageHtml({ banner: cookieBanner(r, ctx) })), true);
    setCookie(r, PENDING_COOKIE, '', { maxAge: 0 });
    setCookie(r, SESSION_COOKIE, session);
    ctx.log(`${site}: a login was approved on another device`);
    redirect(r, next);
    return true;
  }
  if (`${p}/` === `${APPROVAL_PATH}status/` && r.method === 'GET') {
    const pending = r.cookies[PENDING_COOKIE];
    sendJson(r, { waiting: ctx.state.pendingCheck(pending) === 'approval', approved: ctx.state.isFacebookLoginApproved(pending) });
    return true;
  }
  if (p === '/logout') {
    const s = r.cookies[SESSION_COOKIE];
    if (s) ctx.state.facebookLogout(s);
    setCookie(r, SESSION_COOKIE, '', { maxAge: 0 });
    redirect(r, '/login/');
    return true;
  }
  return false;
}

function errorDialog(title: string, text: string): string {
  const body = `<header class="fb-topbar">${WORDMARK}</header><main class="fb-center"><div class="fb-card" role="dialog" aria-label="${escapeHtml(title)}"><h2 class="fb-card-heading">${escapeHtml(title)}</h2><p class="fb-muted">${escapeHtml(text)}</p></div></main>`;
  return htmlPage({ title: 'Error', css: ['facebook.css'], body, icon: FB_ICON, bodyClass: 'fb-body' });
}

function isGatewayUrl(ctx: SiteContext, uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.origin === ctx.origins.webitel && /^\/chat\/[a-z]{31}$/.test(u.pathname) && !u.search;
  } catch {
    return false;
  }
}

export async function facebookSite(r: Req, ctx: SiteContext): Promise<boolean> {
  if (await handleLogin(r, ctx, 'facebook', '/')) return true;
  const p = r.url.pathname;
  const oauth = /^\/(v\d{2}\.\d)\/dialog\/oauth(\/confirm)?\/?$/.exec(p);
  if (oauth && r.method === 'GET' && !oauth[2]) return consentDialog(r, ctx, oauth[1]!);
  if (oauth && r.method === 'POST' && oauth[2]) return consentAnswer(r, ctx);
  if (p === '/' && r.method === 'GET') return homePage(r, ctx);
  return false;
}

/** The OAuth dialog (Facebook Login for Business), after the checks Facebook makes of the app, redirect and scopes. */
function consentDialog(r: Req, ctx: SiteContext, version: string): boolean {
  const { state } = ctx;
  const user = sessionUser(r, ctx, 'facebook');
  if (!user) return (redirect(r, `/login/?next=${encodeURIComponent(r.url.pathname + r.url.search)}`), true);
  const q = r.url.searchParams;
  const clientId = q.get('client_id') ?? '';
  const redirectUri = q.get('redirect_uri') ?? '';
  const scopes = (q.get('scope') ?? '').split(/[,\s]+/).filter(Boolean);
  const refusal = consentRefusal(ctx, clientId, redirectUri, scopes);
  if (refusal) {
    sendFacebookHtml(r, ctx, refusal, 400);
    return true;
  }
  const pages = user.managesPages.map((id) => state.pageById(id)).filter((x) => !!x);
  // auth_type=rerequest asks again for what was declined; a returning user is still offered the old grant first.
  const previous = state.previousGrant(user.id);
  const data = {
    appName: state.seed.facebook.appName,
    appIcon: avatarDataUrl(state.seed.facebook.appName),
    user: { name: user.name, firstName: user.name.split(/\s+/)[0], picture: user.picture },
    accountSwitch: ctx.accountSwitch,
    previous: previous ?? null,
    pages: pages.map((pg) => ({ id: pg.id, name: pg.name, picture: avatarDataUrl(pg.name) })),
    permissions: scopes.map((id) => ({ id, title: PERMISSION_TITLES[id] ?? id })),
    display: q.get('display') ?? 'page',
    form: { client_id: clientId, redirect_uri: redirectUri, state: q.get('state') ?? '', scope: scopes.join(',') },
    action: `/${version}/dialog/oauth/confirm`,
  };
  const body = `<header class="fb-topbar">${WORDMARK}<span class="fb-topbar__title">Facebook Login for Business</span></header><main class="fb-center" id="dialog-root"></main>${cookieBanner(r, ctx)}`;
  sendFacebookHtml(
    r,
    ctx,
    htmlPage({
      title: 'Facebook Login for Business',
      css: ['facebook.css'],
      js: ['fb-dialog.js', 'fb-cookies.js'],
      body,
      data,
      icon: FB_ICON,
      bodyClass: `fb-body${data.display === 'popup' ? ' fb-body--popup' : ''}`,
    }),
  );
  return true;
}

/** Facebook's error dialog for an unknown app, a redirect not on the list, or scopes outside the use case; undefined when all is well. */
function consentRefusal(ctx: SiteContext, clientId: string, redirectUri: string, scopes: string[]): string | undefined {
  if (clientId !== ctx.state.seed.gateway.appId) return errorDialog('Invalid App ID', 'The provided app ID does not look like a valid app ID.');
  if (!isGatewayUrl(ctx, redirectUri) || ctx.metaApp.redirectNotAllowed) {
    return errorDialog('URL blocked', "This redirect failed because the redirect URI is not whitelisted in the app's client OAuth settings.");
  }
  const unknown = scopes.filter((x) => !PERMISSION_TITLES[x] || ctx.metaApp.useCaseLacks?.includes(x));
  if (unknown.length) {
    return errorDialog(
      'Invalid Scopes',
      `Invalid Scopes: ${unknown.join(', ')}. This message is only shown to developers. Add the permissions to the app's use case under Use cases → Customize first.`,
    );
  }
  return undefined;
}

/** The dialog's answer: back to the gateway with a code for what was granted, or with the refusal. */
async function consentAnswer(r: Req, ctx: SiteContext): Promise<boolean> {
  const { state } = ctx;
  const user = sessionUser(r, ctx, 'facebook');
  if (!user) return (redirect(r, '/login/', 303), true);
  const f = await readForm(r);
  const redirectUri = f.get('redirect_uri') ?? '';
  if (!isGatewayUrl(ctx, redirectUri)) return (sendFacebookHtml(r, ctx, errorDialog('URL blocked', 'The redirect URI is not allowed.'), 400), true);
  const target = new URL(redirectUri);
  const previous = state.previousGrant(user.id);
  if (f.get('cancel')) {
    target.searchParams.set('error', 'access_denied');
    target.searchParams.set('error_reason', 'user_denied');
    target.searchParams.set('error_description', 'Permissions error');
  } else if (f.get('previous') && previous) {
    // "Continue with previous settings": the old grant again, nothing chosen on screen.
    ctx.log(`facebook: ${user.name} continued with previous settings`);
    const code = state.issueOAuthCode({
      userId: user.id,
      clientId: f.get('client_id') ?? '',
      redirectUri,
      pageIds: previous.pageIds,
      scopes: previous.scopes,
      optIn: previous.optIn,
    });
    target.searchParams.set('code', code);
  } else {
    const optIn = f.get('page_opt_in') === 'all' ? 'all' : 'current';
    const pageIds = optIn === 'all' ? [...user.managesPages] : f.getAll('page_id');
    const code = state.issueOAuthCode({
      userId: user.id,
      clientId: f.get('client_id') ?? '',
      redirectUri,
      pageIds,
      scopes: (f.get('scope') ?? '').split(',').filter(Boolean),
      optIn,
    });
    target.searchParams.set('code', code);
  }
  target.searchParams.set('state', f.get('state') ?? '');
  redirect(r, target.toString(), 303);
  return true;
}

function homePage(r: Req, ctx: SiteContext): boolean {
  const user = sessionUser(r, ctx, 'facebook');
  if (!user) return (redirect(r, '/login/'), true);
  const body = `<header class="fb-topbar">${WORDMARK}<a class="fb-link fb-right" href="/logout/">Log out</a></header>
<main class="fb-center"><div class="fb-card"><img class="fb-avatar-lg" src="${user.picture}" alt=""><h2 class="fb-card-heading">Welcome, ${escapeHtml(user.name)}</h2><p class="fb-muted">You are logged in to the sandbox Facebook. <a class="fb-link" href="/messages/">Messages</a></p></div></main>${cookieBanner(r, ctx)}`;
  sendFacebookHtml(r, ctx, htmlPage({ title: 'Facebook', css: ['facebook.css'], js: ['fb-cookies.js'], body, icon: FB_ICON, bodyClass: 'fb-body' }));
  return true;
}
