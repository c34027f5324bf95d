// Proves `scenario suggest` puts the element the person used first in a step's target, shows the diff and writes the suggestion.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioHash, validateScenario } from '../../../app/recorder/scenario/load';
import type { ScenarioInput } from '../../../app/recorder/scenario/schema';
import { lineDiff, suggestFromRun, suggestTargets, writeRunRecord } from '../../../app/recorder/scenario/suggest';
import type { TimelineEvent } from '../../../app/recorder/timeline';

const scenario: ScenarioInput = {
  version: 1,
  lanes: [{ id: 'a', title: 'A' }],
  scenes: [{ id: 's', title: 'S' }],
  steps: [
    { id: 'open', scene: 's', lane: 'a', action: 'goto', url: 'http://x.test/' },
    { id: 'next', scene: 's', lane: 'a', action: 'click', target: [{ css: '#next' }] },
    { id: 'wait', scene: 's', lane: 'a', action: 'click', target: [{ css: '#ok' }], waitFor: { text: 'Saved' } },
  ],
};

const ended = (stepId: string, missed: 'target' | 'waitFor', target?: Extract<TimelineEvent, { type: 'assist-ended' }>['target']): TimelineEvent => ({
  type: 'assist-ended',
  t: 2,
  startedAt: 1,
  index: 1,
  stepId,
  laneId: 'a',
  how: 'click',
  missed,
  ...(target ? { target } : {}),
});

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'suggest-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('scenario suggest', () => {
  it('puts the element used first, keeps the old selectors behind it, and learns nothing from a step whose target was found', () => {
    const { scenario: out, changes } = suggestTargets(scenario, [
      ended('next', 'target', { tag: 'button', role: 'button', name: 'Continue', text: 'Continue', css: '#go' }),
      // The click worked there; only its waitFor did not come true: its target stays.
      ended('wait', 'waitFor', { tag: 'button', role: 'button', name: 'Other' }),
    ]);
    const steps = (out as ScenarioInput).steps;
    expect(steps[1]?.target).toEqual([{ aria: { role: 'button', name: 'Continue' } }, { text: 'Continue' }, { css: '#go' }, { css: '#next' }]);
    expect(steps[2]?.target).toEqual([{ css: '#ok' }]);
    expect(changes).toEqual([{ index: 1, stepId: 'next', added: [{ aria: { role: 'button', name: 'Continue' } }, { text: 'Continue' }, { css: '#go' }] }]);
    // The input is left as it was.
    expect(scenario.steps[1]?.target).toEqual([{ css: '#next' }]);
  });

  it('a selector already in the target moves to the front instead of repeating', () => {
    const { scenario: out } = suggestTargets(scenario, [ended('next', 'target', { tag: 'button', css: '#next' })]);
    expect((out as ScenarioInput).steps[1]?.target).toEqual([{ css: '#next' }]);
  });

  it('prints a line diff with the added lines marked', () => {
    expect(lineDiff('a\nb\nc\nd\ne\nf\ng', 'a\nb\nc\nX\nd\ne\nf\ng', 1)).toBe('  c\n+ X\n  d\n  …');
    expect(lineDiff('same', 'same')).toBe('');
  });

  it('reads the run folder, refuses a scenario the run did not play, writes the suggestion', async () => {
    const file = path.join(tmp, 's.json');
    await fs.writeFile(file, JSON.stringify(scenario));
    const run = path.join(tmp, 'run');
    await writeRunRecord(run, {
      scenarioFile: file,
      scenarioHash: scenarioHash(validateScenario(scenario)),
      timeline: [ended('next', 'target', { tag: 'a', role: 'link', name: 'Go on' })],
    });
    const r = await suggestFromRun({ runDir: run, builtIn: () => ({}) });
    expect(r.out).toBe(path.join(run, 'scenario.suggested.json'));
    expect(r.diff).toMatch(/^\+ +"name": "Go on",?$/m);
    expect(JSON.parse(await fs.readFile(r.out, 'utf8')).steps[1].target[0]).toEqual({ aria: { role: 'link', name: 'Go on' } });
    const changed = { ...scenario, title: 'edited since' };
    await fs.writeFile(file, JSON.stringify(changed));
    await expect(suggestFromRun({ runDir: run, builtIn: () => ({}) })).rejects.toThrow(/the run played another scenario/);
    await expect(suggestFromRun({ runDir: path.join(tmp, 'nothing-here'), builtIn: () => ({}) })).rejects.toThrow(/is not a run folder/);
  });
});
