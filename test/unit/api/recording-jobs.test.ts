// Proves the API's recordings and jobs: interrupted runs, trash and restore, readiness, doctor, and jobs kept by the server.
import os from 'node:os';
import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiEvent } from '../../../app/api/events';
import { EventHub } from '../../../app/api/events';
import { JobRunner } from '../../../app/api/jobs';
import { finished, newJob, takeOutcome, TakeOutcomeSchema, type JobState } from '../../../app/api/job-state';
import { goodFrames } from '../../fixtures/checks/submission';
import { apiHarness } from './harness';
import type { DoctorView, RecordingDetail, RecordingReadiness, RecordingSummary } from '../../../app/api/views';
import { readManifest, recordingsDir } from '../../../app/recorder/run-folder';
import { markStopped } from '../../../app/recorder/compose/compose';
import { checkContext, scenarioContext } from '../../../app/recorder/scenario/context';
import { defaultScenario } from '../../../app/recorder/scenarios/index';
import { sampleProfile } from '../../../app/profile/sample';
import { makeRunFolder } from '../../fixtures/checks/run-folder';
import type { TimelineEvent } from '../../../app/recorder/timeline';

const PASS = 'unit-test-passphrase';
const h = apiHarness('ra-rec-jobs-');
const { call, ok, events } = h;

beforeAll(async () => {
  await ok('vaultCreate', { passphrase: PASS });
  await ok('createSubmission', { name: 'sample', kind: 'sample' });
  await ok('createSubmission', { name: 'blank', kind: 'blank' });
});

async function runFolder(runId: string, status: 'done' | 'failed' | 'cancelled' | 'recording', owner?: { pid: number; host: string }): Promise<string> {
  const d = await makeRunFolder(path.join(recordingsDir(h.dir, 'sample'), runId), { status: status === 'recording' ? 'done' : status });
  const file = path.join(d, 'manifest.json');
  const m = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  await writeFile(file, JSON.stringify({ ...m, status, ...(owner ? { owner } : {}) }));
  return d;
}

