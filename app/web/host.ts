// Serves the built UI and the API on 127.0.0.1 for browser mode, behind a per-launch token and Host and Origin checks.
import http from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { UserError } from '../common/errors';
import { dispatch } from '../api/dispatch';
import type { ApiHandlers } from '../api/contract';
import type { EventHub } from '../api/events';
import { resolveMediaPath, resolveReportPath } from '../api/media';
import { CONTENT_SECURITY_POLICY } from '../api/csp';

/**
 * Browser mode: the built UI and the API on 127.0.0.1 only.
 *
 * Threats handled: other local users and web pages in the person's browser. A random
 * per-launch token is required on every request (in the printed URL once, then an
 * HttpOnly SameSite=Strict cookie or the `x-review-assistant-token` header); `Host` must
 * be the loopback address we listen on (DNS rebinding); `Origin`, when sent, must be ours
 * (cross-site requests).
 */
export interface WebHostOptions {
  handlers: ApiHandlers;
  hub: EventHub;
  dataDir: string;
  /** The built UI (`dist/renderer`). */
  staticDir: string;
  /** 0 = a free port. */
  port?: number;
  /** Fixed token for tests; random otherwise. */
  token?: string;
}

export interface WebHost {
  url: string;
  /** The URL with the token, for opening once. */
  launchUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const TOKEN_COOKIE = 'ra_token';
export const TOKEN_HEADER = 'x-review-assistant-token';
const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};
const MAX_BODY = 30 * 1024 * 1024;

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const sseClients = new Set<http.ServerResponse>();
  const where = { port: 0 };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    const url = admit(req, res, where.port, token);
    if (!url) return;
    if (url.pathname.startsWith('/api/')) return serveApi(req, res, url, opts.handlers);
    if (url.pathname === '/events') return serveEvents(req, res, opts.hub, sseClients);
    if (url.pathname.startsWith('/media/')) return serveMedia(req, res, url, opts.dataDir);
    if (url.pathname.startsWith('/exports/')) return serveReport(req, res, url, opts.dataDir);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'use GET');
    return serveStatic(req, res, opts.staticDir, url.pathname);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { kind: 'internal', message: String((e as Error)?.message ?? e), issues: [] } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'EADDRINUSE')
      throw new UserError('io', `port ${opts.port} is already in use`, { hint: 'pick another with --port, or leave it out to use a free one' });
    throw e;
  });
  where.port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${where.port}/`;
  return {
    url,
    launchUrl: `${url}?token=${encodeURIComponent(token)}`,
    port: where.port,
    token,
    close: async () => {
      for (const c of sseClients) c.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The request's URL when it may go on: the Host is our loopback address (DNS rebinding), an
 * Origin is ours (cross-site requests) and the token is right. Otherwise it has been answered
 * (refused, or redirected to drop the token from the address) and the result is null.
 */
function admit(req: http.IncomingMessage, res: http.ServerResponse, port: number, token: string): URL | null {
  const refuse = (status: number, text: string): null => {
    sendText(res, status, text);
    return null;
  };
  const host = req.headers.host ?? '';
  if (!new Set([`127.0.0.1:${port}`, `localhost:${port}`]).has(host.toLowerCase())) return refuse(403, 'forbidden: unexpected Host header');
  const origin = header(req, 'origin');
  if (origin !== undefined && !new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]).has(origin))
    return refuse(403, 'forbidden: cross-origin request');
  const url = new URL(req.url ?? '/', `http://${host}`);
  if (!tokenOk(req, url, token)) {
    // A person opening an old address (each launch makes a new token) gets a page saying what to do.
    if (req.method === 'GET' && (header(req, 'accept') ?? '').includes('text/html')) {
      sendHtml(res, 401, EXPIRED_PAGE);
      return null;
    }
    return refuse(401, 'unauthorized: open the address printed by "review-assistant ui" (it carries the access token)');
  }
  // The token travels in the URL once; swap it for a cookie and drop it from the address bar and history.
  if (url.searchParams.has('token') && req.method === 'GET' && !url.pathname.startsWith('/api/')) {
    res.setHeader('set-cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    url.searchParams.delete('token');
    res.writeHead(303, { location: url.pathname + (url.search || '') });
    res.end();
    return null;
  }
  return url;
}

