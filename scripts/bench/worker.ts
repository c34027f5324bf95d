/**
 * One benchmark measurement in its own process (so peak memory and CPU belong to one
 * recorder): `tsx scripts/bench/worker.ts <recorder> <scenario> <seconds> <outDir>`.
 * Writes `<outDir>/result.json`.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext as PwContext, Page as PwPage } from 'playwright-core';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { nowMs } from '../../app/common/progress';
import { sampleProfile } from '../../app/profile/sample';
import { recordDemo, recordProfile } from '../../app/recorder/record';
import { resolveFfmpegTools } from '../../app/media/tools';
import { runScenario } from '../../app/recorder/runner/run';
import { defaultScenario } from '../../app/recorder/scenarios/index';
import { scenarioContext } from '../../app/recorder/scenario/context';
import { seedFromProfile } from '../../app/sandbox/seed';
import { startSandbox } from '../../app/sandbox/server';
import { animatedDriver, browserPath, CHROMIUM_ARGS, DEMO_SCENES, PAGE_HUES, startPageServer } from './animated-driver';
import { shotMoment } from './shot-moment';

export interface LaneOutput {
  id: string;
  file: string;
  /** nowMs() of the file's first frame, as well as the recorder lets us know it. */
  startMs: number;
  endMs: number;
  /** When the recording was asked to start, if the recorder knows its first frame came later (wall clock runs from here). */
  requestedMs?: number;
  /** Ours, the screen capture: the picture lag taken off the lane's start (ms; the method's pictureLagMs). */
  pictureLagMs?: number;
  /** A screenshot taken mid-way, and the moment (nowMs) it shows; `callMs` brackets the call. */
  shot?: { file: string; t: number; callMs?: [number, number]; readFromPicture?: boolean };
}

export interface WorkerResult {
  recorder: string;
  scenario: string;
  ok: boolean;
  error?: string;
  lanes: LaneOutput[];
  /** From the end of the scenario to the finished file(s). */
  finishMs: number;
  /** Ours only: the composed master and its size per minute of video. */
  composed?: string;
  composedMBPerMin?: number;
  /** Ours only: segments of the video composed while the scenario ran. */
  segmentsWhileRecording?: number;
  /** Ours only: the capture the lanes were recorded with (`auto` resolves to one). */
  method?: string;
  wallMs: number;
}

const [recorder = 'ours', scenario = 'animated', secondsArg = '20', outDir = path.join(os.tmpdir(), 'bench')] = process.argv.slice(2);
const seconds = Number(secondsArg);
const VP = { width: 960, height: 1080 };
const tools = resolveFfmpegTools();
/** puppeteer's screencast through a wrapper: see puppeteer-ffmpeg.sh. */
const PUPPETEER_FFMPEG = path.join(path.dirname(fileURLToPath(import.meta.url)), 'puppeteer-ffmpeg.sh');
process.env.REVIEW_ASSISTANT_FFMPEG = tools.ffmpeg;

type Shot = NonNullable<LaneOutput['shot']>;

/**
 * A screenshot of a lane's animated page and the moment it shows: read from the picture
 * (shot-moment.ts), since the call takes hundreds of ms and its middle is frames off.
 */
async function shootOne(
  p: { evaluate(f: () => number): Promise<number>; screenshot(o: { path: `${string}.png` }): Promise<unknown> },
  laneId: string,
  dir: string,
): Promise<Shot> {
  const file = path.join(dir, `shot-${laneId}.png`);
  const origin = await p.evaluate(() => performance.timeOrigin);
  // This recorder's lanes are drawn at the size the video shows them (device scale 0.767).
  const scale = await p.evaluate(() => window.devicePixelRatio);
  const t0 = nowMs();
  await p.screenshot({ path: file as `${string}.png` });
  const t1 = nowMs();
  const hue = PAGE_HUES[laneId as keyof typeof PAGE_HUES];
  const read = hue === undefined ? null : await shotMoment(tools.ffmpeg, file, hue, origin, t0, t1, scale).catch(() => null);
  return { file, t: read ?? (t0 + t1) / 2, callMs: [t0, t1], readFromPicture: read !== null };
}

async function shoot(pages: Page[], laneIds: string[], dir: string): Promise<Map<string, Shot>> {
  const out = new Map<string, Shot>();
  await Promise.all(pages.map(async (p, i) => out.set(laneIds[i]!, await shootOne(p, laneIds[i]!, dir))));
  return out;
}

