// Gives the built-in default scenario, validated, and the text of the default.json copy users can start their own from.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateScenario } from '../scenario/load';
import type { Scenario } from '../scenario/schema';
import { DEFAULT_SCENARIO } from './default';

/** The shipped scenario file (a copy to start your own from). */
export const DEFAULT_SCENARIO_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'default.json');

export function defaultScenario(): Scenario {
  return validateScenario(DEFAULT_SCENARIO, 'the built-in default scenario');
}

/** default.json's exact text. */
export function defaultScenarioJson(): string {
  return JSON.stringify(DEFAULT_SCENARIO, null, 2) + '\n';
}
