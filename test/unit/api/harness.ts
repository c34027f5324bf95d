// An API over a fresh data folder for a test file, with its events and call helpers.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { dispatch } from '../../../app/api/dispatch';
import type { ApiEvent } from '../../../app/api/events';
import { createApi, type Api } from '../../../app/api/impl';

export interface Harness {
  readonly dir: string;
  readonly api: Api;
  readonly events: ApiEvent[];
  call(name: string, input: unknown): ReturnType<typeof dispatch>;
  ok<T = unknown>(name: string, input: unknown): Promise<T>;
}

/** Registers beforeAll/afterAll: the API is there for the file's tests and gone after them. */
export function apiHarness(prefix: string): Harness {
  const h = { events: [] as ApiEvent[] } as { dir: string; api: Api; events: ApiEvent[] };
  beforeAll(async () => {
    h.dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    h.api = createApi({ dataDir: h.dir, mode: 'browser', openPath: async () => undefined, mediaUrl: (r) => `media/${r}` });
    h.api.hub.on((e) => h.events.push(e));
  });
  afterAll(async () => {
    await h.api.dispose();
    await rm(h.dir, { recursive: true, force: true });
  });
  const call = (name: string, input: unknown) => dispatch(h.api.handlers, name, input);
  return {
    get dir() {
      return h.dir;
    },
    get api() {
      return h.api;
    },
    events: h.events,
    call,
    async ok<T>(name: string, input: unknown): Promise<T> {
      const r = await call(name, input);
      if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
      return r.result as T;
    },
  };
}
