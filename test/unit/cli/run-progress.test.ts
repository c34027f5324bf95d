// Proves `run`'s progress lines tell a step the person stopped from one that failed, by the timeline's own event.
import { describe, expect, it } from 'vitest';
import { progressPrinter } from '../../../scripts/cli/commands/run';

describe('run progress lines', () => {
  const lines = (events: Parameters<ReturnType<typeof progressPrinter>>[0][]) => {
    const out: string[] = [];
    const print = progressPrinter({ err: (t: string) => out.push(t) }, 3);
    for (const e of events) print(e);
    return out;
  };
  const started = { type: 'step-started', t: 1, index: 1, stepId: 'next', sceneId: 's1', laneId: 'webitel', action: 'click', caption: 'Save' } as const;

  it('says "stopped" for a step the person stopped while it was theirs, whatever the error says', () => {
    const out = lines([
      started,
      { type: 'assist-stopped', t: 2, startedAt: 1, index: 1, stepId: 'next', laneId: 'webitel' },
      { type: 'step-failed', t: 3, index: 1, stepId: 'next', error: 'any words' },
    ]);
    expect(out.at(-1)).toBe('[2/3] webitel   Save … stopped');
  });

  it('says why "Fill it for me" typed nothing, and what to do, without ending the step', () => {
    const out = lines([started, { type: 'assist-fill-missed', t: 2, index: 1, stepId: 'next', laneId: 'webitel', why: 'not-password' }]);
    expect(out).toEqual([
      '    Nothing was typed: the value is a secret, typed only into a password field, and the field with the focus is not one. Click into the field, then press f again.\n',
    ]);
  });

  it('says when a page crashed and whether it was loaded again', () => {
    const crash = { type: 'page-crashed', t: 2, laneId: 'facebook', url: 'http://f.example/messages/t/1', popup: false, reloaded: true } as const;
    expect(lines([started, crash, { ...crash, popup: true, reloaded: false }])).toEqual([
      '    The page of lane facebook crashed (http://f.example/messages/t/1): loaded again.',
      '    The popup of lane facebook crashed (http://f.example/messages/t/1).',
    ]);
  });

  it('says "FAILED" for a step that failed, even in the words of a stop', () => {
    const out = lines([started, { type: 'step-failed', t: 3, index: 1, stepId: 'next', error: 'stopped at step 2 "next", as you asked' }]);
    expect(out.at(-1)).toBe('[2/3] webitel   Save … FAILED');
  });
});
