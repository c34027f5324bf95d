import { escapeHtml, htmlPage, openEventStream, readJson, redirect, sendHtml, sendJson, str, type Req } from '../http';
import { SandboxError } from '../state';
import type { SiteContext } from '../site';
import { avatarDataUrl } from '../seed';
import { handleLogin, sessionUser } from './facebook';

/** The customer's side: m.me/<page username> with the conversation and the composer. */

const MESSENGER_ICON = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36"><defs><linearGradient id="m" x1="0" y1="1" x2="1" y2="0"><stop offset="0" stop-color="#0866ff"/><stop offset=".6" stop-color="#a033ff"/><stop offset="1" stop-color="#ff5c87"/></linearGradient></defs><path fill="url(#m)" d="M18 2C9 2 2 8.6 2 17.2c0 4.5 1.9 8.4 4.9 11.1v5.3l5-2.8c1.9.5 3.9.8 6.1.8 9 0 16-6.6 16-15.2S27 2 18 2z"/><path fill="#fff" d="M8.5 22.3l5.3-8.4 4.2 3.2 5.5-3.2-5.3 8.4-4.2-3.2z"/></svg>').toString('base64')}`;

export async function messengerSite(r: Req, ctx: SiteContext): Promise<boolean> {
  const { state } = ctx;
  if (await handleLogin(r, ctx, 'messenger', '/')) return true;
  const p = r.url.pathname;

  if (p.startsWith('/__sandbox/api/')) {
    const user = sessionUser(r, ctx, 'messenger');
    if (!user) return sendJson(r, { error: 'not logged in' }, 401), true;
    const pg = state.pageByUsername(r.url.searchParams.get('page') ?? '');
    if (!pg) return sendJson(r, { error: 'no such Page' }, 404), true;
    if (p === '/__sandbox/api/thread' && r.method === 'GET') {
      sendJson(r, state.conversation(pg.id, user.id).messages);
      return true;
    }
    if (p === '/__sandbox/api/send' && r.method === 'POST') {
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
    if (p === '/__sandbox/api/events' && r.method === 'GET') {
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
  const m = /^\/([A-Za-z0-9.]{3,50})\/?$/.exec(p);
  if (m) {
    const pg = state.pageByUsername(m[1]!);
    if (!pg) return false;
    const user = sessionUser(r, ctx, 'messenger');
    if (!user) return redirect(r, `/login/?next=${encodeURIComponent(p)}`), true;
    const data = {
      page: { id: pg.id, name: pg.name, username: pg.username, picture: avatarDataUrl(pg.name) },
      user: { name: user.name, picture: user.picture },
      messages: state.conversation(pg.id, user.id).messages,
    };
    const body = `<div class="ms-app" id="app"></div>`;
    sendHtml(r, htmlPage({ title: `${pg.name} | Messenger`, css: ['messenger.css'], js: ['messenger.js'], body, data, icon: MESSENGER_ICON, bodyClass: 'ms-body' }));
    return true;
  }
  if (p === '/') {
    const user = sessionUser(r, ctx, 'messenger');
    if (!user) return redirect(r, '/login/'), true;
    const links = state.seed.pages.map((pg) => `<li><a href="/${encodeURIComponent(pg.username)}">${escapeHtml(pg.name)}</a></li>`).join('');
    sendHtml(r, htmlPage({ title: 'Messenger', css: ['messenger.css'], body: `<main class="ms-index"><h1>Chats</h1><ul>${links}</ul></main>`, icon: MESSENGER_ICON, bodyClass: 'ms-body' }));
    return true;
  }
  return false;
}
