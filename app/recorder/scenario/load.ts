// Reads and validates scenario files, hashes them, and lists their captions for the reviewer instructions.
import { promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import { UserError } from '../../common/errors';
import { parseOrThrow } from '../../common/zod-issues';
import type { PermissionId } from '../../review/permission-ids';
import { renderTemplate, type ScenarioContext } from './context';
import { ScenarioSchema, type Scenario } from './schema';

const HINT = 'fix the named field; the format is described under "Scenario files" in the README (start from app/recorder/scenarios/default.json)';

/** Validates parsed JSON as a scenario; a UserError names each bad field (`steps[7].target[0]`). */
export function validateScenario(json: unknown, what = 'the scenario'): Scenario {
  return parseOrThrow(ScenarioSchema, json, what, HINT);
}

export async function loadScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? 'not-found' : 'io', `cannot read the scenario file ${file}: ${code ?? (e as Error).message}`, {
      hint: 'check the path given to --scenario',
      cause: e,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UserError('validation', `the scenario file ${file} is not valid JSON: ${(e as Error).message}`, { hint: HINT, cause: e });
  }
  return validateScenario(json, `the scenario file ${file}`);
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** Stable hash of the validated scenario (key order does not matter): recorded in run manifests. */
export function scenarioHash(scenario: Scenario): string {
  return (
    'sha256:' +
    createHash('sha256')
      .update(JSON.stringify(canonical(scenario)))
      .digest('hex')
  );
}

export interface CaptionLine {
  stepId: string;
  /** Templated, secrets masked. */
  caption: string;
  explain?: string;
  sceneId: string;
  permissions: PermissionId[];
  laneId: string;
  /** Set on steps of an alternative path (e.g. "login:domain-first"); pick one path per text. */
  branch?: string;
  /** The step runs only when its condition holds (e.g. a popup that may not appear). */
  conditional: boolean;
}

/** The captions in scenario order: the texts engineer builds reviewer instructions from these. */
export function captionsOf(scenario: Scenario, ctx: ScenarioContext): CaptionLine[] {
  const scenes = new Map(scenario.scenes.map((s) => [s.id, s]));
  const out: CaptionLine[] = [];
  scenario.steps.forEach((st, i) => {
    if (!st.caption) return;
    const render = (t: string, f: string) => renderTemplate(t, ctx, { mode: 'display', vars: scenario.vars, field: `steps[${i}].${f}`, steps: scenario.steps });
    out.push({
      stepId: st.id,
      caption: render(st.caption, 'caption'),
      ...(st.explain ? { explain: render(st.explain, 'explain') } : {}),
      sceneId: st.scene,
      permissions: scenes.get(st.scene)?.permissions ?? [],
      laneId: st.lane,
      ...(st.branch ? { branch: st.branch } : {}),
      conditional: Boolean(st.when || st.optional),
    });
  });
  return out;
}
