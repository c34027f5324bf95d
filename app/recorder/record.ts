// Records a demo: plays the scenario with every lane captured (capture/), composes the video (compose/) and checks its pictures (inspect/); it knows no capture method's details.
import { UserError, isUserError } from '../common/errors';
import type { Progress, ProgressListener } from '../common/progress';
import { RunCapture, type CaptureHooks } from './capture/run-capture';
import type { Warmup } from './browser/steady-drawing';
import { composeRun, markStopped } from './compose/compose';
import { LiveComposer } from './compose/live';
import { ffmpegVersion } from '../media/probe';
import { resolveFfmpegTools, type FfmpegTools } from '../media/tools';
import { assDrawMatrix } from '../media/capabilities';
import { chooseCapture } from './capture/choose';
import { DEFAULT_ENCODER } from './compose/filter-graph';
import type { CanvasWidth } from '../media/canvas';
import { overallFraction, type SliceStage } from './progress-slices';
import { oneAtATime } from './one-at-a-time';
import { createRunFolder, markInterrupted, readManifest, releaseSpace, reserveSpace, writeManifest, type Manifest, type WaitsMode } from './run-folder';
import { diskFullError, isDiskFull } from '../common/disk-full';
import type { FrameCheck } from './inspect/frame-check-schema';
import { inspectRun } from './inspect/inspect-video';
import type { TimelineEvent } from './timeline';
import os from 'node:os';
import path from 'node:path';
import type { Profile } from '../profile/schema';
import type { LoginForm, WebitelRelease } from '../sandbox/server';
import { facebookSandboxOptions, prepareRun, type PrepareRunOptions } from './runner/prepare';
import { runScenario } from './runner/run';
import { forwardHooks, type RunnerHooks, type RunOptions } from './runner/types';
import { scenarioHash } from './scenario/load';
import type { Scenario } from './scenario/schema';

/**
 * What plays the scenario: the runner in the product, a scripted page driver in tests and
 * the benchmark. It must call the capture hooks (lane ready, popups, before close) and
 * report timeline events.
 */
export type ScenarioDriver = (o: {
  hooks: CaptureHooks;
  /** The run folder: failure evidence goes to its `steps/`. */
  dir: string;
  onEvent: (e: TimelineEvent) => void;
  signal: AbortSignal;
  headless: boolean;
  /** The video's canvas: lanes are recorded at the size it shows them (laneCaptureScales). */
  canvas: CanvasWidth;
}) => Promise<{ status: 'passed' | 'failed' | 'cancelled'; error?: unknown; warmup?: Pick<Warmup, 'totalMs' | 'steady'> }>;

export interface RecordInfo {
  scenarioHash: string;
  scenarioTitle?: string;
  /** Steps in the scenario, for the progress fraction. */
  stepCount?: number;
  /** Lanes in the scenario, for the launch's progress. */
  laneCount?: number;
  title: { appName: string; gateway: string; date?: string; permissions: string[] };
  /** Permissions to cut clips for; default every permission a scene names. */
  permissions?: string[];
  /** What the browsers played against: the built-in demo sandbox (a rehearsal) or the real hosts. */
  hosts?: 'sandbox' | 'real';
}

export interface RecordOptions {
  profile: string;
  dataDir: string;
  driver: ScenarioDriver;
  info: RecordInfo;
  headless?: boolean;
  canvas?: CanvasWidth;
  /** 'auto' or a registered method's id (capture/choose.ts). */
  captureMethod?: string;
  ffmpegPath?: string;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  onEvent?: (e: TimelineEvent) => void;
  /** Skips the per-step pictures (faster tests). */
  skipStepPictures?: boolean;
  /** Compose finished parts of the video while recording (default true). */
  liveCompose?: boolean;
  /** Which waits the video shortens (compose/time-map.ts; default `assisted`: a hand-over's search). */
  waits?: WaitsMode;
}

export interface RecordResult {
  dir: string;
  manifest: Manifest;
  /**
   * The frame check of the finished video (also in the manifest): `ok` false means the take
   * is broken (a lane's page drawn too small, blank, or frozen) and must not be uploaded;
   * null when the check could not run (the checks run it again).
   */
  frames: FrameCheck | null;
  files: { demo: string; captions: string; chapters: string; manifest: string; clips: Record<string, string>; steps: string[] };
}

export { overallFraction } from './progress-slices';

