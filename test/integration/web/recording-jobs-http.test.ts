// Proves browser mode's recordings over real HTTP: a second one started at once is refused with 409 and the first finishes unharmed; a cancel at each stage ends the job cleanly, the stage named, nothing left running.
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiEvent } from '../../../app/api/events';
import { createApi, type Api } from '../../../app/api/impl';
import type { RecordingDetail, RecordingSummary } from '../../../app/api/views';
import { startWebHost, TOKEN_HEADER, type WebHost } from '../../../app/web/host';
import { listRuns } from '../../../app/recorder/run-folder';
import { stillPagesScenario } from '../recorder/helpers';
import { descendantsOf } from '../../../app/common/processes';
import { LINUX_MISSING, describeNeeding } from '../../needs';

/**
 * The recorder screen's calls as the UI makes them: POST /api/<call> with the token, the job's
 * progress read from /events. The submission records a short scenario of two still pages in the
 * sandbox, headless, so each recording is about a minute here.
 *
 * In `npm test`: two recordings at once, and a cancel during the scenes; a cancel during launch,
 * compose and the clips with RA_FAULTS=all (`npm run test:faults` runs this file too).
 */
const ALL = process.env.RA_FAULTS === 'all';
const PASS = 'http-recording-passphrase';
const token = 'http-recording-token-0123456789abcdef';

let dir: string;
let api: Api;
let host: WebHost;
const events: ApiEvent[] = [];
let sse: http.ClientRequest | undefined;