function tokenOk(req: http.IncomingMessage, url: URL, token: string): boolean {
  const tokenBuf = Buffer.from(token);
  const candidates = [url.searchParams.get('token'), header(req, TOKEN_HEADER), cookie(req, TOKEN_COOKIE)];
  return candidates.some((c) => {
    if (!c) return false;
    const b = Buffer.from(c);
    return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf);
  });
}

/** `POST /api/<name>` with a JSON body: one call of the contract. */
async function serveApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL, handlers: ApiHandlers): Promise<void> {
  if (req.method !== 'POST') return sendText(res, 405, 'use POST');
  if (!(header(req, 'content-type') ?? '').startsWith('application/json')) return sendText(res, 415, 'send application/json');
  const body = await readBody(req);
  // Refused with 413, not an internal error (it once answered 500 after reading 30 MB); the
  // connection closes, so the rest of the body is not read.
  if (body === null) {
    res.setHeader('connection', 'close');
    sendJson(res, 413, { ok: false, error: { kind: 'validation', message: `the request is larger than ${MAX_BODY / 1024 / 1024} MB`, issues: [] } });
    req.destroy();
    return;
  }
  let input: unknown;
  try {
    input = body.length ? JSON.parse(body) : {};
  } catch {
    return sendJson(res, 400, { ok: false, error: { kind: 'validation', message: 'the request body is not JSON', issues: [] } });
  }
  const name = safeDecode(url.pathname.slice('/api/'.length));
  if (name === null) return sendJson(res, 400, { ok: false, error: { kind: 'usage', message: 'the API name in the address is not valid', issues: [] } });
  const r = await dispatch(handlers, name, input);
  return sendJson(res, r.ok ? 200 : statusFor(r.error.kind), r);
}

/** `GET /events`: the app's events as server-sent events, with a ping that keeps proxies from closing it. */
function serveEvents(req: http.IncomingMessage, res: http.ServerResponse, hub: EventHub, clients: Set<http.ServerResponse>): void {
  if (req.method !== 'GET') return sendText(res, 405, 'use GET');
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write(': connected\n\n');
  clients.add(res);
  const off = hub.on((e) => res.write(`data: ${JSON.stringify(e)}\n\n`));
  const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
  req.on('close', () => {
    off();
    clearInterval(ping);
    clients.delete(res);
  });
}

/** `GET /media/<path>`: a file below the recordings folder, nothing else. */
async function serveMedia(req: http.IncomingMessage, res: http.ServerResponse, url: URL, dataDir: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'use GET');
  let resolved: { file: string; type: string };
  try {
    resolved = resolveMediaPath(dataDir, url.pathname.slice('/media/'.length));
  } catch {
    return sendText(res, 404, 'not found');
  }
  return sendFile(req, res, resolved.file, resolved.type);
}

/**
 * `GET /exports/<bundle>/report.html`: an export's printable report, opened in a tab of its own.
 * The page is self-contained (inline styles, pictures as data URLs), so its policy allows
 * nothing else: no script runs in it, whatever a submission's texts hold.
 */
async function serveReport(req: http.IncomingMessage, res: http.ServerResponse, url: URL, dataDir: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'use GET');
  let file: string;
  try {
    file = resolveReportPath(dataDir, url.pathname.slice('/exports/'.length));
  } catch {
    return sendText(res, 404, 'not found');
  }
  res.setHeader('content-security-policy', REPORT_POLICY);
  return sendFile(req, res, file, 'text/html; charset=utf-8');
}

const REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function cookie(req: http.IncomingMessage, name: string): string | undefined {
  const raw = header(req, 'cookie');
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function setSecurityHeaders(res: http.ServerResponse): void {
  res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  // Costs a second renderer process at every cold load (about 200 ms on a 2-core machine,
  // BENCHMARKS.md), and is kept: SameSite ignores ports, so a page another local user serves on
  // 127.0.0.1 can open this UI with its cookie; without COOP it would keep a handle to the window
  // and could later send it to a look-alike unlock screen.
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
}

function statusFor(kind: string): number {
  switch (kind) {
    case 'validation':
    case 'usage':
      return 400;
    case 'locked':
    case 'auth':
      return 403;
    case 'not-found':
      return 404;
    case 'conflict':
      return 409;
    case 'internal':
      return 500;
    default:
      return 422;
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

const EXPIRED_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>App Review Assistant: open the new address</title>
<h1>This address has expired</h1>
<p>Each start of <code>review-assistant ui</code> makes a new private address, and this one belongs to an earlier start (or lost its access token).</p>
<p>Open the address the command printed when it started, the line beginning with <code>http://127.0.0.1:</code>. If it is no longer running, start it again:</p>
<p><code>review-assistant ui</code></p>
<p>Your submissions and recordings are safe: they are kept in the data folder, not in this page.</p></html>`;

function sendHtml(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text + '\n');
}

/** The body as text, or null when it is larger than MAX_BODY (said by content-length, or found while reading). */
async function readBody(req: http.IncomingMessage): Promise<string | null> {
  if (Number(header(req, 'content-length') ?? 0) > MAX_BODY) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** decodeURIComponent, or null for a malformed escape (`/%E0%A4%A`), which once answered 500 "URI malformed". */
function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, root: string, pathname: string): Promise<void> {
  const decoded = safeDecode(pathname);
  if (decoded === null || decoded.includes('\0')) return sendText(res, 404, 'not found');
  const rel = decoded.replace(/^\/+/, '');
  let file = path.join(root, rel);
  if (file !== root && !file.startsWith(root + path.sep)) return sendText(res, 404, 'not found');
  const st = await fs.stat(file).catch(() => null);
  if (!st || st.isDirectory()) {
    // Client-side routes fall back to the app shell; unknown assets stay 404.
    if (path.extname(rel) && rel !== 'index.html') return sendText(res, 404, 'not found');
    file = path.join(root, 'index.html');
    if (!(await fs.stat(file).catch(() => null))) {
      return sendText(res, 503, `the UI is not built: run "npm run build" (looked in ${root})`);
    }
  }
  const type = STATIC_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  // Hashed asset names may be cached; the HTML shell never, so a rebuild shows at once.
  res.setHeader('cache-control', file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable');
  return sendFile(req, res, file, type);
}

/** Streams a file with Range support (the video player seeks with ranges). */
async function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, type: string): Promise<void> {
  const st = await fs.stat(file).catch(() => null);
  if (!st || !st.isFile()) return sendText(res, 404, 'not found');
  const range = header(req, 'range');
  let start = 0;
  let end = st.size - 1;
  let status = 200;
  if (range) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range);
    if (!m || (m[1] === '' && m[2] === '')) {
      res.writeHead(416, { 'content-range': `bytes */${st.size}` });
      return void res.end();
    }
    if (m[1] === '') {
      start = Math.max(0, st.size - Number(m[2]));
    } else {
      start = Number(m[1]);
      if (m[2] !== '') end = Math.min(end, Number(m[2]));
    }
    if (start > end || start >= st.size) {
      res.writeHead(416, { 'content-range': `bytes */${st.size}` });
      return void res.end();
    }
    status = 206;
    res.setHeader('content-range', `bytes ${start}-${end}/${st.size}`);
  }
  res.writeHead(status, { 'content-type': type, 'content-length': end - start + 1, 'accept-ranges': 'bytes' });
  if (req.method === 'HEAD' || st.size === 0) return void res.end();
  await new Promise<void>((resolve) => {
    const s = createReadStream(file, { start, end });
    s.on('error', () => {
      res.destroy();
      resolve();
    });
    s.on('end', () => resolve());
    s.pipe(res);
  });
}
