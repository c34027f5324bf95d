// Proves generated bad profiles, scenarios, API payloads and export files are refused with a message, never a crash or a hang.
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../app/common/errors';
import { CALL_NAMES } from '../../app/api/contract';
import { dispatch, validateInput } from '../../app/api/dispatch';
import { createApi, type Api } from '../../app/api/impl';
import { ProfileStore } from '../../app/profile/store';
import { sampleProfile } from '../../app/profile/sample';
import { decryptExport, encryptExport } from '../../app/profile/transfer';
import { validateScenario } from '../../app/recorder/scenario/load';
import { defaultScenarioJson } from '../../app/recorder/scenarios/index';

/**
 * Bad input, generated: thousands of profile files, scenario files, API payloads and export
 * files, each refused with a message (a UserError naming what is wrong) or accepted — never a
 * crash, an internal error or a hang, and never a file changed by reading it.
 * Figures: RELIABILITY.md.
 */
let dir: string;
let api: Api;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ra-fuzz-'));
  api = createApi({ dataDir: path.join(dir, 'api'), mode: 'browser', openPath: async () => undefined, mediaUrl: (r) => r });
  await dispatch(api.handlers, 'vaultCreate', { passphrase: 'fuzzing passphrase' });
  await dispatch(api.handlers, 'createSubmission', { name: 'sample', kind: 'sample' });
});
afterAll(async () => {
  await api.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Any JSON, plus a known-good document with values swapped at random paths. */
function mutated(base: unknown): fc.Arbitrary<unknown> {
  const paths: string[][] = [];
  const walk = (v: unknown, at: string[]) => {
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
    if (at.length) paths.push(at);
  };
  walk(base, []);
  const value = fc.oneof(
    fc.jsonValue(),
    fc.string({ maxLength: 300 }),
    fc.constantFrom('', null, -1, 1e308, '../../etc/passwd', '\u0000', 'x'.repeat(5000), '{{secret:gateway.appSecret}}'),
  );
  return fc.array(fc.tuple(fc.constantFrom(...paths), value), { minLength: 1, maxLength: 4 }).map((edits) => {
    const doc = structuredClone(base) as Record<string, unknown>;
    for (const [p, v] of edits) {
      let o = doc as Record<string, unknown>;
      for (const k of p.slice(0, -1)) {
        if (!o[k] || typeof o[k] !== 'object') o[k] = {};
        o = o[k] as Record<string, unknown>;
      }
      o[p.at(-1)!] = v;
    }
    return doc;
  });
}

const refusedClearly = (e: unknown) => isUserError(e) && e.message.length > 5;

describe('generated bad input', () => {
  it('profile files: each loads or is refused with a message, and is left as it was', async () => {
    const store = new ProfileStore(path.join(dir, 'store'), { unlock: () => Promise.reject(new Error('no vault in this test')) });
    const good = { ...sampleProfile(), name: 'fz', gateway: { ...sampleProfile().gateway, appSecret: '' } };
    await mkdir(path.join(dir, 'store', 'profiles'), { recursive: true });
    const file = path.join(dir, 'store', 'profiles', 'fz.json');
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), mutated(good)), async (doc) => {
        const text = JSON.stringify(doc) ?? 'null';
        await writeFile(file, text);
        try {
          await store.load('fz');
        } catch (e) {
          if (!refusedClearly(e) && !(e instanceof Error && e.message === 'no vault in this test')) throw e;
        }
        expect((await store.list()).length).toBe(1);
        expect(await readFile(file, 'utf8')).toBe(text);
      }),
      { numRuns: 1500 },
    );
  });

  it('scenario files: each is valid or refused naming the field', () => {
    const base = JSON.parse(defaultScenarioJson()) as unknown;
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutated(base)), (doc) => {
        try {
          validateScenario(doc);
        } catch (e) {
          if (!refusedClearly(e)) throw e;
          expect((e as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('API payloads: every call validates any input into a value or a validation error', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CALL_NAMES),
        fc.oneof(
          fc.jsonValue(),
          fc.dictionary(fc.constantFrom('name', 'runId', 'trashId', 'passphrase', 'profile', 'scenario', 'id', 'text', 'path', 'jobId'), fc.jsonValue()),
        ),
        (name, input) => {
          try {
            validateInput(name, input);
          } catch (e) {
            expect(isUserError(e) && e.kind === 'validation').toBe(true);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('API calls that only read or validate, run for real: never an internal error', async () => {
    const safe = [
      'getSubmission',
      'validateSubmission',
      'getTexts',
      'getSetupSteps',
      'validateScenario',
      'listRecordings',
      'getRecording',
      'recordingReadiness',
      'permissionCatalog',
      'restoreRecording',
      'deleteRecording',
      'cancelJob',
    ];
    const name = fc.oneof(fc.constant('sample'), fc.string({ maxLength: 40 }), fc.constantFrom('../x', 'a/b', '.hidden', 'CON', 'é'.repeat(50)));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...safe), name, fc.jsonValue(), fc.string({ maxLength: 90 }), async (call, n, value, id) => {
        const r = await dispatch(api.handlers, call, { name: n, profile: value, scenario: value, runId: id, trashId: id, jobId: id, sandbox: true });
        if (!r.ok) expect(r.error.kind, `${call}: ${r.error.message}`).not.toBe('internal');
      }),
      { numRuns: 600 },
    );
    expect((await dispatch(api.handlers, 'no-such-call', {})).ok).toBe(false);
  });

  it('export files: tampered, truncated or made up, each refused with a message, none asking for a costly key derivation', async () => {
    const real = JSON.parse(await encryptExport('{"name":"x"}', 'export passphrase', { logN: 10, r: 8, p: 1 })) as Record<string, unknown>;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          mutated(real).map((d) => JSON.stringify(d)),
        ),
        async (data) => {
          try {
            await decryptExport(data, 'export passphrase', 'the file');
          } catch (e) {
            if (!refusedClearly(e)) throw e;
          }
        },
      ),
      { numRuns: 400 },
    );
    // A file asking for the costliest key derivation each range allows (4 GB, minutes) is refused at once.
    const costly = JSON.stringify({ ...real, kdf: { ...(real.kdf as object), logN: 20, r: 32, p: 4 } });
    await expect(decryptExport(costly, 'export passphrase', 'the file')).rejects.toThrow(/not an exported profile or is damaged/);
  });
});