/** This recorder (`auto`: the screen capture, headless here); the others force a method, to compare them. */
async function ours(method: 'auto' | 'chrome-recorder' | 'screencast' = 'auto'): Promise<WorkerResult> {
  const marker = path.join(outDir, 'phase-compose');
  const phase = (p: { stage: string }) => {
    if (p.stage === 'compose') void fs.writeFile(marker, '').catch(() => undefined);
    if (p.stage === 'clips' && !demoReadyAt) demoReadyAt = nowMs();
  };
  let shots = new Map<string, Shot>();
  let endT = 0;
  let demoReadyAt = 0;
  const started = nowMs();
  const stepSec = seconds / (2 * DEMO_SCENES.length);
  const r =
    scenario === 'animated' || scenario === 'still'
      ? await recordDemo({
          profile: 'bench',
          dataDir: outDir,
          // 'still': the same scenario on pages that rest between steps, as a demo's do (no screenshots: nothing moves to compare).
          driver: animatedDriver({
            stepSec,
            popup: false,
            viewport: VP,
            ...(scenario === 'still'
              ? { still: true }
              : { midway: async (pages: Page[]) => void (shots = await shoot(pages, ['webitel', 'messenger'], outDir)) }),
          }),
          info: { scenarioHash: 'bench', title: { appName: 'Benchmark', gateway: 'animated pages', permissions: [] } },
          headless: true,
          skipStepPictures: true,
          liveCompose: process.env.BENCH_LIVE !== '0',
          captureMethod: method,
          onEvent: (e) => {
            if (e.type === 'run-finished') endT = e.t;
          },
          onProgress: phase,
        })
      : await recordProfile({
          profile: sampleProfile(),
          dataDir: outDir,
          sandbox: true,
          headless: true,
          skipStepPictures: true,
          onEvent: (e) => {
            if (e.type === 'run-finished') endT = e.t;
          },
          onProgress: phase,
        });
  return {
    recorder,
    scenario,
    ok: true,
    lanes: r.manifest.lanes.map((l) => ({
      id: l.id,
      file: path.join(r.dir, l.capture!.file),
      startMs: l.capture!.startMs,
      endMs: l.capture!.endMs,
      ...(l.capture!.requestedMs !== undefined ? { requestedMs: l.capture!.requestedMs } : {}),
      ...(l.capture!.pictureLag?.placedMs ? { pictureLagMs: l.capture!.pictureLag.placedMs } : {}),
      ...(shots.get(l.id) ? { shot: shots.get(l.id)! } : {}),
    })),
    finishMs: (demoReadyAt || nowMs()) - endT,
    composed: r.files.demo,
    composedMBPerMin: (await fs.stat(r.files.demo)).size / 1e6 / ((r.manifest.video?.durationSec ?? 1) / 60),
    segmentsWhileRecording: r.manifest.timings.segmentsWhileRecording ?? 0,
    ...(r.manifest.lanes[0]?.capture ? { method: r.manifest.lanes[0].capture.method } : {}),
    wallMs: nowMs() - started,
  };
}

/** Records for `seconds` with a screenshot of every lane half-way, then stops; resolves with the time the stop took (ms). */
async function shootMidwayAndStop(pages: Parameters<typeof shootOne>[0][], lanes: LaneOutput[], ids: string[], stop: () => Promise<unknown>): Promise<number> {
  await new Promise((r) => setTimeout(r, (seconds * 1000) / 2));
  await Promise.all(
    pages.map(async (p, i) => {
      lanes[i]!.shot = await shootOne(p, ids[i]!, outDir);
    }),
  );
  await new Promise((r) => setTimeout(r, (seconds * 1000) / 2));
  const end = nowMs();
  for (const l of lanes) l.endMs = end;
  await stop();
  return nowMs() - end;
}

/**
 * Peers on the animated pages: puppeteer's page.screencast(), Playwright's recordVideo, or
 * Playwright's page.screencast (1.59+) with its action annotations on.
 */
