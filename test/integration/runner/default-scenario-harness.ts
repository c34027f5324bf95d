// The shared harness of the default-scenario tests: a run of the scenario against the sandbox, what it showed, and what it left behind.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { RunError } from '../../../app/recorder/runner/errors';
import type { PreparedRun } from '../../../app/recorder/runner/prepare';
import { runScenario } from '../../../app/recorder/runner/run';
import type { RunOptions } from '../../../app/recorder/runner/types';
import type { TimelineEvent } from '../../../app/recorder/timeline';
import { alive, browsersUsing } from './local-site';

let tmp: string;
/** Call once at the top of a test file: a temporary folder for the runs' profiles and evidence. */
export function useRunFolder(): void {
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'default-scn-'));
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });
}

export interface Seen {
  pages: Map<string, Page>;
  popups: Page[];
  pids: Array<number | undefined>;
  events: TimelineEvent[];
}

export const newSeen = (): Seen => ({ pages: new Map(), popups: [], pids: [], events: [] });

export async function play(prepared: PreparedRun, extra: Partial<RunOptions> = {}, inspect?: (seen: Seen) => Promise<void>, seen: Seen = newSeen()) {
  const profiles = await fs.mkdtemp(path.join(tmp, 'profiles-'));
  const opts: RunOptions = {
    scenario: prepared.scenario,
    context: prepared.context,
    headless: true,
    // What these runs prove is that the scenario works on each release, not how a video paces it.
    pace: 'brisk',
    browserProfilesDir: profiles,
    evidenceDir: await fs.mkdtemp(path.join(tmp, 'evidence-')),
    ...extra,
    onEvent: (e) => {
      seen.events.push(e);
      extra.onEvent?.(e);
    },
    hooks: {
      onLaneReady: async (lane, page: Page, browser: Browser) => {
        seen.pages.set(lane.id, page);
        seen.pids.push(browser.process()?.pid);
      },
      onPopup: (_lane, p) => void seen.popups.push(p),
      // The visible outcome, read from the pages before the browsers close.
      beforeClose: async () => inspect?.(seen),
    },
  };
  try {
    return { result: await runScenario(opts), error: undefined, seen, profiles };
  } catch (e) {
    if (!(e instanceof RunError)) throw e;
    return { result: undefined, error: e, seen, profiles };
  }
}

export async function noBrowsersLeft(seen: Seen, profiles: string) {
  expect(seen.pids.length).toBeGreaterThan(0);
  for (const pid of seen.pids) expect(alive(pid)).toBe(false);
  expect(await browsersUsing(profiles)).toEqual([]);
}

/** The scenario's steps up to and including `lastId`, to test one part of it quickly. */
export function upTo(prepared: PreparedRun, lastId: string): PreparedRun {
  const steps = prepared.scenario.steps;
  const end = steps.findIndex((s) => s.id === lastId);
  if (end < 0) throw new Error(`no step ${lastId}`);
  const kept = steps.slice(0, end + 1);
  const scenes = prepared.scenario.scenes.filter((sc) => kept.some((s) => s.scene === sc.id));
  return { ...prepared, scenario: { ...prepared.scenario, scenes, steps: kept } };
}
