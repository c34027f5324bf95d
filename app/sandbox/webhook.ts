// Signs and verifies Facebook webhook bodies with the App Secret, and recognises a webhook payload.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Facebook's webhook signatures: HMAC of the raw body with the App Secret. */
export function signWebhookBody(body: string, appSecret: string): { 'x-hub-signature': string; 'x-hub-signature-256': string } {
  return {
    'x-hub-signature': `sha1=${createHmac('sha1', appSecret).update(body).digest('hex')}`,
    'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`,
  };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when either header carries the right HMAC (the 256 one wins when both are present). */
export function verifyWebhookSignature(body: string, headers: Record<string, string | string[] | undefined>, appSecret: string): boolean {
  const want = signWebhookBody(body, appSecret);
  const h256 = headers['x-hub-signature-256'];
  if (typeof h256 === 'string') return same(h256, want['x-hub-signature-256']);
  const h1 = headers['x-hub-signature'];
  if (typeof h1 === 'string') return same(h1, want['x-hub-signature']);
  return false;
}

export interface WebhookMessaging {
  sender: { id: string };
  recipient: { id: string };
  timestamp: number;
  message?: { mid: string; text?: string };
}

export interface WebhookPayload {
  object: string;
  entry: Array<{ id: string; time: number; messaging?: WebhookMessaging[] }>;
}

export function isWebhookPayload(v: unknown): v is WebhookPayload {
  if (!v || typeof v !== 'object') return false;
  const o = v as { object?: unknown; entry?: unknown };
  return typeof o.object === 'string' && Array.isArray(o.entry);
}
