// Proves what the person clicks in a lane's popup (the sandbox's Facebook consent) during a hand-over is learnt, and the learnt scenario then passes alone.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { sampleProfile } from '../../../app/profile/sample';
import { screenEnv } from '../../../app/recorder/browser/launch';
import { findXvfb, startVirtualDisplay, type VirtualDisplay } from '../../../app/recorder/browser/virtual-display';
import { prepareRun, type PreparedRun } from '../../../app/recorder/runner/prepare';
import type { HandOverInfo } from '../../../app/recorder/runner/types';
import { validateScenario } from '../../../app/recorder/scenario/load';
import { suggestTargets } from '../../../app/recorder/scenario/suggest';
import type { TimelineEvent } from '../../../app/recorder/timeline';
import { XVFB_MISSING, describeNeeding } from '../../needs';
import { newSeen, play, upTo, useRunFolder } from './default-scenario-harness';

/**
 * The default scenario against the sandbox up to the Page being listed, with two steps of the
 * Facebook consent (a popup window) renamed as a changed page would rename them: the runner hands
 * them over, the test clicks the real buttons in the popup as the person would, and the timeline
 * describes what was clicked; the scenario suggested from it passes with no hand-over.
 */
const xvfb = findXvfb();
let screen: VirtualDisplay | undefined;
let prepared: PreparedRun | undefined;
useRunFolder();

beforeAll(async () => {
  if (!xvfb) return;
  screen = await startVirtualDisplay(xvfb, { width: 1920, height: 1080 });
  prepared = upTo(await prepareRun({ profile: sampleProfile(), sandbox: true }), 'page-listed');
}, 60_000);
afterAll(async () => {
  await prepared?.close();
  await screen?.stop();
});

/** The consent's buttons as the person sees them, and the selectors the "old page" had. */
const RENAMED: Record<string, { old: string; name: string }> = {
  'fb-pages-continue': { old: '#continue-pages-old', name: 'Continue' },
  'fb-got-it': { old: '#got-it-old', name: 'Got it' },
};

describeNeeding(xvfb ? null : XVFB_MISSING)('a hand-over in a popup window (the sandbox Facebook consent, visible windows under Xvfb)', () => {
  it('learns the buttons the person clicked in the popup; the suggested scenario passes them alone', async () => {
    const base = prepared!;
    const scenario = {
      ...base.scenario,
      steps: base.scenario.steps.map((s) => (RENAMED[s.id] ? { ...s, target: [{ css: RENAMED[s.id]!.old }], timeoutMs: 1500 } : s)),
    };
    const seen = newSeen();
    const asked: HandOverInfo[] = [];
    const first = await play(
      { ...base, scenario },
      {
        headless: false,
        env: screenEnv(process.env, screen!),
        onHandOver: (info) => {
          asked.push(info);
          // The person clicks the button they see in the popup window.
          const popup: Page | undefined = seen.popups.at(-1);
          void popup?.$(`::-p-aria([name="${RENAMED[info.stepId]?.name}"][role="button"])`).then((b) => b?.click());
        },
      },
      undefined,
      seen,
    );
    expect(first.error?.message).toBeUndefined();
    expect(asked.map((a) => a.stepId)).toEqual(['fb-pages-continue', 'fb-got-it']);
    const ended = first.result!.timeline.filter((e): e is Extract<TimelineEvent, { type: 'assist-ended' }> => e.type === 'assist-ended');
    expect(ended.map((e) => [e.stepId, e.target?.role, e.target?.name])).toEqual([
      ['fb-pages-continue', 'button', 'Continue'],
      ['fb-got-it', 'button', 'Got it'],
    ]);

    const { scenario: learnt, changes } = suggestTargets(scenario, first.result!.timeline);
    expect(changes.map((c) => c.stepId)).toEqual(['fb-pages-continue', 'fb-got-it']);
    const second = await play(
      { ...base, scenario: validateScenario(learnt) },
      {
        headless: false,
        env: screenEnv(process.env, screen!),
        onHandOver: (info) => {
          throw new Error(`handed over ${info.stepId} again`);
        },
      },
    );
    expect(second.error?.message).toBeUndefined();
    expect(second.result?.timeline.some((e) => e.type === 'assist-started')).toBe(false);
  }, 400_000);
});
