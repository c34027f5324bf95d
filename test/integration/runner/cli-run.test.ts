// Proves the `run` command: bad options and scenario files are refused before a browser starts, and the sample plays headless.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main';
import { browsersUsing } from './local-site';

let data: string;
const env = () => ({ ...process.env, REVIEW_ASSISTANT_DATA: data, REVIEW_ASSISTANT_PASSPHRASE: 'cli-run-test-passphrase' });

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), env: env(), signal: new AbortController().signal });
  return { code, out, err };
}

beforeAll(async () => {
  data = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-run-'));
  expect((await cli(['profile', 'create', '--sample'])).code).toBe(0);
});
afterAll(async () => {
  await fs.rm(data, { recursive: true, force: true });
});

describe('review-assistant run', () => {
  it('rejects a bad --login-form as bad usage', async () => {
    const r = await cli(['run', '--profile', 'sample', '--login-form', 'three-step']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--login-form must be two-step or domain-first/);
  });

  it('rejects a bad --facebook-consent as bad usage', async () => {
    const r = await cli(['run', '--profile', 'sample', '--facebook-consent', 'second-time']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--facebook-consent must be first-time or returning, not "second-time"/);
  });

  it('rejects a bad --pace as bad usage, before a browser starts', async () => {
    const r = await cli(['run', '--profile', 'sample', '--headless', '--pace', 'slow']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--pace must be brisk or natural, not "slow"/);
    expect(await browsersUsing(data)).toEqual([]);
  });

  it('an invalid scenario file names the step and field, and starts no browser', async () => {
    const file = path.join(data, 'bad-scenario.json');
    const scenario = JSON.parse(await fs.readFile(path.join(process.cwd(), 'app/recorder/scenarios/default.json'), 'utf8'));
    scenario.steps[7].target = [{ css: 'input', aria: { name: 'Login' } }];
    await fs.writeFile(file, JSON.stringify(scenario));
    const r = await cli(['run', '--profile', 'sample', '--headless', '--scenario', file, '--json']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('steps[7].target[0]: give exactly one of css, aria, text or xpath');
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ field: 'steps[7].target[0]' }] } });
    expect(await browsersUsing(data)).toEqual([]);
  });

  it('runs the sample against the sandbox headless and prints a step line per step and a summary (--json)', async () => {
    const r = await cli(['run', '--profile', 'sample', '--headless', '--json']);
    // Nobody watches a headless run: it goes as fast as the pages answer.
    expect(r.err).toMatch(/, headless, at a brisk pace…/);
    expect(r.err).toMatch(/\[ 1\/\d+\] webitel +A Webitel administrator opens the chat gateways .* ok \d+\.\d s/);
    expect(r.err).toMatch(/Every step passed: \d+ passed, \d+ skipped/);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.ok).toBe(true);
    expect(json.steps.every((s: { status: string }) => s.status === 'passed' || s.status === 'skipped')).toBe(true);
    expect(json.timeline.at(-1)).toMatchObject({ type: 'run-finished', status: 'passed' });
    expect(json.evidenceDir).toContain(path.join(data, 'runs', 'sample'));
    expect(r.out + r.err).not.toContain('Sample-Operator-Pass-1');
    expect(await browsersUsing(data)).toEqual([]);
  });
});
