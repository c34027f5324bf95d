// Proves the recording.frames check fails a broken take with what, where and what to do, passes a good one, and skips with its reason.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest, writeManifest } from '../../../app/recorder/run-folder';
import { loadRecordingFacts } from '../../../app/review/checks/recording-facts';
import { CHECK_RULES, runRule } from '../../../app/review/checks/run';
import type { CheckInput } from '../../../app/review/checks/types';
import { makeRunFolder } from '../../fixtures/checks/run-folder';
import { goodProfile, goodTexts } from '../../fixtures/checks/submission';
import { TAKES, cutRunFolder } from '../../fixtures/video/takes';

const rule = CHECK_RULES.find((r) => r.id === 'recording.frames')!;
let tmp: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'check-frames-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function results(folder: string) {
  const recording = await loadRecordingFacts(folder);
  const input: CheckInput = { profile: goodProfile(), texts: goodTexts(), recording };
  return { recording, results: runRule(rule, input) };
}

describe('recording.frames on run folders', () => {
  it('is an error-level rule of the app', () => {
    expect(rule).toMatchObject({ severity: 'error', source: 'app' });
  });

  it('fails the broken take with what is wrong, where and when, and what to do (reading the video: the run has no stored result)', async () => {
    const { recording, results: r } = await results(await cutRunFolder(path.join(tmp, 'broken'), TAKES.broken));
    expect(recording.frames?.source).toBe('analysed');
    expect(r.map((x) => [x.id, x.status, x.severity])).toEqual([
      ['recording.frames:webitel:underfill', 'fail', 'error'],
      ['recording.frames:facebook:underfill', 'fail', 'error'],
    ]);
    expect(r[0]!.message).toMatch(
      /^The Webitel lane's page fills only the top-left part of its lane from 0:00 to 0:07, the rest of the lane one flat colour: .*The take is broken; do not upload it\.$/,
    );
    expect(r[1]!.message).toMatch(/^The Facebook Messenger lane's page fills only the top-left part/);
    expect(r[0]!.fix).toMatch(/Record again/);
    expect(r[0]!.target).toEqual({ screen: 'recorder' });
  });

  it('passes the good take', async () => {
    const { results: r } = await results(await cutRunFolder(path.join(tmp, 'good'), TAKES.good));
    expect(r.map((x) => x.status)).toEqual(['pass']);
    expect(r[0]!.message).toMatch(/^\d+ pictures of the 0:08 video checked: every lane's page fills its lane/);
  });

  it("reads the recorder's stored result while it describes the video, and the video again once it does not", async () => {
    const dir = await cutRunFolder(path.join(tmp, 'stored'), TAKES.good);
    const first = await loadRecordingFacts(dir);
    const m = await readManifest(dir);
    // What the recorder stores, changed so that only reading it can give this answer.
    m.frames = { ...first.frames!.check!, ok: false, findings: [{ kind: 'blank', laneId: 'facebook', fromSec: 1, toSec: 7, message: '' }] };
    await writeManifest(dir, m);
    const stored = await results(dir);
    expect(stored.recording.frames?.source).toBe('stored');
    expect(stored.results.map((x) => [x.id, x.status])).toEqual([['recording.frames:facebook:blank', 'fail']]);
    expect(stored.results[0]!.message).toMatch(/^The Facebook Messenger lane is blank \(one flat colour\) from 0:01 to 0:07/);
    // The run composed again (another video): the stored result no longer counts.
    await fs.copyFile(TAKES.broken.video, path.join(dir, 'demo.mp4'));
    const again = await results(dir);
    expect(again.recording.frames?.source).toBe('analysed');
    expect(again.results.map((x) => x.id)).toEqual(['recording.frames:webitel:underfill', 'recording.frames:facebook:underfill']);
  });

  it('skips, saying why, a run whose manifest does not say where the lanes are', async () => {
    const { results: r } = await results(await makeRunFolder(path.join(tmp, 'no-lanes')));
    expect(r.map((x) => x.status)).toEqual(['skip']);
    expect(r[0]!.message).toMatch(/not checked: its manifest lists no recorded lanes/);
  });
});
