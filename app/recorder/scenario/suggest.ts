// Learns from a run where the person did steps by hand: their elements become the steps' first-choice targets.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../common/atomic-write';
import { UserError } from '../../common/errors';
import { TimelineSchema, type TimelineEvent } from '../timeline';
import { scenarioHash, validateScenario } from './load';
import type { Selector } from './schema';
import { targetOf, type TargetDescription } from './target-description';

/** What `run` leaves in its folder for `scenario suggest` (a recording's manifest.json has the timeline too). */
export const RUN_RECORD_FILE = 'run.json';
export const RunRecordSchema = z.object({
  /** The scenario file the run played (absolute), when it was one. */
  scenarioFile: z.string().optional(),
  scenarioHash: z.string(),
  timeline: TimelineSchema,
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

export async function writeRunRecord(dir: string, record: RunRecord): Promise<string> {
  const file = path.join(dir, RUN_RECORD_FILE);
  await fs.mkdir(dir, { recursive: true });
  await writeFileAtomic(file, JSON.stringify(record, null, 2) + '\n', 0o644);
  return file;
}

/** The timeline, scenario file and hash a run folder holds: run.json (`run`), else manifest.json (`record`). */
export async function readRunFolder(dir: string): Promise<{ timeline: TimelineEvent[]; scenarioFile?: string; scenarioHash?: string }> {
  const read = async (name: string) => JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as unknown;
  try {
    const r = RunRecordSchema.parse(await read(RUN_RECORD_FILE));
    return { timeline: r.timeline, scenarioHash: r.scenarioHash, ...(r.scenarioFile ? { scenarioFile: r.scenarioFile } : {}) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new UserError('validation', `${path.join(dir, RUN_RECORD_FILE)} is not a run record: ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    const m = z.object({ scenario: z.object({ hash: z.string() }), timeline: TimelineSchema }).parse(await read('manifest.json'));
    return { timeline: m.timeline, scenarioHash: m.scenario.hash };
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UserError(
      missing ? 'not-found' : 'validation',
      missing
        ? `${dir} is not a run folder (no ${RUN_RECORD_FILE} or manifest.json)`
        : `${path.join(dir, 'manifest.json')} has no timeline: ${(e as Error).message.split('\n')[0]}`,
      {
        hint: 'pass the folder "review-assistant run" or "record" printed (under <data>/runs/ or <data>/recordings/)',
      },
    );
  }
}

export interface StepSuggestion {
  index: number;
  stepId: string;
  /** The selectors put in front of the step's target. */
  added: Selector[];
}

type Json = Record<string, unknown>;

const sameSelector = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The scenario (as its file has it, no defaults filled in) with what the person used put first in
 * each assisted step's target; selectors already there move to the front instead of repeating.
 */
export function suggestTargets(scenarioJson: unknown, timeline: readonly TimelineEvent[]): { scenario: unknown; changes: StepSuggestion[] } {
  return addLearntTargets(scenarioJson, learntTargets(timeline));
}

/** What a run learnt: per assisted step whose element was not found, the element the person used. */
export function learntTargets(timeline: readonly TimelineEvent[]): LearntTarget[] {
  return timeline.flatMap((e) => (e.type === 'assist-ended' && e.missed === 'target' && e.target ? [{ stepId: e.stepId, target: e.target }] : []));
}

export interface LearntTarget {
  stepId: string;
  target: TargetDescription;
}

/** `suggestTargets` from the learnt targets themselves (the app keeps them with its job). */
export function addLearntTargets(scenarioJson: unknown, learnt: readonly LearntTarget[]): { scenario: unknown; changes: StepSuggestion[] } {
  const out = structuredClone(scenarioJson) as Json;
  const steps = Array.isArray(out.steps) ? (out.steps as Json[]) : [];
  const changes: StepSuggestion[] = [];
  for (const e of learnt) {
    const idx = steps.findIndex((s) => s.id === e.stepId);
    const step = steps[idx];
    if (!step || !Array.isArray(step.target)) continue;
    const added = targetOf(e.target);
    if (!added.length) continue;
    const rest = (step.target as unknown[]).filter((old) => !added.some((a) => sameSelector(a, old)));
    step.target = [...added, ...rest];
    const prev = changes.find((c) => c.stepId === e.stepId);
    if (prev) prev.added = added;
    else changes.push({ index: idx, stepId: e.stepId, added });
  }
  validateScenario(out, 'the suggested scenario');
  return { scenario: out, changes };
}

/** A line diff of two texts (unified style, `context` lines around each change). */
export function lineDiff(before: string, after: string, context = 2): string {
  const a = before.split('\n');
  const b = after.split('\n');
  // Longest common subsequence table, from the end (scenarios are a few thousand lines at most).
  const lcs: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: Array<{ op: ' ' | '-' | '+'; line: string }> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ op: ' ', line: a[i++]! });
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) ops.push({ op: '+', line: b[j++]! });
    else ops.push({ op: '-', line: a[i++]! });
  }
  const keep = ops.map((o, k) => o.op !== ' ' || ops.slice(Math.max(0, k - context), k + context + 1).some((n) => n.op !== ' '));
  const lines: string[] = [];
  ops.forEach((o, k) => {
    if (keep[k]) lines.push(`${o.op} ${o.line}`);
    else if (keep[k - 1]) lines.push('  …');
  });
  return lines.join('\n');
}

export interface SuggestResult {
  out: string;
  changes: StepSuggestion[];
  diff: string;
}

/**
 * `scenario suggest`: reads the run folder and the scenario it played (`scenarioFile`, else the
 * one the run names, else `builtIn`), writes the scenario with the learnt targets to `out`.
 */
export async function suggestFromRun(o: { runDir: string; out?: string; scenarioFile?: string; builtIn: () => unknown }): Promise<SuggestResult> {
  const run = await readRunFolder(o.runDir);
  const file = o.scenarioFile ?? run.scenarioFile;
  let json: unknown;
  if (file) {
    try {
      json = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (e) {
      throw new UserError('not-found', `cannot read the scenario ${file}: ${(e as Error).message}`, {
        hint: 'pass the scenario the run played with --scenario FILE',
      });
    }
  } else json = o.builtIn();
  if (run.scenarioHash && scenarioHash(validateScenario(json, file ?? 'the built-in scenario')) !== run.scenarioHash) {
    throw new UserError('conflict', `the run played another scenario than ${file ?? 'the built-in one'} (it changed since, or the run used another file)`, {
      hint: 'pass the scenario the run played with --scenario FILE',
    });
  }
  const { scenario, changes } = suggestTargets(json, run.timeline);
  const out = o.out ?? path.join(o.runDir, 'scenario.suggested.json');
  const text = JSON.stringify(scenario, null, 2) + '\n';
  if (changes.length) await writeFileAtomic(out, text, 0o644);
  return { out, changes, diff: lineDiff(JSON.stringify(json, null, 2) + '\n', text) };
}
