// Expands a scenario's `forEachPage` steps into one step per Page of the profile the run uses.
import type { ScenarioContext } from './context';
import type { Scenario, Step } from './schema';

const PAGE_REF = /\{\{\s*page\.(id|name|username)\s*\}\}/g;

/** How many Pages the run's profile lists (`profile.pages[N].id` in the template values). */
export function pageCount(ctx: ScenarioContext): number {
  let n = 0;
  while (ctx.entries[`profile.pages[${n}].id`]?.value) n++;
  return n;
}

function rebind(value: unknown, index: number): unknown {
  if (typeof value === 'string') return value.replace(PAGE_REF, (_m, field: string) => `{{profile.pages[${index}].${field}}}`);
  if (Array.isArray(value)) return value.map((v) => rebind(v, index));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rebind(v, index)]));
  return value;
}

/**
 * The scenario with each `forEachPage` step repeated for every Page of the profile (the first
 * copy keeps its id, so checks and reviewer marks that name it still find it). With no or one
 * Page the steps stay as written (`{{page.*}}` is the first Page).
 */
export function expandPerPage(scenario: Scenario, ctx: ScenarioContext): Scenario {
  const n = pageCount(ctx);
  if (n < 2 || !scenario.steps.some((s) => s.forEachPage)) return scenario;
  const ids = new Set(scenario.steps.map((s) => s.id));
  const steps: Step[] = [];
  for (const step of scenario.steps) {
    if (!step.forEachPage) {
      steps.push(step);
      continue;
    }
    const { forEachPage: _each, reviewer: _mark, ...rest } = step;
    // The first copy is the step as written: `{{page.*}}` is already the first Page.
    const { forEachPage: _first, ...first } = step;
    steps.push(first);
    for (let i = 1; i < n; i++) {
      let id = `${step.id.slice(0, 56)}-p${i + 1}`;
      while (ids.has(id)) id = `${id.slice(0, 60)}-x`;
      ids.add(id);
      steps.push({ ...(rebind(rest, i) as Omit<Step, 'forEachPage' | 'reviewer'>), id });
    }
  }
  return { ...scenario, steps };
}
