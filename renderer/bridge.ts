import type { ApiClient, ApiResponse, CallName } from '../app/api/contract';
import type { ApiEvent } from '../app/api/events';
import type { Bridge } from '../app/api/bridge-types';
import { ApiError } from '../app/api/api-error';

declare global {
  interface Window {
    /** Set by the desktop preload; absent in browser mode. */
    reviewAssistant?: Bridge;
  }
}

const CANNOT_REACH = 'cannot reach the app';

/** A failure the connection banner already explains: no toast for it. */
export function isConnectionError(e: unknown): boolean {
  return e instanceof ApiError && (e.kind === 'auth' || (e.kind === 'io' && e.message === CANNOT_REACH));
}

/** Whether the app's server answers: `down` (not reachable) or `expired` (restarted: this address's token is void). */
export type Connection = 'ok' | 'down' | 'expired';
let connection: Connection = 'ok';
const connectionListeners = new Set<(c: Connection) => void>();
function setConnection(c: Connection): void {
  if (c === connection) return;
  connection = c;
  for (const l of connectionListeners) l(c);
}
export function onConnection(listener: (c: Connection) => void): () => void {
  connectionListeners.add(listener);
  return () => connectionListeners.delete(listener);
}

/** Asks the server once whether it is there; the banner's Retry and its own polling use it. */
export async function probeConnection(): Promise<Connection> {
  await bridge.call('appInfo', {});
  return connection;
}

/** Browser mode: POST /api/<call> (the token rides in an HttpOnly cookie) and SSE for events. */
function httpBridge(): Bridge {
  const listeners = new Set<(e: ApiEvent) => void>();
  let source: EventSource | null = null;
  const connect = () => {
    source = new EventSource('events');
    // The stream drops when the server stops (it reconnects by itself): ask whether it is gone.
    source.onerror = () => void probeConnection();
    source.onopen = () => {
      if (connection !== 'ok') void probeConnection();
    };
    source.onmessage = (m) => {
      let ev: ApiEvent;
      try {
        ev = JSON.parse(m.data as string) as ApiEvent;
      } catch {
        return;
      }
      for (const l of listeners) l(ev);
    };
  };
  return {
    async call(name, input) {
      let res: Response;
      try {
        res = await fetch(`api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
        });
      } catch {
        setConnection('down');
        return { ok: false, error: { kind: 'io', message: CANNOT_REACH, hint: 'is "review-assistant ui" still running?', issues: [] } };
      }
      if (res.status === 401 || (res.status === 403 && !(res.headers.get('content-type') ?? '').includes('json'))) {
        setConnection('expired');
        return { ok: false, error: { kind: 'auth', message: await res.text(), hint: 'open the address printed by "review-assistant ui" again', issues: [] } };
      }
      setConnection('ok');
      return (await res.json()) as ApiResponse<unknown>;
    },
    onEvent(listener) {
      listeners.add(listener);
      if (!source) connect();
      return () => listeners.delete(listener);
    },
  };
}

export const bridge: Bridge = window.reviewAssistant ?? httpBridge();
export const isDesktop = window.reviewAssistant !== undefined;

/** The typed client: `api.getSubmission({ name })`. Types come from the contract; failures throw ApiError. */
export const api: ApiClient = new Proxy({} as ApiClient, {
  get(_t, prop) {
    if (typeof prop !== 'string') return undefined;
    return async (input: unknown) => {
      const r = await bridge.call(prop as CallName, input);
      if (!r.ok) throw new ApiError(r.error);
      return r.result;
    };
  },
});

export function onApiEvent(listener: (e: ApiEvent) => void): () => void {
  return bridge.onEvent(listener);
}

export { ApiError };
