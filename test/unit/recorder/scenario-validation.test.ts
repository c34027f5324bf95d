// Proves scenario validation fills defaults and names the step and field of every kind of mistake.
import { layoutCanvas } from '../../../app/media/canvas';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../app/common/errors';
import { loadScenario, scenarioHash, validateScenario } from '../../../app/recorder/scenario/load';
import type { ScenarioInput } from '../../../app/recorder/scenario/schema';
import { DEFAULT_SCENARIO } from '../../../app/recorder/scenarios/default';
import { DEFAULT_SCENARIO_FILE, defaultScenario, defaultScenarioJson } from '../../../app/recorder/scenarios/index';
import { PERMISSION_IDS } from '../../../app/review/permission-ids';

function base(): ScenarioInput {
  return {
    version: 1,
    lanes: [{ id: 'webitel', title: 'Webitel — operator' }],
    scenes: [{ id: 'one', title: 'One', permissions: ['pages_show_list'] }],
    steps: [
      { id: 'open', scene: 'one', lane: 'webitel', action: 'goto', url: '{{webitel.origin}}/app/auth' },
      { id: 'login', scene: 'one', lane: 'webitel', action: 'fill', target: [{ css: 'input[name="username"]' }], value: '{{operator.login}}' },
    ],
  };
}