/** The capture's hooks, reporting the launch's steps as they happen (starting takes 10–15 s). */
function launchProgress(capture: CaptureHooks, lanes: number, emit: (stage: 'launch', f: number, message: string) => void): CaptureHooks {
  let ready = 0;
  // forwardHooks keeps every hook the base has, and the capture has them all.
  return forwardHooks(capture, {
    screenFor: async (laneId, picture) => {
      emit('launch', (ready + 0.2) / (lanes + 1), `opening a screen for the ${laneId} browser`);
      return capture.screenFor(laneId, picture);
    },
    onLaneReady: async (lane, page, browser) => {
      await capture.onLaneReady(lane, page, browser);
      ready++;
      emit('launch', ready / (lanes + 1), `the ${lane.id} browser is ready`);
    },
  }) as CaptureHooks;
}

/** What one recording carries from stage to stage. */
interface Take {
  o: RecordOptions;
  dir: string;
  m: Manifest;
  tools: FfmpegTools;
  controller: AbortController;
  capture: RunCapture;
  live: LiveComposer | null;
  emit: (stage: SliceStage, f: number, message: string) => void;
  /** The last progress passed on: where a failure in compose was. */
  last(): Progress | undefined;
  stage: SliceStage;
  /** A lane's recording ended while the scenes played: the run stops with this. */
  failure?: UserError;
  captureError?: unknown;
}

/** Plays the scenario with every lane captured, then composes the master, sidecars and clips. */
export async function recordDemo(o: RecordOptions): Promise<RecordResult> {
  const progress = progressFilter(o.onProgress);
  const tools: FfmpegTools = resolveFfmpegTools(o.ffmpegPath ? { ffmpegPath: o.ffmpegPath } : {});
  const version = await ffmpegVersion(tools);
  // Before the run folder exists: a capture that cannot work here leaves nothing behind.
  const methods = await chooseCapture(o.captureMethod ?? 'auto', { headless: o.headless ?? true, tools });
  // Runs an earlier process left "recording" when it was killed say so from now on.
  await markInterrupted(o.dataDir, o.profile).catch(() => undefined);
  const { dir, runId } = await createRunFolder(o.dataDir, o.profile);
  const m = newManifest(o, runId, version);
  await writeManifest(dir, m);
  await reserveSpace(dir);

  const controller = new AbortController();
  const onAbort = () => controller.abort(o.signal?.reason);
  if (o.signal?.aborted) controller.abort(o.signal.reason);
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const t: Take = {
    o,
    dir,
    m,
    tools,
    controller,
    capture: new RunCapture({ dir, tools, methods, onError: (e) => (t.captureError ??= e), onLaneLost: (laneId, e) => laneLost(t, laneId, e) }),
    live: null,
    ...progress,
    stage: 'launch',
  };
  // Found before recording, so segments composed while recording draw their overlay as the final composition will.
  if (o.liveCompose !== false) t.live = new LiveComposer({ tools, dir, manifest: m, capture: t.capture, drawMatrix: await assDrawMatrix(tools) });
  t.live?.start();
  t.emit('launch', 0, 'starting the browsers');
  try {
    await playScenes(t);
    t.stage = 'compose';
    return await composeTake(t);
  } catch (e) {
    throw await stoppedTake(t, e);
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await releaseSpace(dir);
  }
}

/** Passes on progress a person would notice: ffmpeg reports many times a second. */
function progressFilter(listener: ProgressListener | undefined): Pick<Take, 'emit' | 'last'> {
  let last: Progress | undefined;
  return {
    emit: (stage, f, message) => {
      const p: Progress = { stage, fraction: overallFraction(stage, f), message };
      if (last && last.stage === p.stage && last.message === p.message && p.fraction - last.fraction < 0.01 && p.fraction < 1) return;
      last = p;
      listener?.(p);
    },
    last: () => last,
  };
}

/** A new run's manifest, before anything is recorded. */
function newManifest(o: RecordOptions, runId: string, version: string): Manifest {
  const now = new Date();
  return {
    manifestVersion: 1,
    runId,
    profile: o.profile,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    status: 'recording',
    error: null,
    owner: { pid: process.pid, host: os.hostname() },
    scenario: { hash: o.info.scenarioHash, title: o.info.scenarioTitle ?? '' },
    title: {
      appName: o.info.title.appName,
      gateway: o.info.title.gateway,
      date: o.info.title.date ?? now.toISOString().slice(0, 10),
      permissions: o.info.title.permissions,
    },
    permissions: o.info.permissions ?? [],
    ...(o.info.hosts ? { hosts: o.info.hosts } : {}),
    canvas: o.canvas === 1440 ? { width: 1440, height: 810 } : { width: 1920, height: 1080 },
    titleSec: 3,
    lanes: [],
    popups: [],
    timeline: [],
    encoder: DEFAULT_ENCODER,
    ffmpeg: { version },
    video: null,
    chapters: [],
    waits: o.waits ?? 'assisted',
    files: { demo: null, captions: null, chapters: null, clips: {}, steps: [], overlay: null },
    timings: {},
  };
}

