// Proves the job model shared by server, UI and CLI: stages that only move forward, steps, lanes, prompts and time-left estimates.
import { describe, expect, it } from 'vitest';
import {
  finished,
  laneIdle,
  newJob,
  remainingMs,
  stageOf,
  takeOutcome,
  TakeOutcomeSchema,
  withLane,
  withProgress,
  withTimeline,
  type JobState,
} from '../../../app/api/job-state';
import { goodFrames } from '../../fixtures/checks/submission';
import type { TimelineEvent } from '../../../app/recorder/timeline';

const T0 = 1_000_000;
const plan = {
  steps: 10,
  lanes: [
    { laneId: 'webitel', title: 'Webitel' },
    { laneId: 'facebook', title: 'Messenger' },
  ],
};
const step = (index: number, t = T0): TimelineEvent => ({
  type: 'step-started',
  t,
  index,
  stepId: `s${index}`,
  sceneId: 'a',
  laneId: 'webitel',
  action: 'click',
  caption: `Caption ${index}`,
});

describe('the job model shared by the server, the UI and the CLI', () => {
  it('starts a recording at its first of six stages, lanes idle, nothing estimated', () => {
    const j = newJob('j1', 'record', 'acme', T0, plan);
    expect(j.stages).toEqual(['launch', 'scenes', 'finish', 'compose', 'clips', 'check']);
    expect(j.stage).toBe('launch');
    expect(j.lanes.map((l) => [l.laneId, l.index, laneIdle(l)])).toEqual([
      ['webitel', 0, true],
      ['facebook', 1, true],
    ]);
    expect(remainingMs(j, T0 + 5000)).toBeNull();
    expect(newJob('j', 'run', 'a', T0).stages).toEqual(['launch', 'scenes']);
    expect(newJob('j', 'compose', 'a', T0).stages).toEqual(['compose', 'clips']);
  });

  it("maps the recorder's progress stages onto the stages people see", () => {
    expect(['launch', 'steps', 'capture', 'compose', 'clips', 'pictures', 'check'].map(stageOf)).toEqual([
      'launch',
      'scenes',
      'finish',
      'compose',
      'clips',
      'clips',
      'check',
    ]);
    expect(stageOf('something-new')).toBeNull();
  });

  it('moves only forward, and its fraction never back', () => {
    let j = newJob('j1', 'record', 'acme', T0, plan);
    j = withProgress(j, { stage: 'compose', fraction: 0.7, message: 'composing the video' }, T0 + 100);
    j = withProgress(j, { stage: 'steps', fraction: 0.3, message: 'late step' }, T0 + 200);
    expect(j.stage).toBe('compose');
    expect(j.fraction).toBe(0.7);
    expect(j.stageStartedAt.compose).toBe(T0 + 100);
  });

  it('keeps what the person used for steps whose element was not found, for "Update the scenario"', () => {
    let j = newJob('j1', 'run', 'acme', T0, plan);
    expect(j.learnt).toEqual([]);
    const target = { tag: 'button', role: 'button', name: 'Continue', css: '#go' };
    const ended = { type: 'assist-ended' as const, t: T0 + 5, startedAt: T0, index: 2, stepId: 'next', laneId: 'webitel', how: 'click' as const };
    j = withTimeline(j, { ...ended, missed: 'target', target });
    // A waitFor the person brought about teaches no target; neither does a step they only said "Done" to without using an element.
    j = withTimeline(j, { ...ended, stepId: 'wait', missed: 'waitFor', target });
    j = withTimeline(j, { ...ended, stepId: 'done', how: 'done', missed: 'target' });
    expect(j.learnt).toEqual([{ stepId: 'next', target }]);
  });

  it('says on the hand-over why "Fill it for me" typed nothing; a miss of another step, or with no hand-over shown, changes nothing', () => {
    const handOver = {
      index: 3,
      stepId: 'login',
      name: 'Step 4, “Log in”',
      laneTitle: 'Webitel',
      lookedFor: ['#login'],
      reason: 'not found',
      canFill: true,
    };
    const shown: JobState = { ...newJob('j1', 'record', 'acme', T0, plan), manual: { laneId: 'webitel', prompt: 'Type it', handOver } };
    const missed = { type: 'assist-fill-missed' as const, t: T0 + 1, index: 3, stepId: 'login', laneId: 'webitel', why: 'no-field' as const };
    expect(withTimeline(shown, missed).manual?.handOver?.fillMissed).toBe('no field had the focus in the window');
    expect(withTimeline(shown, { ...missed, why: 'not-a-field' }).manual?.handOver?.fillMissed).toBe('what has the focus in the window takes no typing');
    expect(withTimeline(shown, { ...missed, index: 4 })).toBe(shown);
    const none = newJob('j1', 'record', 'acme', T0, plan);
    expect(withTimeline(none, missed)).toBe(none);
  });

  it('a Stop on a step handed to the person names that step as the app does, and keeps what was learnt before', () => {
    let j = newJob('j1', 'record', 'acme', T0, plan);
    expect(j.stoppedAt).toBeNull();
    const target = { tag: 'input', role: 'textbox', name: 'Login', css: '#login' };
    j = withTimeline(j, {
      type: 'assist-ended',
      t: T0 + 5,
      startedAt: T0,
      index: 2,
      stepId: 'login',
      laneId: 'webitel',
      how: 'fill-for-me',
      missed: 'target',
      target,
    });
    j = withTimeline(j, step(4));
    j = withTimeline(j, { type: 'assist-stopped', t: T0 + 9, startedAt: T0 + 6, index: 4, stepId: 's4', laneId: 'webitel' });
    expect(j.stoppedAt).toBe('Step 5, “Caption 4”');
    expect(j.learnt).toEqual([{ stepId: 'login', target }]);
    j = finished(j, 'cancelled', 'run-1', null, T0 + 20);
    expect([j.status, j.stoppedAt, j.learnt.length]).toEqual(['cancelled', 'Step 5, “Caption 4”', 1]);
    // A step without a caption (or not the one on screen) is named by its id.
    const k = withTimeline(newJob('j2', 'run', 'acme', T0, plan), {
      type: 'assist-stopped',
      t: T0,
      startedAt: T0,
      index: 0,
      stepId: 'open',
      laneId: 'webitel',
    });
    expect(k.stoppedAt).toBe('Step 1 (open)');
  });

  it('follows steps, lanes opening their first page, and a manual prompt until the next step', () => {
    let j = newJob('j1', 'record', 'acme', T0, plan);
    j = withTimeline(j, { type: 'url-changed', t: T0, laneId: 'webitel', url: 'about:blank', popup: false });
    expect(laneIdle(j.lanes[0]!)).toBe(true);
    j = withTimeline(j, { type: 'url-changed', t: T0, laneId: 'webitel', url: 'https://example.test/app', popup: false });
    j = withTimeline(j, { type: 'url-changed', t: T0, laneId: 'facebook', url: 'https://facebook.test/dialog', popup: true });
    expect(j.lanes.map(laneIdle)).toEqual([false, true]);
    j = { ...j, manual: { laneId: 'webitel', prompt: 'Type the code' } };
    j = withTimeline(j, step(3));
    expect(j.step).toEqual({ index: 3, total: 10, caption: 'Caption 3', laneId: 'webitel' });
    expect(j.manual).toBeNull();
    expect(withLane(j, 'webitel', 'x', 5)).toBe(j);
    expect(withLane(j, 'third', 'Third', 2).lanes.map((l) => l.laneId)).toEqual(['webitel', 'facebook', 'third']);
  });

  it('estimates the time left from the steps played so far, with composing after them', () => {
    let j = newJob('j1', 'record', 'acme', T0, plan);
    j = withProgress(j, { stage: 'steps', fraction: 0.1, message: 'Caption 0' }, T0 + 10_000);
    j = withTimeline(j, step(0));
    expect(remainingMs(j, T0 + 12_000)).toBeNull(); // one step seen: too little
    j = withTimeline(j, step(4));
    // 5 steps in 20 s: 5 more take 20 s, then composing ~0.45 × 40 s.
    expect(remainingMs(j, T0 + 30_000)).toBe(20_000 + 18_000);
    const rehearsal = withTimeline(withProgress(newJob('r', 'run', 'acme', T0, plan), { stage: 'steps', fraction: 0.1, message: '' }, T0 + 10_000), step(4));
    expect(remainingMs(rehearsal, T0 + 30_000)).toBe(20_000);
  });

  it("estimates composing from the scenes' length until composing shows a pace of its own", () => {
    let j = newJob('j1', 'record', 'acme', T0, plan);
    j = withProgress(j, { stage: 'steps', fraction: 0.1, message: '' }, T0 + 10_000);
    j = withProgress(j, { stage: 'capture', fraction: 0.6, message: 'finishing' }, T0 + 70_000);
    // 60 s of scenes: about 27 s of finishing, 1 s of it gone.
    expect(remainingMs(j, T0 + 71_000)).toBe(26_000);
    j = withProgress(j, { stage: 'compose', fraction: 0.65, message: 'composing the video' }, T0 + 80_000);
    j = withProgress(j, { stage: 'compose', fraction: 0.825, message: 'composing the video' }, T0 + 82_000);
    // Too early to trust composing's pace: still the scenes' share.
    expect(remainingMs(j, T0 + 82_000)).toBe(15_000);
    // Half of the work from composing on in 10 s: 10 s more.
    expect(remainingMs(j, T0 + 90_000)).toBe(10_000);
  });

  it('ends with its outcome', () => {
    let j: JobState = withTimeline(withProgress(newJob('j1', 'record', 'acme', T0, plan), { stage: 'steps', fraction: 0.2, message: '' }, T0 + 2000), step(6));
    j = finished(j, 'cancelled', 'run-1', null, T0 + 70_000);
    expect([j.status, j.runId, j.endedAt, remainingMs(j, T0 + 99_000)]).toEqual(['cancelled', 'run-1', T0 + 70_000, 0]);
    expect(finished(j, 'passed', null, null, T0).fraction).toBe(1);
    expect(j.take).toBeNull();
  });

  it("tells a broken take by the frame check's verdict it carries, whatever the last message says", () => {
    const underfill = {
      kind: 'underfill' as const,
      laneId: 'webitel',
      fromSec: 4,
      toSec: 61,
      message: 'Webitel — operator: the page fills only the top-left 40 % of its lane from 0:04 to 1:01',
    };
    const broken = takeOutcome(goodFrames([underfill]));
    expect(broken).toEqual({ frames: 'broken', findings: [underfill.message] });
    expect(takeOutcome(goodFrames())).toEqual({ frames: 'good', findings: [] });
    // The check could not run: not called good, and nothing to list.
    expect(takeOutcome(null)).toEqual({ frames: 'unchecked', findings: [] });
    expect(() => TakeOutcomeSchema.parse({ frames: 'fine', findings: [] })).toThrow();

    let j = withProgress(newJob('j1', 'record', 'acme', T0, plan), { stage: 'check', fraction: 0.99, message: "checking the video's pictures" }, T0 + 1000);
    // A message in the words the UI once matched, with a good verdict: the job is a good take.
    j = withProgress(j, { stage: 'check', fraction: 1, message: 'the take is broken: (words only)' }, T0 + 2000);
    const good = finished(j, 'passed', 'run-1', null, T0 + 3000, takeOutcome(goodFrames()));
    expect(good.take?.frames).toBe('good');
    // And a broken verdict whatever the message says.
    const bad = finished(
      withProgress(j, { stage: 'check', fraction: 1, message: "the video's pictures look right" }, T0 + 2000),
      'passed',
      'run-1',
      null,
      T0 + 3000,
      broken,
    );
    expect([bad.status, bad.take]).toEqual(['passed', { frames: 'broken', findings: [underfill.message] }]);
    expect(TakeOutcomeSchema.parse(bad.take)).toEqual(broken);
  });
});
