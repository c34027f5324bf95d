// Proves the `check` and `export` commands end to end: exit codes, JSON output, answers, the pre-flight and the zipped bundle.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main';
import { startGraphServer } from '../../../app/review/preflight/testing/graph-server';
import { startMmeServer } from '../../../app/review/preflight/testing/mme-server';
import { makeRunFolder } from '../../fixtures/checks/run-folder';
import { goodTimeline } from '../../fixtures/checks/submission';
import { SAMPLE_SEED, sampleProfile } from '../../../app/profile/sample';
import { TimelineSchema } from '../../../app/recorder/timeline';

let root: string;
let env: NodeJS.ProcessEnv;
let run: string;

async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), env, signal: new AbortController().signal });
  return { code, out, err };
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'check-cli-'));
  env = { REVIEW_ASSISTANT_DATA: path.join(root, 'data'), REVIEW_ASSISTANT_PASSPHRASE: 'correct horse battery' };
  expect((await cli(['profile', 'create', '--sample'])).code).toBe(0);
  // A finished run in the recorder's place, so "the newest finished recording" is found.
  // Its captions name the sample's own Page (the fixture's timeline names the checks' fixture Page).
  const timeline = TimelineSchema.parse(JSON.parse(JSON.stringify(goodTimeline()).replaceAll('Acme Help', SAMPLE_SEED.page.name)));
  run = await makeRunFolder(path.join(root, 'data', 'recordings', 'sample', '2026-08-01T10-00-00-000Z'), { timeline });
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('review-assistant check / export', () => {
  it('checks the sample with its newest finished recording and exits 0', async () => {
    const r = await cli(['check', '--profile', 'sample']);
    expect(r.err).toContain(`Recording: ${run}`);
    expect(r.out).toMatch(/0 errors/);
    expect(r.code).toBe(0);
  });

  it('prints JSON and exits 1 when an error-level check fails; records the test-user answer', async () => {
    const r = await cli(['check', '--profile', 'sample', '--answer', 'test-user=no', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { ok: boolean; results: { id: string; status: string; severity: string }[] };
    expect(report.ok).toBe(false);
    expect(report.results.find((x) => x.id === 'reviewer.test-user')).toMatchObject({ status: 'fail', severity: 'error' });
    // The answer was saved: a plain check still sees it.
    expect((await cli(['check', '--profile', 'sample'])).out).toMatch(/FAIL\s+reviewer\.test-user/);
    expect((await cli(['check', '--profile', 'sample', '--answer', 'test-user=yes'])).code).toBe(0);
  });

  it('rejects a bad answer and --graph-url without --preflight as usage errors (exit 2)', async () => {
    expect((await cli(['check', '--profile', 'sample', '--answer', 'test-user=maybe'])).code).toBe(2);
    const r = await cli(['check', '--profile', 'sample', '--graph-url', 'http://127.0.0.1:9']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--graph-url needs --preflight/);
    expect(r.err).toMatch(/reads the app through the Graph API/);
  });

  it('runs the pre-flight against a Graph server given by --graph-url', async () => {
    const shown = JSON.parse((await cli(['profile', 'show', 'sample', '--json'])).out) as { profile: { gateway: { appId: string } } };
    const server = await startGraphServer({ appId: shown.profile.gateway.appId, appSecret: '0'.repeat(32) });
    const page = sampleProfile().pages[0]!;
    const mme = await startMmeServer({ behaviour: 'retired', username: page.username, pageId: page.id });
    try {
      const r = await cli(['check', '--profile', 'sample', '--preflight', '--graph-url', server.url, '--mme-url', mme.url, '--json']);
      const report = JSON.parse(r.out) as { results: { id: string; status: string; severity: string; message: string }[] };
      const graph = report.results.find((x) => x.id === 'preflight.graph:app');
      expect(graph?.status).toBe('fail');
      expect(graph?.message).toMatch(/code 190/);
      expect(r.code).toBe(1);
      expect(server.requests.length).toBe(1);
      // The m.me link is asked even when Graph refuses: it needs no token.
      expect(report.results.find((x) => x.id === 'preflight.mme')).toMatchObject({
        status: 'fail',
        severity: 'warning',
        message: expect.stringContaining(`does not open a conversation on a desktop browser: it lands on ${mme.url}/messenger.com/t/${page.username}`),
      });
      const without = (await cli(['check', '--profile', 'sample', '--mme-url', mme.url])).err;
      expect(without).toMatch(/--mme-url needs --preflight/);
      expect(without).toMatch(/asks where m\.me\/<page> lands/);
      expect(without).not.toMatch(/Graph API/);
    } finally {
      await server.close();
      await mme.close();
    }
  });

  it('exports the bundle with a zip', async () => {
    const out = path.join(root, 'bundle');
    const r = await cli(['export', '--profile', 'sample', '--out', out, '--zip', '--json']);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out) as { folder: string; zip: string; files: string[]; recording: string };
    expect(res.folder).toBe(out);
    expect(res.recording).toBe(run);
    expect(res.files).toContain('videos/pages_messaging.mp4');
    expect((await fs.stat(`${out}.zip`)).size).toBeGreaterThan(1000);
    expect((await cli(['export', '--profile', 'sample', '--out', out])).code).toBe(1);
    expect((await cli(['export', '--profile', 'sample'])).code).toBe(2);
  });
});