function issuesOf(json: unknown): Array<{ field: string; message: string }> {
  try {
    validateScenario(json);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).kind).toBe('validation');
    return (e as UserError).issues;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('scenario validation', () => {
  it('accepts a minimal scenario and fills defaults', () => {
    const s = validateScenario(base());
    expect(s.lanes[0]?.viewport).toEqual({ width: 960, height: 1080 });
    expect(s.lanes[0]?.startUrl).toBe('about:blank');
  });

  it('points at the step and field of a bad selector', () => {
    const json = base();
    (json.steps[1] as { target: unknown }).target = [{ css: 'input', text: 'Login' }];
    const issues = issuesOf(json);
    expect(issues[0]?.field).toBe('steps[1].target[0]');
    expect(issues[0]?.message).toMatch(/exactly one of css, aria, text or xpath/);
  });

  it('says what an action needs', () => {
    const json = base();
    json.steps.push({ id: 'go', scene: 'one', lane: 'webitel', action: 'click' });
    const issues = issuesOf(json);
    expect(issues).toContainEqual({ field: 'steps[2].target', message: expect.stringMatching(/a "click" step needs "target"/) });
  });

  it('rejects unknown lanes, scenes, duplicate ids and scenes out of order', () => {
    const json = base();
    json.scenes.push({ id: 'two', title: 'Two' });
    json.steps = [
      { id: 'a', scene: 'one', lane: 'webitel', action: 'pause', durationMs: 1 },
      { id: 'b', scene: 'two', lane: 'webitel', action: 'pause', durationMs: 1 },
      { id: 'b', scene: 'one', lane: 'nowhere', action: 'pause', durationMs: 1 },
    ];
    const fields = issuesOf(json).map((i) => `${i.field}: ${i.message}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^steps\[2\]\.id: "b" is used twice/),
        expect.stringMatching(/^steps\[2\]\.lane: unknown lane "nowhere"; lanes are webitel/),
        expect.stringMatching(/^steps\[2\]\.scene: scene "one" is out of order/),
      ]),
    );
  });

  it('rejects an unknown permission, version and action with the field named', () => {
    const json = base() as unknown as Record<string, unknown> & { scenes: Array<Record<string, unknown>>; steps: Array<Record<string, unknown>> };
    json.version = 2;
    (json.scenes[0] as Record<string, unknown>).permissions = ['pages_read_everything'];
    (json.steps[0] as Record<string, unknown>).action = 'hover';
    const fields = issuesOf(json).map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['version', 'scenes[0].permissions[0]', 'steps[0].action']));
  });

  it('rejects unknown template names and non-secret secret references at load time', () => {
    const json = base();
    json.steps[1]!.value = '{{operator.lgoin}}';
    json.steps.push({ id: 'pw', scene: 'one', lane: 'webitel', action: 'fill', target: [{ css: 'input' }], value: '{{secret:reviewer.operator.login}}' });
    const issues = issuesOf(json);
    expect(issues).toContainEqual({ field: 'steps[1].value', message: expect.stringMatching(/unknown template value \{\{operator\.lgoin\}\}/) });
    expect(issues).toContainEqual({ field: 'steps[2].value', message: expect.stringMatching(/is not a secret/) });
  });

  it('rejects a condition with two kinds and a bad regular expression', () => {
    const json = base();
    json.steps.push({ id: 'w', scene: 'one', lane: 'webitel', action: 'waitFor', waitFor: { visible: [{ css: 'a' }], url: { matches: '(' } } });
    const issues = issuesOf(json);
    expect(issues.map((i) => i.field)).toEqual(expect.arrayContaining(['steps[2].waitFor', 'steps[2].waitFor.url.matches']));
  });

  it('loadScenario names the file and the field; bad JSON and a missing file are clear', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'scn-'));
    try {
      const bad = base();
      delete (bad.steps[0] as { url?: string }).url;
      await fs.writeFile(path.join(dir, 'bad.json'), JSON.stringify(bad));
      await expect(loadScenario(path.join(dir, 'bad.json'))).rejects.toMatchObject({ kind: 'validation', message: expect.stringContaining('steps[0].url') });
      await fs.writeFile(path.join(dir, 'broken.json'), '{"version": 1,');
      await expect(loadScenario(path.join(dir, 'broken.json'))).rejects.toMatchObject({
        kind: 'validation',
        message: expect.stringContaining('not valid JSON'),
      });
      await expect(loadScenario(path.join(dir, 'none.json'))).rejects.toMatchObject({ kind: 'not-found' });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('hashes independently of key order and changes with content', () => {
    const a = validateScenario(base());
    const reordered = validateScenario(JSON.parse(JSON.stringify({ steps: base().steps, scenes: base().scenes, lanes: base().lanes, version: 1 })));
    expect(scenarioHash(a)).toBe(scenarioHash(reordered));
    const changed = base();
    changed.steps[0]!.url = '{{webitel.origin}}/workspace/';
    expect(scenarioHash(validateScenario(changed))).not.toBe(scenarioHash(a));
  });
});

describe('the default scenario', () => {
  it('is valid, and default.json is generated from default.ts', async () => {
    const s = defaultScenario();
    expect(await fs.readFile(DEFAULT_SCENARIO_FILE, 'utf8')).toBe(defaultScenarioJson());
    expect(s.lanes.map((l) => [l.id, l.title])).toEqual([
      ['webitel', 'Webitel — admin and operator'],
      ['facebook', 'Facebook Messenger — customer'],
    ]);
  });

  it('records its lanes 1:1 into the picture areas of the 1920×1080 canvas (sharp text, no scaling)', () => {
    const s = defaultScenario();
    const layout = layoutCanvas(
      1920,
      s.lanes.map((l) => l.viewport),
    );
    for (const [i, lane] of layout.lanes.entries()) {
      expect(lane.picture.w, s.lanes[i]?.id).toBe(s.lanes[i]?.viewport.width);
      expect(lane.picture.h, s.lanes[i]?.id).toBe(s.lanes[i]?.viewport.height);
      expect(lane.picture.w).toBeLessThanOrEqual(lane.pictureArea.w);
      expect(lane.picture.h).toBeLessThanOrEqual(lane.pictureArea.h);
    }
  });

  it('covers the four permissions in order, explains the non-obvious buttons, and types secrets only as references', () => {
    const s = defaultScenario();
    const order = s.scenes.flatMap((sc) => sc.permissions);
    const firstSeen = [...new Set(order)];
    expect(firstSeen).toEqual([...PERMISSION_IDS.slice(0, 3), 'business_asset_user_profile_access']);
    for (const id of ['call-center-on', 'subscribe-webhook', 'accept-chat', 'add-pages']) {
      expect(s.steps.find((st) => st.id === id)?.explain, id).toBeTruthy();
    }
    for (const st of s.steps) {
      if (st.value && /password/i.test(st.caption ?? '')) expect(st.value).toMatch(/^\{\{secret:/);
      expect(st.caption ?? '').not.toMatch(/secret:/);
    }
    // No sandbox origin, port or host is written into the scenario.
    expect(JSON.stringify(DEFAULT_SCENARIO)).not.toMatch(/localhost|127\.0\.0\.1/);
  });
});
