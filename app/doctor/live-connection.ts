// Asks a Webitel host whether Workspace's live connection would open: a WebSocket handshake at the address Workspace uses.
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { lookupLocal } from './lookup-local';

/** What a handshake got: 101 (taken), the HTTP status it was refused with, or why nothing answered. */
export type HandshakeAnswer = { status: number } | { error: string };
export type WsHandshake = (url: string, timeoutMs: number) => Promise<HandshakeAnswer>;

/**
 * Where Workspace opens its live connection: cc-workspaces `useWebSocketClient.ts` builds it from
 * the page's protocol and host *name* (`${protocol}//${hostname}/ws`, http→ws), so a host served
 * on another port is reached on the default one. The sandbox keeps its port (its Workspace does).
 */
export function liveConnectionUrl(origin: string, keepPort: boolean): string {
  const u = new URL(origin);
  const host = keepPort ? u.host : u.hostname.includes(':') ? `[${u.hostname}]` : u.hostname;
  return `${u.protocol.replace(/^http/, 'ws')}//${host}/ws`;
}

/** A real handshake (RFC 6455 headers); the connection is closed at once whatever the answer. Throws nothing. */
export const wsHandshake: WsHandshake = (url, timeoutMs) =>
  new Promise((resolve) => {
    const u = new URL(url);
    const mod = u.protocol === 'wss:' ? https : http;
    const target = new URL(url.replace(/^ws/, 'http'));
    const req = mod.request(target, {
      lookup: lookupLocal as never,
      timeout: timeoutMs,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': crypto.randomBytes(16).toString('base64'),
        'user-agent': 'review-assistant-doctor',
      },
    });
    let done = false;
    const end = (a: HandshakeAnswer) => {
      if (done) return;
      done = true;
      resolve(a);
    };
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      end({ status: 101 });
    });
    req.on('response', (res) => {
      res.resume();
      res.destroy();
      end({ status: res.statusCode ?? 0 });
    });
    req.on('timeout', () => {
      req.destroy();
      end({ error: `no answer within ${timeoutMs} ms` });
    });
    req.on('error', (e: NodeJS.ErrnoException) => end({ error: e.code ?? e.message }));
    req.end();
  });
