// Asks m.me where a Page's short link lands for a desktop browser: a facebook.com conversation, or a page that cannot open one.
import type { MmeProbe } from './facts';

export const DEFAULT_MME_URL = 'https://m.me';

export interface MmeProbeOptions {
  /** Default https://m.me; a local stand-in in tests. */
  baseUrl?: string | undefined;
  /** For the whole probe, every redirect included. Default 10 s. */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** m.me answers by user agent; the question is what a reviewer's desktop browser gets. */
const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const MAX_HOPS = 10;

/** The conversation id when `url` is a thread on facebook.com (`/messages/t/<id>`), else undefined. */
export function facebookThread(url: URL): string | undefined {
  const host = url.hostname.toLowerCase();
  if (host !== 'facebook.com' && !host.endsWith('.facebook.com')) return undefined;
  return /^\/messages\/t\/([^/?#]+)/.exec(url.pathname)?.[1];
}

/** The target of `<meta http-equiv="refresh" content="0; url=…">`, which Facebook uses for some browsers instead of a 302. */
function metaRefresh(html: string): string | undefined {
  const tag = /<meta[^>]+http-equiv=["']?refresh["']?[^>]*>/i.exec(html)?.[0];
  const target = tag && /content=["'][^"']*?url=([^"'>]+)["']/i.exec(tag)?.[1];
  return target?.trim().replace(/&amp;/g, '&');
}

const titleOf = (html: string) => /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.replace(/\s+/g, ' ').trim().slice(0, 120) || undefined;

/**
 * GETs `<base>/<username>` and follows redirects by hand until one points at a facebook.com
 * conversation (it opens: that address is not fetched, because without a session Facebook would
 * answer it with its login page) or a page answers that is not one (it does not open; the answer
 * says where it landed). No answer, a timeout or an unreachable host is "unchecked", never an error:
 * the texts use the facebook.com thread whatever this says.
 */
export async function probeMmeLink(username: string, opts: MmeProbeOptions = {}): Promise<MmeProbe> {
  const base = (opts.baseUrl ?? DEFAULT_MME_URL).replace(/\/+$/, '');
  const start = `${base}/${encodeURIComponent(username)}`;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let url = new URL(start);
  try {
    for (let hop = 0; hop <= MAX_HOPS; hop++) {
      const thread = facebookThread(url);
      if (thread) return { url: start, outcome: 'opens', landedAt: url.href, conversation: thread };
      const res = await fetch(url, { redirect: 'manual', signal, headers: { 'user-agent': DESKTOP_UA, accept: 'text/html' } });
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        url = new URL(location, url);
        continue;
      }
      const html = (await res.text()).slice(0, 200_000);
      const refresh = metaRefresh(html);
      if (refresh) {
        url = new URL(refresh, url);
        continue;
      }
      const title = titleOf(html);
      return { url: start, outcome: 'does-not-open', landedAt: url.href, status: res.status, ...(title ? { title } : {}) };
    }
    return { url: start, outcome: 'does-not-open', landedAt: url.href, reason: `more than ${MAX_HOPS} redirects` };
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    if (timeout.aborted)
      return { url: start, outcome: 'unchecked', reason: `no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}` };
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return { url: start, outcome: 'unchecked', reason: `could not reach ${url.host}: ${cause?.code ?? cause?.message ?? (e as Error).message}` };
  }
}