describe('recordings and jobs as the recorder screen uses them', () => {
  it('marks a run still "recording" whose process is gone as interrupted, and one whose process lives as running', async () => {
    await runFolder('2026-12-01T10-00-00-000Z', 'recording', { pid: 2 ** 22 + 12345, host: os.hostname() });
    await runFolder('2026-12-01T11-00-00-000Z', 'recording', { pid: process.pid, host: os.hostname() });
    await runFolder('2026-12-01T12-00-00-000Z', 'recording');
    const list = await ok<RecordingSummary[]>('listRecordings', { name: 'sample' });
    const status = Object.fromEntries(list.map((r) => [r.id, r.status]));
    expect(status).toEqual({ '2026-12-01T10-00-00-000Z': 'interrupted', '2026-12-01T11-00-00-000Z': 'running', '2026-12-01T12-00-00-000Z': 'interrupted' });
  });

  it('deletes a failed or cancelled recording to the trash and restores it, announcing both; refuses one being made', async () => {
    await runFolder('2026-12-02T10-00-00-000Z', 'failed');
    await runFolder('2026-12-02T11-00-00-000Z', 'cancelled');
    events.length = 0;
    const del = await ok<{ trashId: string }>('deleteRecording', { name: 'sample', runId: '2026-12-02T10-00-00-000Z' });
    await ok('deleteRecording', { name: 'sample', runId: '2026-12-02T11-00-00-000Z' });
    let ids = (await ok<RecordingSummary[]>('listRecordings', { name: 'sample' })).map((r) => r.id);
    expect(ids).not.toContain('2026-12-02T10-00-00-000Z');
    expect(ids).not.toContain('2026-12-02T11-00-00-000Z');
    expect(events.filter((e) => e.type === 'recordings-changed')).toHaveLength(2);
    await ok('restoreRecording', { name: 'sample', trashId: del.trashId });
    ids = (await ok<RecordingSummary[]>('listRecordings', { name: 'sample' })).map((r) => r.id);
    expect(ids).toContain('2026-12-02T10-00-00-000Z');
    const detail = await ok<RecordingDetail>('getRecording', { name: 'sample', runId: '2026-12-02T10-00-00-000Z' });
    expect(detail.status).toBe('failed');
    expect(await call('restoreRecording', { name: 'sample', trashId: del.trashId })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(await call('deleteRecording', { name: 'sample', runId: '2026-12-01T11-00-00-000Z' })).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(await call('restoreRecording', { name: 'sample', trashId: '../../vault.json' })).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it("shows the waits a recording's video left out, and refuses a waits choice it does not know", async () => {
    const d = await runFolder('2026-12-03T10-00-00-000Z', 'done');
    const file = path.join(d, 'manifest.json');
    const m = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    const timeline = [
      ...(m.timeline as unknown[]),
      { type: 'step-started', t: 1, index: 6, stepId: 'admin-next', sceneId: 's', laneId: 'webitel', action: 'click', caption: 'The admin goes on.' },
    ];
    await writeFile(
      file,
      JSON.stringify({
        ...m,
        timeline,
        waits: 'all',
        cuts: [
          { atSec: 42.5, removedSec: 12.25, fromMs: 1, toMs: 2, reason: 'assisted', stepId: 'admin-next' },
          { atSec: 50, removedSec: 3, fromMs: 3, toMs: 4, reason: 'wait', stepId: 'gone' },
        ],
      }),
    );
    const detail = await ok<RecordingDetail>('getRecording', { name: 'sample', runId: '2026-12-03T10-00-00-000Z' });
    // The step as the step list names it (from 1, by the caption the run showed); one the timeline lacks by its id.
    expect(detail.cuts).toEqual([
      { atMs: 42_500, removedMs: 12_250, reason: 'assisted', stepId: 'admin-next', step: 'Step 7, “The admin goes on.”' },
      { atMs: 50_000, removedMs: 3_000, reason: 'wait', stepId: 'gone', step: 'the step gone' },
    ]);
    // A run composed before cuts existed has none.
    const older = await ok<RecordingDetail>('getRecording', {
      name: 'sample',
      runId: (await runFolder('2026-12-03T11-00-00-000Z', 'done')).split(path.sep).at(-1)!,
    });
    expect(older.cuts).toEqual([]);
    expect(await call('startRecording', { name: 'sample', sandbox: true, waits: 'some' })).toMatchObject({
      ok: false,
      error: { kind: 'validation', issues: [{ field: 'waits' }] },
    });
  });

  it("says why a recording stopped as the app does: the step by number and caption, never a command's flag", async () => {
    // A real stop: the sample's scenario without the admin's login, as the recorder's run folder keeps it.
    const d = await runFolder('2026-12-04T10-00-00-000Z', 'failed');
    const profile = sampleProfile();
    profile.recording.webitelAdmin.login = '';
    const scenario = defaultScenario();
    const err = (() => {
      try {
        checkContext(scenario, scenarioContext(profile));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeDefined();
    await markStopped(d, await readManifest(d), 'steps', err);
    const stepped = await ok<RecordingDetail>('getRecording', { name: 'sample', runId: '2026-12-04T10-00-00-000Z' });
    expect(stepped.error).toMatch(
      /^The scenario needs values the submission does not have: Step \d+(, “[^”]+”| \([\w-]+\)): the .+ uses \{\{admin\.\w+\}\}, which has no value: fill in “Webitel admin login”/,
    );
    expect(stepped.error).toContain(' — fill in the named fields on the Submission screen');
    expect(stepped.error).not.toMatch(/steps\[|review-assistant|--[a-z]/);
    // A run folder written before the app's wording was kept: its message, without a hint that names a flag.
    const older = await runFolder('2026-12-04T11-00-00-000Z', 'failed');
    const file = path.join(older, 'manifest.json');
    const m = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...m, error: { message: 'the browser closed', hint: 'run again with --headless', stage: 'steps' } }));
    expect((await ok<RecordingDetail>('getRecording', { name: 'sample', runId: '2026-12-04T11-00-00-000Z' })).error).toBe('the browser closed');
  });

  it('says which values a real recording still lacks, and that the sandbox needs none', async () => {
    const real = await ok<RecordingReadiness>('recordingReadiness', { name: 'blank', sandbox: false });
    expect(real.ready).toBe(false);
    const fields = real.missing.map((m) => m.field);
    expect(fields).toEqual([...new Set(fields)]);
    expect(fields).toEqual(expect.arrayContaining(['webitel.host', 'reviewer.operator.login']));
    expect(real.missing.every((m) => /has no value/.test(m.message))).toBe(true);
    expect(await ok<RecordingReadiness>('recordingReadiness', { name: 'blank', sandbox: true })).toEqual({ ready: true, missing: [] });
    expect(await ok<RecordingReadiness>('recordingReadiness', { name: 'sample', sandbox: false })).toEqual({ ready: true, missing: [] });
  });
});

describe('checks before recording (doctor) in the app', () => {
  it("lists this computer's checks for a sandbox recording, and refuses to start a real one that cannot succeed", async () => {
    const d = await ok<DoctorView>('doctor', { name: 'sample', sandbox: true });
    expect(d.findings.length).toBeGreaterThan(2);
    for (const f of d.findings) expect(['ok', 'warning', 'error']).toContain(f.level);
    expect(d.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['browser', 'ffmpeg']));
    const blank = await ok<DoctorView>('doctor', { name: 'blank', sandbox: false });
    expect(blank.ok).toBe(false);
    const r = await call('startRecording', { name: 'blank', sandbox: false, headless: true });
    expect(r).toMatchObject({ ok: false, error: { kind: 'external' } });
    if (!r.ok) expect(r.error.message).toMatch(/^not recording: /);
    expect(events.some((e) => e.type === 'job-started' && e.profile === 'blank')).toBe(false);
  });
});

describe('jobs kept by the server', () => {
  it('lists a running job with its progress, step, lanes and run folder, then forgets it when it ends', async () => {
    const hub = new EventHub();
    const seen: ApiEvent[] = [];
    hub.on((e) => seen.push(e));
    const jobs = new JobRunner(hub);
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const { jobId } = jobs.start(
      'record',
      'acme',
      async (ctx) => {
        ctx.runFolder('2026-12-03T10-00-00-000Z');
        ctx.progress({ stage: 'steps', fraction: 0.3, message: 'Step' });
        ctx.step({ type: 'step-started', t: 1, index: 4, stepId: 's', sceneId: 'a', laneId: 'webitel', action: 'click', caption: 'The admin clicks.' });
        ctx.step({ type: 'url-changed', t: 1, laneId: 'webitel', url: 'https://host.test/app', popup: false });
        ctx.laneFrame('facebook', 'Messenger', Buffer.from([1, 2]), 'about:blank', 1);
        await held;
        return { runId: '2026-12-03T10-00-00-000Z' };
      },
      { steps: 20, lanes: [{ laneId: 'webitel', title: 'Webitel' }] },
    );
    const [j] = jobs.list() as JobState[];
    expect(j).toMatchObject({
      jobId,
      kind: 'record',
      profile: 'acme',
      status: 'running',
      stage: 'scenes',
      fraction: 0.3,
      runId: '2026-12-03T10-00-00-000Z',
      step: { index: 4, total: 20, caption: 'The admin clicks.' },
    });
    expect(j!.lanes.map((l) => [l.laneId, l.url])).toEqual([
      ['webitel', 'https://host.test/app'],
      ['facebook', ''],
    ]);
    expect(jobs.writes('acme', '2026-12-03T10-00-00-000Z')).toBe(true);
    expect(seen[0]).toMatchObject({ type: 'job-started', plan: { steps: 20 } });
    expect(() => jobs.start('record', 'acme', async () => ({ runId: null }))).toThrow(/already running/);
    // Another submission's recording or a compose would share the machine with this take: refused, naming the running one.
    expect(() => jobs.start('record', 'globex', async () => ({ runId: null }))).toThrow(
      'a recording of "acme" is already running: one recording or composing at a time, so that each gets the whole machine',
    );
    expect(() => jobs.start('compose', 'globex', async () => ({ runId: null }))).toThrow(/recording of "acme" is already running/);
    // Work that does not record or encode still starts.
    const checked = jobs.start('preflight', 'globex', async () => ({ runId: null }));
    expect(checked.kind).toBe('preflight');
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(jobs.list()).toEqual([]);
    expect(seen.at(-1)).toMatchObject({ type: 'job-finished', status: 'passed', runId: '2026-12-03T10-00-00-000Z', take: null });
  });

  it("ends a recording with the frame check's verdict as a field of job-finished: broken stays passed, failures carry none", async () => {
    const hub = new EventHub();
    const seen: ApiEvent[] = [];
    hub.on((e) => seen.push(e));
    const jobs = new JobRunner(hub);
    const ended = (jobId: string) =>
      vi.waitFor(() => {
        const e = seen.find((x): x is Extract<ApiEvent, { type: 'job-finished' }> => x.type === 'job-finished' && x.jobId === jobId);
        if (!e) throw new Error('not finished yet');
        return e;
      });
    const broken = takeOutcome(
      goodFrames([{ kind: 'blank', laneId: 'facebook', fromSec: 0, toSec: 30, message: 'Facebook Messenger — customer is blank from 0:00 to 0:30' }]),
    );
    const a = jobs.start('record', 'acme', async () => ({ runId: 'r1', take: broken }));
    const endA = await ended(a.jobId);
    expect(endA).toMatchObject({ status: 'passed', runId: 'r1' });
    expect(TakeOutcomeSchema.parse(endA.take)).toEqual({ frames: 'broken', findings: ['Facebook Messenger — customer is blank from 0:00 to 0:30'] });
    // What the UI keeps of it (store.ts applies job-finished with finished()).
    expect(finished(newJob(a.jobId, 'record', 'acme', 0), endA.status, endA.runId, endA.error, 1, endA.take).take?.frames).toBe('broken');
    const b = jobs.start('record', 'acme', async () => {
      throw new Error('lane gone');
    });
    expect((await ended(b.jobId)).take).toBeNull();
  });

  it('shows a step handed to the person with its caption, lane and what was looked for, and passes Done, Fill and Stop to the run', async () => {
    const hub = new EventHub();
    const seen: ApiEvent[] = [];
    hub.on((e) => seen.push(e));
    const jobs = new JobRunner(hub);
    const answers: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    let end: () => void = () => undefined;
    let stepEvent: (e: TimelineEvent) => void = () => undefined;
    const { jobId } = jobs.start('record', 'acme', async (ctx) => {
      ctx.handOver(
        {
          index: 6,
          stepId: 'next',
          laneId: 'webitel',
          laneTitle: 'Webitel',
          action: 'click',
          name: 'Step 7, “The admin saves.”',
          instruction: 'The admin saves. — click it in the "Webitel" window',
          lookedFor: ['#next'],
          reason: 'none of the selectors matched a visible element',
          canFill: false,
          timeoutMs: 600_000,
        },
        { done: () => void answers.push('done'), stop: () => void answers.push('stop'), fillForMe: () => void answers.push('fill') },
      );
      end = () => ctx.manual('', '', false);
      stepEvent = (e) => ctx.step(e);
      await held;
      return { runId: null };
    });
    expect(jobs.list()[0]?.manual).toEqual({
      laneId: 'webitel',
      prompt: 'The admin saves. — click it in the "Webitel" window',
      handOver: {
        index: 6,
        stepId: 'next',
        name: 'Step 7, “The admin saves.”',
        laneTitle: 'Webitel',
        lookedFor: ['#next'],
        reason: 'none of the selectors matched a visible element',
        canFill: false,
      },
    });
    expect(seen.find((e) => e.type === 'manual-prompt')).toMatchObject({ active: true, handOver: { stepId: 'next' } });
    // A request that typed nothing says why until the person asks again.
    stepEvent({ type: 'assist-fill-missed', t: 1, index: 6, stepId: 'next', laneId: 'webitel', why: 'no-field' });
    expect(jobs.list()[0]?.manual?.handOver?.fillMissed).toBe('no field had the focus in the window');
    const before = seen.length;
    expect(jobs.answerHandOver(jobId, 'fill')).toBe(true);
    expect(jobs.list()[0]?.manual?.handOver).not.toHaveProperty('fillMissed');
    expect(seen.slice(before)).toEqual([
      expect.objectContaining({ type: 'manual-prompt', active: true, handOver: expect.objectContaining({ stepId: 'next' }) }),
    ]);
    expect((seen.at(-1) as { handOver?: object }).handOver).not.toHaveProperty('fillMissed');
    expect(jobs.answerHandOver(jobId, 'done')).toBe(true);
    expect(jobs.answerHandOver(jobId, 'stop')).toBe(true);
    expect(answers).toEqual(['fill', 'done', 'stop']);
    // Over (the step went on by itself): nothing to answer, nothing shown.
    end();
    expect(jobs.answerHandOver(jobId, 'done')).toBe(false);
    expect(jobs.list()[0]?.manual).toBeNull();
    expect(jobs.answerHandOver('record-none', 'done')).toBe(false);
    release();
    await new Promise((r) => setTimeout(r, 10));
  });
});
