// A local stand-in for m.me that answers a Page's short link the ways 2026 desktop browsers have seen it answer.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How `/<username>` answers:
 * - `opens`: 301 to an intermediate hop, then 302 to https://www.facebook.com/messages/t/<pageId>
 *   (what m.me does where it still opens the thread; the probe must not fetch facebook.com);
 * - `meta-refresh`: 200 with `<meta http-equiv="refresh">` to the facebook.com thread;
 * - `retired`: 302 to the old messenger.com thread, which answers with the retirement page;
 * - `login`: 302 to a Facebook login page that never reaches a conversation;
 * - `loop`: redirects to itself for ever;
 * - `timeout`: accepts the request and never answers.
 */
export type MmeBehaviour = 'opens' | 'meta-refresh' | 'retired' | 'login' | 'loop' | 'timeout';

export interface MmeServer {
  url: string;
  /** Paths asked, in order. */
  requests: { path: string; userAgent: string }[];
  close(): Promise<void>;
}

const page = (title: string, body: string, head = '') =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;

export async function startMmeServer(o: { behaviour: MmeBehaviour; username: string; pageId: string }): Promise<MmeServer> {
  const requests: MmeServer['requests'] = [];
  const thread = `https://www.facebook.com/messages/t/${o.pageId}`;
  const html = (res: http.ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  };
  const redirect = (res: http.ServerResponse, status: number, location: string) => {
    res.writeHead(status, { location });
    res.end();
  };
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, userAgent: req.headers['user-agent'] ?? '' });
    if (path === `/${o.username}`) {
      switch (o.behaviour) {
        case 'opens':
          return redirect(res, 301, `/hop/${o.username}`);
        case 'meta-refresh':
          return html(res, 200, page('Messenger', '', `<meta http-equiv="refresh" content="0; URL=${thread}?ref=mme&amp;x=1">`));
        case 'retired':
          return redirect(res, 302, `/messenger.com/t/${o.username}`);
        case 'login':
          return redirect(res, 302, `/login.php?next=${encodeURIComponent(thread)}`);
        case 'loop':
          return redirect(res, 302, `/${o.username}`);
        case 'timeout':
          return; // never answers; the probe's timeout must end it
      }
    }
    if (path === `/hop/${o.username}`) return redirect(res, 302, thread);
    if (path.startsWith('/messenger.com/t/'))
      return html(res, 200, page('Messenger.com is no longer available', '<h1>Messenger.com is no longer available</h1><p>Use Messenger on Facebook.</p>'));
    if (path.startsWith('/login.php'))
      return html(res, 200, page('Log in to Facebook', '<form><input name="email"><input name="pass" type="password"></form>'));
    html(res, 404, page('Page not found', 'This content isn\u2019t available right now'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