/**
 * A lane whose recording ends while the scenes play (a full disk, its encoder killed) stops
 * the run at once: playing on would record nothing of it (a full disk once held the run for good).
 */
function laneLost(t: Take, laneId: string, e: unknown): void {
  if (t.failure || t.controller.signal.aborted) return;
  t.captureError ??= e;
  const where = cancelledAt(t.stage, t.m);
  t.failure = isDiskFull(e)
    ? diskFullError({ where, what: `the "${laneId}" lane's recording could not be written`, folder: t.o.dataDir, runDir: t.dir, cause: e })
    : laneEndedError([laneId], ` (${where})`, e);
  t.controller.abort(t.failure);
}

/** A lane whose capture ended before the scenario did: the take is not finished (`where` as " (during …)", or ""). */
function laneEndedError(laneIds: string[], where: string, cause: unknown): UserError {
  const why = cause instanceof Error ? cause.message : cause === undefined ? '' : String(cause);
  return new UserError(
    'external',
    `the recording of the ${laneIds.map((id) => `"${id}"`).join(' and ')} lane ended before the scenario did${where}${why ? `: ${why}` : ''}`,
    {
      hint: 'something stopped its capture (a killed ffmpeg, a full disk: see dmesg and df); record again. What was recorded is kept in the run folder',
      cause,
    },
  );
}

/** Plays the scenario while every lane is captured, then finishes the lane files; throws unless every lane was recorded to the end. */
async function playScenes(t: Take): Promise<void> {
  const { o, m, capture, live } = t;
  const started = Date.now();
  const result = await o.driver({
    hooks: launchProgress(capture, o.info.laneCount ?? 2, t.emit),
    dir: t.dir,
    signal: t.controller.signal,
    headless: o.headless ?? true,
    canvas: m.canvas.width as CanvasWidth,
    onEvent: (e) => {
      m.timeline.push(e);
      o.onEvent?.(e);
      if (e.type === 'step-started') {
        t.stage = 'steps';
        const total = o.info.stepCount ?? 0;
        t.emit('steps', total ? e.index / total : 0, e.caption || e.stepId);
      }
    },
  });
  // Where the play ended: a run cancelled or failed before its first step is still launching.
  const playedTo: SliceStage = t.stage;
  if (t.failure) throw t.failure;
  t.stage = 'capture';
  // A run that failed or was cancelled stays at its scenes: it finishes no recording.
  const aborted = result.status === 'cancelled' || t.controller.signal.aborted;
  if (!aborted && result.status !== 'failed') t.emit('capture', 0, 'finishing the lane recordings');
  await live?.stop();
  if (live) m.timings.segmentsWhileRecording = live.composed;
  await capture.beforeClose(); // no-op when the driver already called it
  await capture.dispose(); // the driver has closed its browsers
  m.timings.scenarioMs = Date.now() - started;
  if (result.warmup) {
    m.timings.warmupMs = Math.round(result.warmup.totalMs);
    m.timings.warmupSteady = result.warmup.steady ? 1 : 0;
  }
  // What the files say completes their records; each method places its own pictures on the run clock.
  ({ lanes: m.lanes, popups: m.popups } = await capture.finishedRecords({ keepProvisional: !!live?.composed }));
  await writeManifest(t.dir, m);
  if (aborted || result.status === 'failed') t.stage = playedTo;
  // The person's Stop on a step handed to them keeps its own words (which step, as they asked).
  if (aborted) throw isUserError(result.error) && result.error.calm ? result.error : new UserError('cancelled', 'the recording was cancelled');
  if (result.status === 'failed') {
    const err = result.error;
    throw isUserError(err)
      ? err
      : new UserError('external', `the scenario failed: ${err instanceof Error ? err.message : String(err)}`, {
          hint: 'see the step error above; the lane recordings are kept in the run folder',
          cause: err,
        });
  }
  const why = t.captureError instanceof Error ? t.captureError.message : undefined;
  const none = !m.lanes.some((l) => l.capture);
  const lost = m.lanes.filter((l) => !l.capture);
  // A disk that filled while the lanes were written is said as such, whether a lane's writer
  // failed during the scenes or only as the lanes were finished.
  if ((none || lost.length) && isDiskFull(t.captureError))
    throw diskFullError({
      where: cancelledAt('capture', m),
      what: none ? "no lane's recording could be written" : `the ${lost.map((l) => `"${l.id}"`).join(' and ')} lane's recording could not be written`,
      folder: t.o.dataDir,
      runDir: t.dir,
      cause: t.captureError,
    });
  if (none) throw new UserError('external', 'no lane was recorded', { hint: why ?? 'the runner reported no lane', cause: t.captureError });
  // A lane whose capture ended mid-run would leave a video of the other lane under captions
  // describing this one: the take is not finished.
  if (lost.length)
    throw laneEndedError(
      lost.map((l) => l.id),
      '',
      t.captureError,
    );
}

