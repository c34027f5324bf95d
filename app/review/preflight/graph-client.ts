// A small read-only Graph API client with the app token, with timeouts, retries and errors that never show the token.
import type { z } from 'zod';
import { UserError } from '../../common/errors';
import { sleep } from '../../common/timeout';
import { zodIssues } from '../../common/zod-issues';
import type { GraphErrorInfo } from './facts';

export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com';

export interface GraphClientOptions {
  appId: string;
  appSecret: string;
  apiVersion: string;
  /** Default https://graph.facebook.com; a local stand-in in tests. */
  baseUrl?: string;
  /** Per request. Default 15 s. */
  timeoutMs?: number;
  /** Attempts for temporary errors (codes 1 and 2, HTTP 5xx). Default 3. */
  attempts?: number;
  /** First back-off; doubles per attempt. Default 1 s. */
  backoffMs?: number;
  /**
   * Longest wait a rate limit (code 4) may ask for before we retry once; a longer (or
   * unstated) wait stops the pre-flight and reports, so we never hammer the API. Default 0.
   */
  maxRateLimitWaitMs?: number;
  signal?: AbortSignal;
}

/** A Graph API failure: a UserError (kind `external`, or `cancelled`) carrying the structured details. */
export class GraphError extends UserError {
  readonly info: GraphErrorInfo;
  constructor(info: GraphErrorInfo) {
    super(
      info.reason === 'cancelled' ? 'cancelled' : 'external',
      `Graph API: ${info.message}${info.code !== undefined ? ` (code ${info.code}${info.subcode !== undefined ? `, subcode ${info.subcode}` : ''})` : ''}${info.fbtraceId ? ` [fbtrace_id ${info.fbtraceId}]` : ''}`,
      info.hint ? { hint: info.hint } : {},
    );
    this.name = 'GraphError';
    this.info = info;
  }
}

interface GraphErrorBody {
  message?: unknown;
  type?: unknown;
  code?: unknown;
  error_subcode?: unknown;
  error_user_msg?: unknown;
  fbtrace_id?: unknown;
  is_transient?: unknown;
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const AUTH_CODES = new Set([190, 102]);

/** `Retry-After` in seconds or an HTTP date, as milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const s = Number(header);
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const d = Date.parse(header);
  return Number.isFinite(d) ? Math.max(0, d - now) : undefined;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/**
 * A small read-only Graph API client with the app token (`{app-id}|{app-secret}`). The token
 * travels only in the request; errors and logs never include the request URL.
 */
export class GraphClient {
  private readonly o: Required<Omit<GraphClientOptions, 'signal'>> & { signal?: AbortSignal };

  constructor(opts: GraphClientOptions) {
    this.o = {
      baseUrl: DEFAULT_GRAPH_URL,
      timeoutMs: 15_000,
      attempts: 3,
      backoffMs: 1000,
      maxRateLimitWaitMs: 0,
      // An explicit `undefined` (an unset CLI flag) must not erase a default.
      ...(Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as GraphClientOptions),
    };
  }

  get baseUrl(): string {
    return this.o.baseUrl.replace(/\/+$/, '');
  }

