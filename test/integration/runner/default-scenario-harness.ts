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

/** What a popup window showed at a click, read in the page before the click's own handler runs. */
export interface PopupClick {
  /** The heading of the dialog screen on view. */
  screen: string;
  /** The clicked control's accessible name (or its text). */
  target: string;
  /** The Page names in the checklist on view, and those ticked. */
  pages: string[];
  ticked: string[];
}

export interface Seen {
  pages: Map<string, Page>;
  popups: Page[];
  /** Each popup's size in device pixels once it was sized: what a picture of it measures. */
  popupSizes: { laneId: string; width: number; height: number }[];
  popupClicks: PopupClick[];
  pids: Array<number | undefined>;
  events: TimelineEvent[];
}

export const newSeen = (): Seen => ({ pages: new Map(), popups: [], popupSizes: [], popupClicks: [], pids: [], events: [] });

// A string, not a function, so that no bundler helper leaks into the page. Capture phase: the
// screen is read before the click's own handler moves the dialog on.
const CLICK_RECORDER = `window.__harnessClickOn || (window.__harnessClickOn = true, document.addEventListener('click', function (ev) {
  var el = ev.target && ev.target.closest ? ev.target.closest('button, label, input, a, [role="button"]') : null;
  if (!el || typeof window.__harnessClick !== 'function') return;
  var screen = document.querySelector('[data-screen]:not([hidden])');
  var list = screen ? screen.querySelector('[data-page-list]:not([hidden])') : null;
  var names = function (sel) { return list ? Array.prototype.map.call(list.querySelectorAll(sel), function (x) { return (x.getAttribute('aria-label') || x.textContent || '').trim(); }) : []; };
  window.__harnessClick({
    screen: screen ? (screen.querySelector('h2') || screen).textContent.trim() : '',
    target: (el.getAttribute('aria-label') || el.textContent || '').trim(),
    pages: names('.fb-choice__name'),
    ticked: names('input[type="checkbox"]:checked'),
  });
}, true));`;

/** Records the popup's size and, at every click in it, what its dialog showed. */
async function watchPopup(laneId: string, p: Page, seen: Seen): Promise<void> {
  await p.exposeFunction('__harnessClick', (c: PopupClick) => void seen.popupClicks.push(c));
  await p.evaluateOnNewDocument(CLICK_RECORDER);
  // The page on view may be mid-navigation: then the next document gets the recorder above.
  await p.evaluate(CLICK_RECORDER).catch(() => undefined);
  const size = await p.evaluate('[Math.round(innerWidth * devicePixelRatio), Math.round(innerHeight * devicePixelRatio)]');
  const [width, height] = size as [number, number];
  seen.popupSizes.push({ laneId, width, height });
}

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
      onPopup: async (lane, p) => {
        seen.popups.push(p);
        await watchPopup(lane, p, seen).catch(() => undefined);
      },
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
  return between(prepared, prepared.scenario.steps[0]!.id, lastId);
}

/** The steps from `fromId` to `toId` (only one lane's, if given) and the scenes they belong to. */
export function between(prepared: PreparedRun, fromId: string, toId: string, lane?: string): PreparedRun {
  const steps = prepared.scenario.steps;
  const from = steps.findIndex((s) => s.id === fromId);
  const to = steps.findIndex((s) => s.id === toId);
  if (from < 0 || to < from) throw new Error(`no steps from ${fromId} to ${toId}`);
  const kept = steps.slice(from, to + 1).filter((s) => !lane || s.lane === lane);
  const scenes = prepared.scenario.scenes.filter((sc) => kept.some((s) => s.scene === sc.id));
  return { ...prepared, scenario: { ...prepared.scenario, scenes, steps: kept } };
}