function post<T = unknown>(
  name: string,
  body: unknown,
): Promise<{ status: number; body: { ok: boolean; result?: T; error?: { kind: string; message: string; hint?: string } } }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port: host.port,
        method: 'POST',
        path: `/api/${name}`,
        headers: {
          host: `127.0.0.1:${host.port}`,
          origin: `http://127.0.0.1:${host.port}`,
          [TOKEN_HEADER]: token,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as never }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function ok<T>(name: string, body: unknown): Promise<T> {
  const r = await post<T>(name, body);
  if (r.status !== 200 || !r.body.ok) throw new Error(`${name}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.result as T;
}

/** The job's events as they come, until `until` holds for one of them (the event), or the job finished. */
function waitFor(jobId: string, until: (e: ApiEvent) => boolean, limitMs = 240_000): Promise<ApiEvent> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let seen = 0;
    const tick = () => {
      for (; seen < events.length; seen++) {
        const e = events[seen]!;
        if (!('jobId' in e) || e.jobId !== jobId) continue;
        if (until(e) || e.type === 'job-finished') return resolve(e);
      }
      if (Date.now() - started > limitMs) return reject(new Error(`no answer for ${jobId} within ${limitMs} ms`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

const finished = (jobId: string) => waitFor(jobId, () => false) as Promise<Extract<ApiEvent, { type: 'job-finished' }>>;

/** Browsers, screens and ffmpegs below this process (the API records in it), once they had a moment to go. */
async function leftRunning(): Promise<string[]> {
  let left: string[] = [];
  for (let i = 0; i < 50; i++) {
    left = [...(await descendantsOf(process.pid)).values()].filter((l) => /chrom|Xvfb|ffmpeg|ffprobe/.test(l)).map((l) => l.slice(0, 120));
    if (!left.length) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return left;
}

const page = (label: string, colour: string) =>
  'data:text/html,' +
  encodeURIComponent(`<!doctype html><body style="margin:0;font:48px sans-serif;background:${colour}"><h1 style="padding:40px">${label}</h1></body>`);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ra-http-rec-'));
  const ui = path.join(dir, 'ui');
  await mkdir(ui);
  await writeFile(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  const data = path.join(dir, 'data');
  api = createApi({ dataDir: data, mode: 'browser', openPath: async () => undefined, mediaUrl: (r) => `media/${r}` });
  host = await startWebHost({ handlers: api.handlers, hub: api.hub, dataDir: data, staticDir: ui, token });
  // The event stream, as the UI reads it.
  await new Promise<void>((resolve, reject) => {
    sse = http.get({ host: '127.0.0.1', port: host.port, path: '/events', headers: { host: `127.0.0.1:${host.port}`, [TOKEN_HEADER]: token } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`/events: ${res.statusCode}`));
      let buf = '';
      res.setEncoding('utf8').on('data', (c: string) => {
        buf += c;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (block.startsWith('data: ')) events.push(JSON.parse(block.slice(6)) as ApiEvent);
        }
      });
      resolve();
    });
    sse.on('error', reject);
  });
  await ok('vaultCreate', { passphrase: PASS });
  await ok('createSubmission', { name: 'sample', kind: 'sample' });
  await ok('saveScenario', {
    name: 'sample',
    scenario: stillPagesScenario('Over HTTP', { left: page('Left', '#fdf6e3'), right: page('Right', '#eef4fb') }, 2000),
  });
}, 60_000);

afterAll(async () => {
  sse?.destroy();
  await host?.close();
  await api?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const start = { name: 'sample', sandbox: true, headless: true };

describeNeeding(LINUX_MISSING('/proc, to count what is left running'))('recordings over HTTP (browser mode)', () => {
  it('refuses a second recording started at the same moment with 409, and the first finishes unharmed', async () => {
    const before = (await listRuns(path.join(dir, 'data'), 'sample')).length;
    const [a, b] = await Promise.all([post<{ jobId: string }>('startRecording', start), post<{ jobId: string }>('startRecording', start)]);
    const answers = [a, b].sort((x, y) => x.status - y.status);
    expect(answers.map((r) => r.status)).toEqual([200, 409]);
    expect(answers[1]!.body).toMatchObject({ ok: false, error: { kind: 'conflict', message: 'a recording of "sample" is already running' } });
    expect(answers[1]!.body.error?.hint).toMatch(/wait for it to finish or cancel it/);
    const jobId = answers[0]!.body.result!.jobId;

    // Once it is under way, a third start is refused the same way.
    await waitFor(jobId, (e) => e.type === 'step');
    const third = await post('startRecording', start);
    expect(third.status).toBe(409);

    const end = await finished(jobId);
    expect(end, JSON.stringify(end.error)).toMatchObject({ type: 'job-finished', status: 'passed', error: null });
    // One recording, done, with its video: the refused starts made no run folder and touched none.
    const runs = await ok<RecordingSummary[]>('listRecordings', { name: 'sample' });
    expect(runs).toHaveLength(before + 1);
    const detail = await ok<RecordingDetail>('getRecording', { name: 'sample', runId: end.runId! });
    expect(detail).toMatchObject({ status: 'passed', error: null });
    expect(detail.videoUrl).toBeTruthy();
    expect(await leftRunning()).toEqual([]);
  }, 300_000);

  const stages = [
    { stage: 'launch', said: /^the recording was cancelled during launch, before the first step/, manifest: 'launch', inSuite: false },
    { stage: 'steps', said: /^the recording was cancelled during the scenes, at step \d \([\w-]+\)/, manifest: 'steps', inSuite: true },
    { stage: 'compose', said: /^the recording was cancelled during compose/, manifest: 'compose', inSuite: false },
    { stage: 'clips', said: /^the recording was cancelled while cutting the clips/, manifest: 'clips', inSuite: false },
  ] as const;
  for (const s of stages) {
    it.skipIf(!s.inSuite && !ALL)(
      `a cancel from the app during ${s.stage} ends the job, names the stage and leaves nothing running`,
      async () => {
        const { jobId } = await ok<{ jobId: string }>('startRecording', start);
        const at = await waitFor(jobId, (e) => e.type === 'progress' && e.stage === s.stage);
        expect(at.type, `the job ended before ${s.stage}`).toBe('progress');
        expect(await ok('cancelJob', { jobId })).toEqual({ cancelled: true });
        const end = await finished(jobId);
        expect(end).toMatchObject({ status: 'cancelled', error: null });
        // A job that is over cannot be cancelled again.
        expect(await ok('cancelJob', { jobId })).toEqual({ cancelled: false });
        const run = (await listRuns(path.join(dir, 'data'), 'sample')).find((r) => r.dir.endsWith(end.runId ?? '\0'));
        expect(run?.manifest.status).toBe('cancelled');
        expect(run?.manifest.error?.message).toMatch(s.said);
        expect(run?.manifest.error?.stage).toBe(s.manifest);
        const detail = await ok<RecordingDetail>('getRecording', { name: 'sample', runId: end.runId! });
        expect(detail.status).toBe('cancelled');
        expect(detail.error).toMatch(s.said);
        expect(await leftRunning()).toEqual([]);
      },
      300_000,
    );
  }
});
