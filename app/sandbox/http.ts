// The small HTTP toolkit the sandbox sites share: cookies, bodies, HTML and JSON replies, event streams and static assets.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The small HTTP toolkit the sandbox sites share. */

export interface Req {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  method: string;
  /** Origin of the site the request is for, e.g. `http://webitel.localhost:41234`. */
  origin: string;
  cookies: Record<string, string>;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (k) out[k] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

export function setCookie(r: Req, name: string, value: string, opts: { maxAge?: number } = {}): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (opts.maxAge !== undefined) parts.push(`Max-Age=${opts.maxAge}`);
  const prev = r.res.getHeader('set-cookie');
  const list = Array.isArray(prev) ? prev : typeof prev === 'string' ? [prev] : [];
  r.res.setHeader('set-cookie', [...list, parts.join('; ')]);
}

const NO_STORE = { 'cache-control': 'no-store' };

export function sendHtml(r: Req, html: string, status = 200): void {
  r.res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...NO_STORE });
  r.res.end(html);
}

export function sendJson(r: Req, value: unknown, status = 200): void {
  r.res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...NO_STORE });
  r.res.end(JSON.stringify(value));
}

export function sendText(r: Req, text: string, status = 200): void {
  r.res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...NO_STORE });
  r.res.end(text);
}

/** Answers a WebSocket handshake with a plain HTTP refusal and closes the connection. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, text = ''): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}

export function redirect(r: Req, location: string, status = 302): void {
  r.res.writeHead(status, { location, ...NO_STORE });
  r.res.end();
}

export async function readBody(r: Req, limit = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of r.req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readJson(r: Req): Promise<Record<string, unknown>> {
  const raw = await readBody(r);
  if (!raw) return {};
  const v: unknown = JSON.parse(raw);
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export async function readForm(r: Req): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(r));
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Opens a server-sent-events stream; returns a writer and registers the cleanup. */
export function openEventStream(r: Req, onClose: () => void): (event: unknown) => void {
  r.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  r.res.write('retry: 500\n\n');
  const ping = setInterval(() => r.res.write(': ping\n\n'), 15_000);
  r.req.on('close', () => {
    clearInterval(ping);
    onClose();
  });
  return (event) => r.res.write(`data: ${JSON.stringify(event)}\n\n`);
}

/** The static page scripts and styles (`app/sandbox/pages/`), read once. */
export class Assets {
  private cache = new Map<string, string>();
  constructor(private readonly dir: string) {}

  /** `app/sandbox/pages/` next to this module; a bundle without module URLs must pass its own folder. */
  static defaultDir(): string {
    try {
      return fileURLToPath(new URL('./pages/', import.meta.url));
    } catch {
      return path.resolve('app/sandbox/pages');
    }
  }

  get(name: string): string | undefined {
    if (!/^[a-z0-9-]+\.(js|css)$/.test(name)) return undefined;
    let text = this.cache.get(name);
    if (text === undefined) {
      try {
        text = readFileSync(path.join(this.dir, name), 'utf8');
      } catch {
        return undefined;
      }
      this.cache.set(name, text);
    }
    return text;
  }

  serve(r: Req, name: string): boolean {
    const text = this.get(name);
    if (text === undefined) return false;
    r.res.writeHead(200, { 'content-type': name.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8', ...NO_STORE });
    r.res.end(text);
    return true;
  }
}

export const ASSET_PREFIX = '/__sandbox/';

/** One HTML document: styles and scripts from the assets, boot data as JSON. */
export function htmlPage(opts: { title: string; css: string[]; js?: string[]; body: string; data?: unknown; bodyClass?: string; icon?: string }): string {
  const data = opts.data === undefined ? '' : `<script type="application/json" id="boot">${JSON.stringify(opts.data).replace(/</g, '\\u003c')}</script>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)}</title>
${opts.icon ? `<link rel="icon" href="${opts.icon}">` : ''}
${opts.css.map((c) => `<link rel="stylesheet" href="${ASSET_PREFIX}${c}">`).join('\n')}
</head><body${opts.bodyClass ? ` class="${opts.bodyClass}"` : ''}>
${opts.body}
${data}
${(opts.js ?? []).map((j) => `<script src="${ASSET_PREFIX}${j}"></script>`).join('\n')}
</body></html>`;
}
