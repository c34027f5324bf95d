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

/** Browser mode: POST /api/<call> (the token rides in an HttpOnly cookie) and SSE for events. */
function httpBridge(): Bridge {
  const listeners = new Set<(e: ApiEvent) => void>();
  let source: EventSource | null = null;
  const connect = () => {
    source = new EventSource('events');
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
        return { ok: false, error: { kind: 'io', message: 'cannot reach the app', hint: 'is "review-assistant ui" still running?', issues: [] } };
      }
      if (res.status === 401 || (res.status === 403 && !(res.headers.get('content-type') ?? '').includes('json'))) {
        return { ok: false, error: { kind: 'auth', message: await res.text(), hint: 'open the address printed by "review-assistant ui" again', issues: [] } };
      }
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
