// Proves steps marked forEachPage are repeated once per Page of the profile, in order, with ids that never clash.
import { describe, expect, it } from 'vitest';
import { sampleProfile } from '../../../app/profile/sample';
import { checkContext, renderTemplate, scenarioContext } from '../../../app/recorder/scenario/context';
import { expandPerPage, pageCount } from '../../../app/recorder/scenario/per-page';
import { ScenarioSchema } from '../../../app/recorder/scenario/schema';
import { defaultScenario } from '../../../app/recorder/scenarios/index';

const PAGES = [
  { id: '104857600123456', name: 'Acme Support', username: 'acmesupport' },
  { id: '104857600123457', name: 'Acme Sales', username: 'acmesales' },
  { id: '104857600123458', name: 'Acme Returns', username: '' },
];

function withPages(n: number) {
  const p = sampleProfile();
  p.pages = PAGES.slice(0, n);
  return scenarioContext(p);
}

describe('steps done once per Page of the profile (forEachPage)', () => {
  it('the consent ticks every Page the profile lists, in its order, right where the one step was', () => {
    const ctx = withPages(3);
    expect(pageCount(ctx)).toBe(3);
    const base = defaultScenario();
    const out = expandPerPage(base, ctx);
    const ids = out.steps.map((s) => s.id);
    const at = ids.indexOf('fb-choose-page');
    expect(ids.slice(at - 1, at + 4)).toEqual(['fb-pages-current-only', 'fb-choose-page', 'fb-choose-page-p2', 'fb-choose-page-p3', 'fb-pages-continue']);
    expect(out.steps).toHaveLength(base.steps.length + 2);
    // Each copy clicks and checks its own Page's box.
    const render = (text: string) => renderTemplate(text, ctx, { mode: 'value', vars: out.vars, field: 't' });
    const names = [0, 1, 2].map((i) => out.steps[at + i]!);
    expect(names.map((s) => render(JSON.stringify(s.target)))).toEqual(PAGES.map((p) => expect.stringContaining(`"name":"${p.name}"`)));
    expect(names.map((s) => render(JSON.stringify(s.when)))).toEqual(PAGES.map((p) => expect.stringContaining(`aria-label=\\"${p.name}\\"`)));
    expect(names.map((s) => render(s.caption ?? ''))).toEqual(PAGES.map((p) => expect.stringContaining(`selects "${p.name}"`)));
    // One reviewer line, not three; the copies keep nothing that expands again.
    expect(names.map((s) => s.reviewer !== undefined)).toEqual([true, false, false]);
    expect(out.steps.some((s) => s.forEachPage && s.id !== 'fb-choose-page')).toBe(false);
    // Still a valid scenario whose every template the profile fills.
    expect(ScenarioSchema.safeParse(out).success).toBe(true);
    expect(() => checkContext(out, ctx)).not.toThrow();
  });

  it('one Page: the scenario as written', () => {
    const base = defaultScenario();
    expect(expandPerPage(base, withPages(1))).toBe(base);
  });

  it('a copy never takes an id the scenario already uses', () => {
    const base = defaultScenario();
    const i = base.steps.findIndex((s) => s.id === 'fb-choose-page');
    const taken = { ...base.steps[i + 1]!, id: 'fb-choose-page-p2' };
    const scenario = { ...base, steps: [...base.steps.slice(0, i + 1), taken, ...base.steps.slice(i + 2)] };
    const out = expandPerPage(scenario, withPages(2));
    const ids = out.steps.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(i, i + 3)).toEqual(['fb-choose-page', 'fb-choose-page-p2-x', 'fb-choose-page-p2']);
  });
});