/** Composes the recorded lanes into the video, its sidecars and clips, and checks its pictures. */
async function composeTake(t: Take): Promise<RecordResult> {
  const { o, dir, emit } = t;
  const composed = await composeRun(dir, {
    tools: t.tools,
    ...(o.canvas ? { canvas: o.canvas } : {}),
    signal: t.controller.signal,
    skipStepPictures: o.skipStepPictures ?? false,
    onProgress: (s, f, msg) => {
      if (s === 'compose') emit('compose', f / 0.7, msg);
      else if (s === 'clips') emit('clips', (f - 0.7) / 0.25, msg);
      else emit('pictures', (f - 0.95) / 0.05, msg);
    },
  });
  const frames = await checkFrames(t.tools, dir, composed, t.controller.signal, emit);
  const abs = (p: string | null) => (p ? path.join(dir, p) : '');
  return {
    dir,
    manifest: composed,
    frames,
    files: {
      demo: abs(composed.files.demo),
      captions: abs(composed.files.captions),
      chapters: abs(composed.files.chapters),
      manifest: path.join(dir, 'manifest.json'),
      clips: Object.fromEntries(Object.entries(composed.files.clips).map(([k, v]) => [k, abs(v)])),
      steps: composed.files.steps.map(abs),
    },
  };
}

/**
 * A take that stopped (cancelled, failed, a lane lost, a full disk): everything ends, the run
 * folder is marked with where it stopped, and the error to throw says so in the stages' words.
 */
async function stoppedTake(t: Take, e: unknown): Promise<unknown> {
  const { m, dir, capture } = t;
  await t.live?.cancel();
  await capture.abort();
  await capture.dispose();
  const cancelled = !t.failure && (t.controller.signal.aborted || (isUserError(e) && e.kind === 'cancelled'));
  // A cancel says where it stopped (Ctrl-C, SIGTERM or the app's Cancel at any stage): the
  // message once read "the recording was cancelled" whatever had been done.
  const where = cancelledAt(t.stage === 'compose' ? (t.last()?.stage ?? 'compose') : t.stage, m);
  if (t.stage !== 'compose') {
    m.lanes = m.lanes.length ? m.lanes : capture.laneRecords();
    m.popups = m.popups.length ? m.popups : capture.popupRecords();
    const err = cancelled
      ? isUserError(e) && e.calm
        ? personStopped(e, dir, m)
        : new UserError('cancelled', `the recording was cancelled ${where}`, { cause: e })
      : isDiskFull(e) && !(isUserError(e) && /^the disk is full/.test(e.message))
        ? diskFullError({ where: cancelledAt(t.stage, m), what: e instanceof Error ? e.message : String(e), folder: t.o.dataDir, runDir: dir, cause: e })
        : e;
    await markStopped(dir, m, t.stage, err);
    return err;
  }
  // composeRun already marked the folder, naming what it was doing; the run's own words (the
  // stage, as the CLI and the app say it) go in front, so the recording's view says the same.
  const said = e instanceof Error ? e.message : String(e);
  const err = cancelled
    ? new UserError('cancelled', `the recording was cancelled ${where}: ${said}`, { cause: e })
    : isDiskFull(e)
      ? diskFullError({
          where: where.replace(/^during compose$/, 'while composing the video'),
          // composeRun's own words may say "the disk is full" already: said once.
          what: `a file of the video could not be written (${said.replace(/^the disk is full: /, '')})`,
          folder: t.o.dataDir,
          runDir: dir,
          cause: e,
        })
      : null;
  if (!err) return e;
  await restateError(dir, err);
  return err;
}