describe('Graph API responses, generated', () => {
  it('each is read or refused with a message (no secret in it), never a crash or a hang', async () => {
    const { GraphClient } = await import('../../app/review/preflight/graph-client');
    const { GraphAppSchema, GraphRoleSchema, listOf } = await import('../../app/review/preflight/facts');
    const http = await import('node:http');
    type Reply = { status: number; type: string; body: string; retryAfter?: string };
    let reply: Reply = { status: 200, type: 'application/json', body: '{}' };
    const server = http.createServer((_req, res) => {
      const h: Record<string, string> = { 'content-type': reply.type };
      if (reply.retryAfter !== undefined) h['retry-after'] = reply.retryAfter;
      res.writeHead(reply.status, h);
      res.end(reply.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const client = new GraphClient({
      appId: '1234567890',
      appSecret: 'fuzz-secret-0123456789abcdef',
      apiVersion: 'v23.0',
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 3000,
      attempts: 1,
      backoffMs: 0,
    });
    const graphError = fc.record({
      error: fc.record(
        { message: fc.string(), type: fc.string(), code: fc.oneof(fc.integer(), fc.string()), error_subcode: fc.option(fc.integer()) },
        { requiredKeys: [] },
      ),
    });
    const body = fc.oneof(
      fc.json(),
      fc.string({ maxLength: 300 }),
      graphError.map((e) => JSON.stringify(e)),
      fc.record({ data: fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 5 }) }).map((d) => JSON.stringify(d)),
      fc.record({ id: fc.oneof(fc.string(), fc.integer()), name: fc.oneof(fc.string(), fc.constant(null)) }).map((d) => JSON.stringify(d)),
    );
    let read = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          status: fc.constantFrom(200, 200, 200, 400, 401, 403, 404, 429, 500, 503),
          type: fc.constantFrom('application/json', 'application/json; charset=UTF-8', 'text/html', 'text/plain', ''),
          body,
          retryAfter: fc.option(fc.oneof(fc.constant('0'), fc.constant('5'), fc.string({ maxLength: 20 })), { nil: undefined }),
        }),
        fc.boolean(),
        async (r, list) => {
          reply = r;
          try {
            if (list) await client.get('1234567890/roles', { limit: '500' }, listOf(GraphRoleSchema));
            else await client.get('1234567890', {}, GraphAppSchema);
            read++;
          } catch (e) {
            expect(isUserError(e), String((e as Error)?.stack)).toBe(true);
            expect((e as Error).message.length).toBeGreaterThan(10);
            expect((e as Error).message).not.toContain('fuzz-secret-0123456789abcdef');
            refused++;
          }
        },
      ),
      { numRuns: 1500 },
    );
    server.close();
    expect(read + refused).toBe(1500);
    expect(refused).toBeGreaterThan(100);
    console.log(`Graph API fuzzing: 1500 responses, ${read} read, ${refused} refused with a message, 0 crashes`);
  });
});
