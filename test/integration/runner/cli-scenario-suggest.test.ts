// Proves `run` leaves what `scenario suggest` learns from, and that `scenario suggest` learns nothing from a passing run.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main';
import { startLocalSite, type LocalSite } from './local-site';

let data: string;
let site: LocalSite;
const env = () => ({ ...process.env, REVIEW_ASSISTANT_DATA: data, REVIEW_ASSISTANT_PASSPHRASE: 'cli-suggest-test-passphrase' });

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), env: env(), signal: new AbortController().signal });
  return { code, out, err };
}

beforeAll(async () => {
  site = await startLocalSite();
  data = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-suggest-'));
  expect((await cli(['profile', 'create', '--sample'])).code).toBe(0);
});
afterAll(async () => {
  await site?.close();
  await fs.rm(data, { recursive: true, force: true });
});

async function scenarioFile(target: unknown[]): Promise<string> {
  const file = path.join(data, `scenario-${Math.random().toString(36).slice(2)}.json`);
  const scenario = {
    version: 1,
    lanes: [{ id: 'a', title: 'Lane A', viewport: { width: 800, height: 600 } }],
    scenes: [{ id: 's1', title: 'Settings' }],
    steps: [
      { id: 'open', scene: 's1', lane: 'a', action: 'goto', url: `${site.origin}/renamed` },
      { id: 'save', scene: 's1', lane: 'a', action: 'click', target, waitFor: { visible: [{ css: '#saved' }] }, timeoutMs: 1500 },
    ],
  };
  await fs.writeFile(file, JSON.stringify(scenario, null, 2));
  return file;
}

describe('review-assistant run keeps what scenario suggest learns from', () => {
  it('a passing run leaves run.json (timeline, scenario file and hash); suggest finds nothing to learn and writes nothing', async () => {
    const file = await scenarioFile([{ css: '#go' }]);
    const r = await cli(['run', '--profile', 'sample', '--headless', '--scenario', file, '--json']);
    expect(r.code).toBe(0);
    const dir = JSON.parse(r.out).evidenceDir as string;
    const record = JSON.parse(await fs.readFile(path.join(dir, 'run.json'), 'utf8'));
    expect(record).toMatchObject({ scenarioFile: file, scenarioHash: expect.stringMatching(/^sha256:/) });
    expect(record.timeline.at(-1)).toMatchObject({ type: 'run-finished', status: 'passed' });
    const s = await cli(['scenario', 'suggest', dir]);
    expect(s.code).toBe(0);
    expect(s.err).toMatch(/Nothing to learn/);
    await expect(fs.access(path.join(dir, 'scenario.suggested.json'))).rejects.toThrow();
  });

  it('headless, a missing element fails as before (no hand-over), and the run folder still has its record', async () => {
    const file = await scenarioFile([{ css: '#next' }]);
    const r = await cli(['run', '--profile', 'sample', '--headless', '--scenario', file, '--json']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/"save" \(lane "a", click\) failed after \d+\.\d s: none of the selectors matched a visible element/);
    expect(r.err).not.toContain('Your turn');
    const json = JSON.parse(r.out);
    const record = JSON.parse(await fs.readFile(path.join(json.evidenceDir, 'run.json'), 'utf8'));
    expect(record.timeline.some((e: { type: string }) => e.type === 'assist-started')).toBe(false);
  });

  it('scenario suggest names what is wrong with its input', async () => {
    expect((await cli(['scenario', 'suggest'])).err).toMatch(/which run\? pass the RUN_FOLDER/);
    const none = await cli(['scenario', 'suggest', path.join(data, 'no-such-run')]);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/is not a run folder \(no run\.json or manifest\.json\)/);
    expect((await cli(['scenario', '--help'])).out + (await cli(['scenario', 'suggest', '--help'])).out).toMatch(/scenario suggest RUN_FOLDER/);
  });
});