  /** GET `/{version}/{path}`, validated with `schema`. Throws GraphError. */
  async get<T extends z.ZodType>(path: string, params: Record<string, string>, schema: T): Promise<z.output<T>> {
    const url = new URL(`${this.baseUrl}/${this.o.apiVersion}/${path.replace(/^\/+/, '')}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    url.searchParams.set('access_token', `${this.o.appId}|${this.o.appSecret}`);
    const what = `GET /${path.split('?')[0]}`;
    let rateLimitWaited = false;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.once(url, what);
      if (outcome.ok) {
        const parsed = schema.safeParse(outcome.json);
        if (parsed.success) return parsed.data;
        const first = zodIssues(parsed.error)[0];
        throw new GraphError({
          reason: 'malformed',
          httpStatus: outcome.status,
          message: `${what} answered in an unexpected shape${first ? ` (${first.field}: ${first.message})` : ''}`,
          hint: 'check the Graph API base URL and version; a proxy or captive portal may be answering instead of Meta',
        });
      }
      const info = outcome.error;
      if (info.reason === 'rate-limit' && !rateLimitWaited && outcome.retryAfter !== undefined && outcome.retryAfter <= this.o.maxRateLimitWaitMs) {
        rateLimitWaited = true;
        await this.pause(outcome.retryAfter);
        continue;
      }
      if (outcome.transient && attempt < this.o.attempts) {
        await this.pause(this.o.backoffMs * 2 ** (attempt - 1));
        continue;
      }
      throw new GraphError(info);
    }
  }

  private async pause(ms: number): Promise<void> {
    try {
      await sleep(ms, this.o.signal);
    } catch {
      throw new GraphError({ reason: 'cancelled', message: 'cancelled' });
    }
  }

  private async once(
    url: URL,
    what: string,
  ): Promise<{ ok: true; json: unknown; status: number } | { ok: false; error: GraphErrorInfo; transient: boolean; retryAfter?: number | undefined }> {
    const timeout = AbortSignal.timeout(this.o.timeoutMs);
    const signal = this.o.signal ? AbortSignal.any([this.o.signal, timeout]) : timeout;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { signal, headers: { accept: 'application/json' } });
      text = await res.text();
    } catch (e) {
      if (this.o.signal?.aborted) return { ok: false, transient: false, error: { reason: 'cancelled', message: 'cancelled' } };
      if (timeout.aborted)
        return {
          ok: false,
          transient: false,
          error: {
            reason: 'timeout',
            message: `${what} got no answer within ${Math.round(this.o.timeoutMs / 1000)} s`,
            hint: `check the network and the Graph API base URL (${this.baseUrl}); try again later`,
          },
        };
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      return {
        ok: false,
        transient: false,
        error: {
          reason: 'network',
          message: `${what} could not reach ${this.baseUrl}: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
          hint: 'check the network connection, a proxy, or the --graph-url value',
        },
      };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      const type = res.headers.get('content-type') ?? 'no content type';
      const transient = res.status >= 500;
      return {
        ok: false,
        transient,
        error: {
          reason: 'malformed',
          httpStatus: res.status,
          message: `${what} answered HTTP ${res.status} with something that is not JSON (${type}: "${text.slice(0, 80).replace(/\s+/g, ' ')}")`,
          hint: 'check the Graph API base URL; a proxy or captive portal may be answering instead of Meta',
        },
      };
    }
    const body = (json as { error?: GraphErrorBody } | null)?.error;
    if (res.ok && !body) return { ok: true, json, status: res.status };
    const code = num(body?.code);
    const info: GraphErrorInfo = {
      reason: 'graph',
      message: str(body?.error_user_msg) ?? str(body?.message) ?? `${what} failed with HTTP ${res.status}`,
      httpStatus: res.status,
      ...(code !== undefined ? { code } : {}),
      ...(num(body?.error_subcode) !== undefined ? { subcode: num(body?.error_subcode) } : {}),
      ...(str(body?.type) ? { type: str(body?.type) } : {}),
      ...(str(body?.fbtrace_id) ? { fbtraceId: str(body?.fbtrace_id) } : {}),
    };
    if (code !== undefined && AUTH_CODES.has(code)) {
      info.reason = 'auth';
      info.hint = 'the App ID or App Secret is wrong (or the secret was reset): copy both again from App settings → Basic';
    } else if (code !== undefined && RATE_LIMIT_CODES.has(code)) {
      info.reason = 'rate-limit';
      const wait = retryAfterMs(res.headers.get('retry-after'));
      const usage = res.headers.get('x-app-usage');
      info.hint = `the app hit Meta's rate limit; wait ${wait !== undefined ? `${Math.ceil(wait / 1000)} s` : 'a while (up to an hour)'} before running the pre-flight again${usage ? ` (X-App-Usage: ${usage})` : ''}`;
      return { ok: false, error: info, transient: false, retryAfter: wait };
    }
    const transient = code === 1 || code === 2 || body?.is_transient === true || (code === undefined && res.status >= 500);
    if (transient) info.hint = 'Meta reported a temporary error; try again in a few minutes';
    return { ok: false, error: info, transient };
  }
}