/** The person's Stop on a step handed to them, as the recording says it: calm, and how to learn what they did by hand before it. */
function personStopped(e: UserError, dir: string, m: Manifest): UserError {
  const learnt = m.timeline.filter((x) => x.type === 'assist-ended' && x.target).length;
  return new UserError('cancelled', `${e.message}; nothing was composed`, {
    cause: e,
    calm: true,
    ...(e.appMessage ? { appMessage: e.appMessage } : {}),
    ...(learnt
      ? {
          hint: `you did ${learnt} step${learnt === 1 ? '' : 's'} by hand before it; to learn them: review-assistant scenario suggest ${JSON.stringify(dir)} --out FILE`,
        }
      : {}),
  });
}

/** Puts `err`'s message and hint in the run folder's manifest, whose error composeRun wrote (its stage kept). */
async function restateError(dir: string, err: UserError): Promise<void> {
  try {
    const m = await readManifest(dir);
    if (!m.error) return;
    m.error = { ...m.error, message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
    await writeManifest(dir, m);
  } catch {
    // the manifest says what composeRun wrote: less clear, still true
  }
}

/** Where a cancelled recording stopped, in the words of the stages the CLI and the app show. */
function cancelledAt(stage: string, m: Manifest): string {
  switch (stage) {
    case 'start':
    case 'launch':
      return 'during launch, before the first step';
    case 'steps': {
      const started = m.timeline.filter((e) => e.type === 'step-started');
      const lastStep = started.at(-1);
      return lastStep && lastStep.type === 'step-started' ? `during the scenes, at step ${lastStep.index + 1} (${lastStep.stepId})` : 'during the scenes';
    }
    case 'capture':
      return 'while finishing the lane recordings';
    case 'compose':
      return 'during compose';
    case 'clips':
      return 'while cutting the clips';
    case 'pictures':
      return 'while saving the step pictures';
    case 'check':
      return "while checking the video's pictures";
    default:
      return `during ${stage}`;
  }
}

/**
 * Reads the finished video's pictures (inspect/inspect-video.ts) and stores what it found in
 * the manifest. A check that cannot run leaves the recording as it is (the checks run it
 * again); a cancel is passed on.
 */
async function checkFrames(
  tools: FfmpegTools,
  dir: string,
  m: Manifest,
  signal: AbortSignal,
  emit: (stage: 'check', f: number, message: string) => void,
): Promise<FrameCheck | null> {
  const message = "checking the video's pictures";
  emit('check', 0, message);
  let frames: FrameCheck;
  try {
    frames = await inspectRun(dir, m, { tools, signal, onProgress: (f) => emit('check', f * 0.99, message) });
  } catch (e) {
    if (signal.aborted || (isUserError(e) && e.kind === 'cancelled')) throw e;
    emit('check', 1, `the video's pictures could not be checked (${e instanceof Error ? e.message : String(e)}); "review-assistant check" tries again`);
    return null;
  }
  m.frames = frames;
  m.timings.framesMs = frames.elapsedMs;
  await writeManifest(dir, m);
  const first = frames.findings[0];
  emit(
    'check',
    1,
    first
      ? `the take is broken: ${first.message}${frames.findings.length > 1 ? ` (and ${frames.findings.length - 1} more)` : ''}`
      : "the video's pictures look right",
  );
  return frames;
}

export interface RecordProfileOptions {
  profile: Profile;
  dataDir: string;
  /** Play against the built-in sandbox (seeded from the profile; implied for the sample) instead of the real hosts. */
  sandbox?: boolean;
  /** Sandbox only: the Webitel release it draws (default 26.06). */
  webitelRelease?: WebitelRelease;
  /** Older alias of webitelRelease: domain-first = 26.04. */
  loginForm?: LoginForm;
  /** Sandbox only: the Facebook consent a first-time or a returning Page admin meets. */
  facebookConsent?: PrepareRunOptions['facebookConsent'];
  /** Sandbox only: Facebook's cookie banner meets each fresh browser. */
  cookieBanner?: boolean;
  headless?: boolean;
  /** The scenario to play: an object (the UI's per-submission scenario) or a file; default: the built-in one. */
  scenario?: Scenario;
  scenarioFile?: string;
  canvas?: CanvasWidth;
  /** 'auto' or a registered method's id (capture/choose.ts). */
  captureMethod?: string;
  ffmpegPath?: string;
  browserPath?: string;
  /** How long a caption stays up at least, so a reviewer can read it (the runner waits after quick steps). */
  minCaptionMs?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  onEvent?: (e: TimelineEvent) => void;
  onManual?: RunOptions['onManual'];
  /** A step handed to the person (visible windows only): the prompt, outside the recorded picture. */
  handOver?: Pick<RunOptions, 'onHandOver' | 'onHandOverEnd'>;
  /** Lets a caller add its own hooks (the UI's live lane previews) around the capture's. */
  wrapHooks?: (capture: RunnerHooks) => RunnerHooks;
  /** Told the run folder as soon as it exists (the UI links a failed run's evidence). */
  onRunFolder?: (dir: string) => void;
  skipStepPictures?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Which waits the video shortens (default `assisted`). */
  waits?: WaitsMode;
}

/** Reading speed for captions: ~2 s is the shortest a one-line caption can be read in. */
export const DEFAULT_MIN_CAPTION_MS = 2000;

/** The product's recording: the profile's scenario played by the runner, captured and composed; the only one of its data folder meanwhile. */
export async function recordProfile(o: RecordProfileOptions): Promise<RecordResult> {
  return oneAtATime(o.dataDir, `recording "${o.profile.name}"`, () => recordProfileAlone(o));
}

async function recordProfileAlone(o: RecordProfileOptions): Promise<RecordResult> {
  // The same preparation as `review-assistant run`: the sandbox seeded from the profile and its logins typed.
  const prep = await prepareRun({
    profile: o.profile,
    ...(o.sandbox ? { sandbox: true } : {}),
    ...(o.scenarioFile ? { scenarioFile: o.scenarioFile } : {}),
    ...(o.loginForm ? { loginForm: o.loginForm } : {}),
    ...facebookSandboxOptions(o),
    ...(o.webitelRelease ? { webitelRelease: o.webitelRelease } : {}),
  });
  const scenario = o.scenario ?? prep.scenario;
  const sb = prep.sandbox;
  try {
    const context = prep.context;
    const scenePermissions: string[] = [...new Set(scenario.scenes.flatMap((s) => s.permissions as string[]))];
    const requested = o.profile.permissions.map((p) => p.id as string);
    const driver: ScenarioDriver = async ({ hooks, dir, onEvent, signal, headless, canvas }) => {
      o.onRunFolder?.(dir);
      try {
        const run = await runScenario({
          scenario,
          context,
          headless,
          signal,
          onEvent,
          hooks: o.wrapHooks ? o.wrapHooks(hooks) : hooks,
          evidenceDir: dir,
          videoCanvas: canvas,
          browserProfilesDir: path.join(o.dataDir, 'browser-profiles', o.profile.name),
          minCaptionMs: o.minCaptionMs ?? DEFAULT_MIN_CAPTION_MS,
          ...(o.browserPath ? { browserPath: o.browserPath } : {}),
          ...(o.onManual ? { onManual: o.onManual } : {}),
          ...o.handOver,
          ...(o.env ? { env: o.env } : {}),
        });
        return { status: 'passed', ...(run.warmup ? { warmup: run.warmup } : {}) };
      } catch (e) {
        return { status: signal.aborted || (isUserError(e) && e.kind === 'cancelled') ? 'cancelled' : 'failed', error: e };
      }
    };
    return await recordDemo({
      profile: o.profile.name,
      dataDir: o.dataDir,
      driver,
      info: {
        scenarioHash: scenarioHash(scenario),
        scenarioTitle: scenario.title,
        stepCount: scenario.steps.length,
        laneCount: scenario.lanes.length,
        title: {
          appName: o.profile.metaApp.name || o.profile.title || o.profile.name,
          gateway: [o.profile.gateway.name, sb ? `${sb.origins.webitel} (demo sandbox)` : o.profile.webitel.host].filter(Boolean).join(' · '),
          permissions: requested.length ? requested : scenePermissions,
        },
        permissions: requested.filter((p) => scenePermissions.includes(p)),
        hosts: sb ? 'sandbox' : 'real',
      },
      headless: o.headless ?? false,
      ...(o.canvas ? { canvas: o.canvas } : {}),
      ...(o.captureMethod ? { captureMethod: o.captureMethod } : {}),
      ...(o.ffmpegPath ? { ffmpegPath: o.ffmpegPath } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      ...(o.onEvent ? { onEvent: o.onEvent } : {}),
      ...(o.skipStepPictures ? { skipStepPictures: true } : {}),
      ...(o.waits ? { waits: o.waits } : {}),
    });
  } finally {
    await prep.close();
  }
}
