// Proves wrapped runner hooks pass every hook on, and a recording started from the app runs every capture hook.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { LanePreviews } from '../../../app/api/lane-preview';
import { withPreviews } from '../../../app/api/record-job';
import { forwardHooks, RUNNER_HOOK_NAMES, type RunnerHooks } from '../../../app/recorder/runner/types';

/** A base with every hook, counting its calls. */
function counting(): { hooks: Required<RunnerHooks>; calls: string[] } {
  const calls: string[] = [];
  const hooks: Required<RunnerHooks> = {
    screenFor: async () => {
      calls.push('screenFor');
      return null;
    },
    onLaneReady: async () => void calls.push('onLaneReady'),
    onPopup: async () => void calls.push('onPopup'),
    onPopupClosed: () => void calls.push('onPopupClosed'),
    beforeClose: async () => void calls.push('beforeClose'),
  };
  return { hooks, calls };
}

/** Calls every hook of `h` once, as the runner does. */
async function callAll(h: RunnerHooks): Promise<void> {
  const page = { isClosed: () => true, url: () => 'about:blank' } as unknown as Page;
  await h.screenFor?.('lane', { width: 960, height: 1080 });
  await h.onLaneReady?.({ id: 'lane', title: 'Lane', viewport: { width: 960, height: 1080 } }, page, {} as Browser);
  await h.onPopup?.('lane', page);
  h.onPopupClosed?.('lane');
  await h.beforeClose?.();
}

describe('hooks passed through a wrapper', () => {
  it('forwardHooks passes on every hook the base has, overridden or not', async () => {
    const { hooks, calls } = counting();
    const seen: string[] = [];
    await callAll(forwardHooks(hooks, { onPopupClosed: () => void seen.push('over') }));
    expect(calls).toEqual(RUNNER_HOOK_NAMES.filter((n) => n !== 'onPopupClosed'));
    expect(seen).toEqual(['over']);
  });

  it('a recording started from the app runs every hook of the capture (one was once dropped there)', async () => {
    const { hooks, calls } = counting();
    const previews = new LanePreviews(() => undefined);
    await callAll(withPreviews(hooks, previews));
    expect(calls).toEqual([...RUNNER_HOOK_NAMES]);
  });
});
