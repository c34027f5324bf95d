// Proves the submission checks against real run folders and videos: a complete one passes, each kind of defect fails by name.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecordingFacts } from '../../../app/review/checks/recording-facts';
import { runChecks } from '../../../app/review/checks/run';
import type { CheckInput, CheckReport } from '../../../app/review/checks/types';
import { goodProfile, goodTexts, goodTimeline } from '../../fixtures/checks/submission';
import { makeRunFolder } from '../../fixtures/checks/run-folder';

let root: string;
let goodRun: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'checks-run-'));
  goodRun = await makeRunFolder(path.join(root, 'good'));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function check(change: (i: CheckInput) => void = () => undefined, run = goodRun): Promise<CheckReport> {
  // The day after the fixture's take: its API calls are recent.
  const input: CheckInput = { profile: goodProfile(), texts: goodTexts(), recording: await loadRecordingFacts(run), now: new Date('2026-08-02T09:00:00.000Z') };
  change(input);
  return runChecks(input);
}

const failed = (r: CheckReport) => r.results.filter((x) => x.status === 'fail');
const messages = (r: CheckReport) =>
  failed(r)
    .map((x) => `${x.id}: ${x.message}`)
    .join('\n');

describe('the submission against a real run folder (ffprobe on real videos)', () => {
  it('passes every check when complete (pre-flight not run)', async () => {
    const r = await check();
    expect(messages(r)).toBe('');
    expect(r.ok).toBe(true);
    const byId = new Map(r.results.map((x) => [x.id, x]));
    expect(byId.get('video.resolution')?.message).toMatch(/1920×1080/);
    expect(byId.get('video.no-audio')?.status).toBe('pass');
    expect(byId.get('recording.consent-page-selection')?.status).toBe('pass');
  });

  it('reads what a run played against and when: a sandbox take fails for a real submission, an older run by its title card too', async () => {
    const good = await loadRecordingFacts(goodRun);
    expect([good.hosts, good.recordedAt]).toEqual(['real', '2026-08-01T10:00:00.000Z']);
    for (const hosts of ['sandbox', 'legacy-sandbox'] as const) {
      const run = await makeRunFolder(path.join(root, hosts), { hosts });
      expect((await loadRecordingFacts(run)).hosts).toBe('sandbox');
      const r = await check(() => undefined, run);
      expect(failed(r).map((x) => x.id)).toEqual(['recording.real-hosts']);
      expect(r.results.find((x) => x.id === 'recording.recent-api-calls')?.status).toBe('skip');
    }
  });

  it('fails a copied description with the sentence it shares', async () => {
    const r = await check((i) => {
      i.texts.descriptions.business_asset_user_profile_access = i.texts.descriptions.pages_messaging ?? '';
    });
    expect(r.ok).toBe(false);
    expect(messages(r)).toMatch(
      /description\.distinct:pages_messaging\+business_asset_user_profile_access: The descriptions of pages_messaging and business_asset_user_profile_access share the sentence "Customers write to Acme Help/,
    );
  });

  it('fails missing logins, naming which, each once', async () => {
    const r = await check((i) => {
      i.profile.reviewer.operator.password = '';
      i.texts.reviewerInstructions = i.texts.reviewerInstructions.replace(/^4\..*$/m, '4. Log in to Facebook.');
    });
    expect(r.ok).toBe(false);
    const m = messages(r);
    // The empty password is one problem: the required-fields rule reports it, the instructions' rule does not repeat it.
    expect(m).toMatch(/profile\.required:reviewer\.operator\.password: reviewer\.operator\.password is empty/);
    expect(m).not.toMatch(/instructions\.operator-login:password/);
    expect(m).toMatch(/instructions\.test-user-login: The reviewer instructions lack the Facebook Test User login and password/);
  });

  it('fails a video without the consent scene', async () => {
    const noConsent = goodTimeline().filter((e) => !(e.type === 'popup-opened') && !('stepId' in e && e.stepId === 'consent-select-page'));
    const run = await makeRunFolder(path.join(root, 'no-consent'), { timeline: noConsent, clips: ['pages_show_list'] });
    const r = await check(undefined, run);
    expect(r.ok).toBe(false);
    const m = messages(r);
    expect(m).toMatch(/recording\.consent-page-selection: The recording does not show the Facebook consent with Page selection/);
    expect(m).toMatch(/clip\.present:pages_messaging: No clip for pages_messaging/);
  });

  it('fails a 720p video with audio and a run that did not finish', async () => {
    const run = await makeRunFolder(path.join(root, 'small-loud'), { width: 1280, height: 720, audio: true, status: 'failed', clips: ['pages_show_list'] });
    const r = await check(undefined, run);
    const m = messages(r);
    expect(m).toMatch(/video\.resolution:demo\.mp4: demo\.mp4 is 1280×720/);
    expect(m).toMatch(/video\.no-audio:demo\.mp4: demo\.mp4 has an audio track/);
    expect(m).toMatch(/recording\.done: The recording .* is not finished \(status "failed"\)/);
  });

  it('fails a run folder without captions', async () => {
    const run = await makeRunFolder(path.join(root, 'no-captions'), { captions: false, clips: [] });
    const m = messages(await check(undefined, run));
    expect(m).toMatch(/recording\.scene-captions:srt: The recording has no captions\.srt/);
  });
});