async function peerAnimated(kind: 'puppeteer' | 'playwright' | 'playwright-screencast'): Promise<WorkerResult> {
  const server = await startPageServer();
  const started = nowMs();
  const urls = [`http://webitel.localhost:${server.port}/workspace/`, `http://facebook.localhost:${server.port}/messages/t/acme`];
  const ids = ['webitel', 'messenger'];
  const lanes: LaneOutput[] = [];
  try {
    if (kind === 'puppeteer') {
      const browsers: Browser[] = [];
      const pages: Page[] = [];
      const recs: Array<{ stop(): Promise<void> }> = [];
      for (const [i, url] of urls.entries()) {
        const b = await puppeteer.launch({ executablePath: browserPath(), headless: true, args: CHROMIUM_ARGS, defaultViewport: VP });
        browsers.push(b);
        const p = (await b.pages())[0] ?? (await b.newPage());
        await p.goto(url);
        pages.push(p);
        const file = path.join(outDir, `${ids[i]}.webm`);
        const t0 = nowMs();
        recs.push(await p.screencast({ path: file as `${string}.webm`, ffmpegPath: PUPPETEER_FFMPEG }));
        lanes.push({ id: ids[i]!, file, startMs: (t0 + nowMs()) / 2, endMs: 0 });
      }
      await new Promise((r) => setTimeout(r, (seconds * 1000) / 2));
      const shots = await shoot(pages, ids, outDir);
      await new Promise((r) => setTimeout(r, (seconds * 1000) / 2));
      const end = nowMs();
      for (const l of lanes) l.endMs = end;
      await Promise.all(recs.map((r) => r.stop()));
      const finishMs = nowMs() - end;
      for (const l of lanes) if (shots.get(l.id)) l.shot = shots.get(l.id)!;
      await Promise.all(browsers.map((b) => b.close()));
      return { recorder: kind, scenario, ok: true, lanes, finishMs, wallMs: nowMs() - started };
    }
    const { chromium } = await import('playwright-core');
    const browsers = await Promise.all(urls.map(() => chromium.launch({ executablePath: browserPath(), headless: true, args: CHROMIUM_ARGS })));
    if (kind === 'playwright-screencast') {
      const pages: PwPage[] = [];
      for (const [i, b] of browsers.entries()) {
        const p = await b.newPage({ viewport: VP });
        await p.goto(urls[i]!);
        // The annotations are what this peer adds over recordVideo: a title per action, so it stands in for our captions.
        await p.screencast.showActions({ position: 'bottom' });
        const file = path.join(outDir, `${ids[i]}.webm`);
        const t0 = nowMs();
        await p.screencast.start({ path: file, size: VP });
        lanes.push({ id: ids[i]!, file, startMs: (t0 + nowMs()) / 2, endMs: 0 });
        pages.push(p);
      }
      const finishMs = await shootMidwayAndStop(pages, lanes, ids, () => Promise.all(pages.map((p) => p.screencast.stop())));
      await Promise.all(browsers.map((b) => b.close()));
      return { recorder: kind, scenario, ok: true, lanes, finishMs, wallMs: nowMs() - started };
    }
    const ctxs: PwContext[] = [];
    const pages: PwPage[] = [];
    for (const [i, b] of browsers.entries()) {
      const t0 = nowMs();
      const ctx = await b.newContext({ viewport: VP, recordVideo: { dir: outDir, size: VP } });
      const p = await ctx.newPage();
      lanes.push({ id: ids[i]!, file: '', startMs: t0, endMs: 0 });
      await p.goto(urls[i]!);
      ctxs.push(ctx);
      pages.push(p);
    }
    const finishMs = await shootMidwayAndStop(pages, lanes, ids, () => Promise.all(ctxs.map((c) => c.close())));
    for (const [i, p] of pages.entries()) lanes[i]!.file = (await p.video()?.path()) ?? '';
    await Promise.all(browsers.map((b) => b.close()));
    return { recorder: kind, scenario, ok: true, lanes, finishMs, wallMs: nowMs() - started };
  } finally {
    await server.close();
  }
}

/** puppeteer's page.screencast() on the sandbox scenario, through the runner's hooks. */
async function puppeteerSandbox(): Promise<WorkerResult> {
  const started = nowMs();
  const profile = sampleProfile();
  const sb = await startSandbox({ seed: seedFromProfile(profile) });
  const lanes: LaneOutput[] = [];
  const recs: Array<{ stop(): Promise<void> }> = [];
  let end = 0;
  let finishMs = 0;
  try {
    await runScenario({
      scenario: defaultScenario(),
      context: scenarioContext(profile, { sandbox: { origins: sb.origins } }),
      headless: true,
      hooks: {
        onLaneReady: async (lane, page) => {
          const file = path.join(outDir, `${lane.id}.webm`);
          const t0 = nowMs();
          recs.push(await page.screencast({ path: file as `${string}.webm`, ffmpegPath: PUPPETEER_FFMPEG }));
          lanes.push({ id: lane.id, file, startMs: (t0 + nowMs()) / 2, endMs: 0 });
        },
        beforeClose: async () => {
          end = nowMs();
          for (const l of lanes) l.endMs = end;
          await Promise.all(recs.map((r) => r.stop()));
          finishMs = nowMs() - end;
        },
      },
    });
    return { recorder: 'puppeteer', scenario, ok: true, lanes, finishMs, wallMs: nowMs() - started };
  } finally {
    await sb.close();
  }
}

async function main(): Promise<void> {
  await fs.mkdir(outDir, { recursive: true });
  let result: WorkerResult;
  try {
    if (recorder === 'ours') result = await ours();
    else if (recorder === 'ours-screencast') result = await ours('screencast');
    else if (recorder === 'ours-recorder') result = await ours('chrome-recorder');
    else if (scenario === 'animated') result = await peerAnimated(recorder as 'puppeteer' | 'playwright' | 'playwright-screencast');
    else if (recorder === 'puppeteer') result = await puppeteerSandbox();
    else throw new Error(`${recorder} cannot record the sandbox scenario`);
  } catch (e) {
    result = { recorder, scenario, ok: false, error: (e as Error).message.split('\n')[0] ?? String(e), lanes: [], finishMs: 0, wallMs: 0 };
  }
  await fs.writeFile(path.join(outDir, 'result.json'), JSON.stringify(result, null, 2));
}

void main().then(() => process.exit(0));
