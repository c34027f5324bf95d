// The sandbox's Messenger: a customer's conversation with a Page on Facebook, its API, and m.me links that redirect there.
import { escapeHtml, htmlPage, openEventStream, readJson, redirect, sendJson, str, type Req } from '../http';
import { SandboxError } from '../state';
import type { SiteContext } from '../site';
import { avatarDataUrl } from '../seed';
import { cookieBanner, FB_ICON, loginPageHtml, sendFacebookHtml, sessionUser } from './facebook';

/**
 * Messenger on facebook.com (messenger.com was retired in April 2026): the customer's
 * conversation with a Page at `/messages/t/<page id>`, its API, and m.me links that redirect there.
 */

export const THREAD_PATH = /^\/messages\/t\/([0-9]{5,20})\/?$/;
const API = '/__sandbox/api/messenger/';

/** `/messages/…` and the conversation API on the Facebook origin; false when the path is not one of them. */
export async function messagesRoutes(r: Req, ctx: SiteContext): Promise<boolean> {
  const { state } = ctx;
  const p = r.url.pathname;

  if (p.startsWith(API)) {
    const user = sessionUser(r, ctx, 'facebook');
    if (!user) return (sendJson(r, { error: 'not logged in' }, 401), true);
    const pg = state.pageById(r.url.searchParams.get('page') ?? '');
    if (!pg) return (sendJson(r, { error: 'no such Page' }, 404), true);
    const op = p.slice(API.length);
    if (op === 'thread' && r.method === 'GET') {
      sendJson(r, state.conversation(pg.id, user.id).messages);
      return true;
    }
    if (op === 'send' && r.method === 'POST') {
      const b = await readJson(r);
      try {
        const m = state.customerSend(pg.id, user.id, str(b.text));
        ctx.log(`messenger: ${user.name} → ${pg.name}${m.routed ? '' : ' (not routed to Workspace)'}`);
        sendJson(r, m);
      } catch (e) {
        if (!(e instanceof SandboxError)) throw e;
        sendJson(r, { error: e.message }, e.status);
      }
      return true;
    }
    if (op === 'events' && r.method === 'GET') {
      let off = () => {};
      const untrack = ctx.track(() => r.res.destroy());
      const send = openEventStream(r, () => {
        off();
        untrack();
      });
      off = state.onMessenger((e) => {
        if (e.pageId === pg.id && e.userId === user.id) send(e.message);
      });
      return true;
    }
    return false;
  }

  if (r.method !== 'GET') return false;
  const m = THREAD_PATH.exec(p);
  if (m) {
    const pg = state.pageById(m[1]!);
    if (!pg) return false;
    const user = sessionUser(r, ctx, 'facebook');
    // The login wall: facebook.com/messages asks a logged-out visitor to log in, then comes back.
    if (!user) {
      sendFacebookHtml(r, ctx, loginPageHtml({ next: p, title: 'Log in to continue to Messenger', banner: cookieBanner(r, ctx) }));
      return true;
    }
    const data = {
      page: { id: pg.id, name: pg.name, picture: avatarDataUrl(pg.name) },
      user: { name: user.name, picture: user.picture },
      messages: state.conversation(pg.id, user.id).messages,
      api: API,
      pin: ctx.messengerPin,
    };
    const body = `<div class="ms-app" id="app"></div>${cookieBanner(r, ctx)}`;
    sendFacebookHtml(
      r,
      ctx,
      htmlPage({
        title: `Messenger | Facebook`,
        css: ['facebook.css', 'messenger.css'],
        js: ['messenger.js', 'fb-cookies.js'],
        body,
        data,
        icon: FB_ICON,
        bodyClass: 'ms-body',
      }),
    );
    return true;
  }
  if (p === '/messages' || p === '/messages/' || p === '/messages/t' || p === '/messages/t/') {
    const user = sessionUser(r, ctx, 'facebook');
    if (!user) {
      sendFacebookHtml(r, ctx, loginPageHtml({ next: '/messages/', title: 'Log in to continue to Messenger', banner: cookieBanner(r, ctx) }));
      return true;
    }
    const links = state.seed.pages.map((pg) => `<li><a href="/messages/t/${encodeURIComponent(pg.id)}">${escapeHtml(pg.name)}</a></li>`).join('');
    sendFacebookHtml(
      r,
      ctx,
      htmlPage({
        title: 'Messenger | Facebook',
        css: ['messenger.css'],
        body: `<main class="ms-index"><h1>Chats</h1><ul>${links}</ul></main>`,
        icon: FB_ICON,
        bodyClass: 'ms-body',
      }),
    );
    return true;
  }
  return false;
}

/** m.me/<page username or id>: a redirect to the conversation on Facebook, as m.me does in 2026 when it works at all. */
export async function messengerSite(r: Req, ctx: SiteContext): Promise<boolean> {
  if (r.method !== 'GET') return false;
  const p = r.url.pathname;
  const m = /^\/([A-Za-z0-9.]{3,50})\/?$/.exec(p);
  if (m) {
    const pg = ctx.state.pageByUsername(m[1]!);
    if (!pg) return false;
    redirect(r, `${ctx.origins.facebook}/messages/t/${pg.id}`);
    return true;
  }
  if (p === '/') return (redirect(r, `${ctx.origins.facebook}/messages/`), true);
  return false;
}
