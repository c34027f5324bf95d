// The scenario format's public entry point: schema, loading, template context and selectors in one import.
export { ScenarioSchema, StepSchema, LaneSchema, SceneSchema, SelectorSchema, ConditionSchema, SCENARIO_VERSION, ACTIONS } from './schema';
export type { Scenario, ScenarioInput, Step, Lane, Scene, Selector, Target, Condition, Action, Viewport } from './schema';
export { loadScenario, validateScenario, scenarioHash, captionsOf, type CaptionLine } from './load';
export { scenarioContext, renderTemplate, checkContext, maskSecrets, MASK, type ScenarioContext, type SandboxOrigins } from './context';
export { toPuppeteerSelector, describeSelector } from './selectors';
