// Starts every ffmpeg and ffprobe process of the app, with one policy for errors, stderr, stalls, time limits and cancels.
import type { ChildProcess, StdioOptions } from 'node:child_process';
import os from 'node:os';
import type { Stream } from 'node:stream';
import ffmpeg from 'fluent-ffmpeg';
import { FREE_SPACE_AND_COMPOSE } from '../common/disk-full';
import { UserError } from '../common/errors';
import { reapOnDeath } from '../common/reaper';
import type { FfmpegTools } from './tools';

/** An ffmpeg failure with the last lines it printed (the run folder keeps them as evidence). */
export class FfmpegRunError extends UserError {
  readonly stderrTail: string[];
  /** How the process ended: its exit code, or the signal that ended it. */
  readonly exit: { code: number | null; signal: NodeJS.Signals | null };
  constructor(base: UserError, tail: string[], exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null }) {
    super(base.kind, base.message, { ...(base.hint ? { hint: base.hint } : {}), cause: base.cause });
    this.stderrTail = tail;
    this.exit = exit;
  }
}

/** How long ffmpeg may stay silent on stderr, when a caller watches for stalls, before it is taken for stuck. */
export const STALL_MS = 60_000;

export interface MediaRun {
  tools: FfmpegTools;
  /** ffmpeg unless said. */
  binary?: 'ffmpeg' | 'ffprobe';
  args: string[];
  /** What the process does, for messages ("composing the video (0:00–0:10)"). */
  what: string;
  /** 'pipe' to write to it (`proc.stdin`). */
  stdin?: 'ignore' | 'pipe';
  /** 'pipe': the caller reads `proc.stdout`; 'collect': `done` resolves with it; a stream: ffmpeg writes straight into it. */
  stdout?: 'ignore' | 'pipe' | 'collect' | Stream;
  /** Pipes from fd 3 on (`pipe:3`…, the composer's lane readers). */
  extraPipes?: number;
  env?: NodeJS.ProcessEnv;
  /** Cancels: ffmpeg is killed and `done` rejects as cancelled. */
  signal?: AbortSignal;
  /** Killed when it has printed nothing for this long (ffmpeg reports several times a second while it works). */
  stallMs?: number;
  /** Killed when it runs longer than this (probes). */
  timeoutMs?: number;
  /** Raised niceness: work beside a recording gives way to the browsers. */
  niceness?: number;
  /** Every chunk of stderr as printed (progress, showinfo times, the grab's start time). */
  onStderr?: (text: string) => void;
  /** The hint of a failure; default: where to look and how to re-run the compose. */
  hint?: string;
}

export interface MediaExit {
  /** Empty unless stdout was 'collect'. */
  stdout: Buffer;
  /** Everything printed on stderr (probes and short runs: the answer is often there). */
  stderr: string;
}

export interface MediaProcess {
  proc: ChildProcess;
  /** Resolves when the process exits cleanly; rejects with the policy's error otherwise. Never left unhandled. */
  done: Promise<MediaExit>;
  /** The last lines printed (fontconfig noise left out). */
  tail: string[];
  /** Whether the process has ended. */
  ended(): boolean;
  /** Kills it now and resolves once it has ended (never throws). */
  kill(): Promise<void>;
}

type Spawner = { _spawnFfmpeg(args: string[], options: object, processCB: (p: ChildProcess) => void, endCB: () => void): void };

/**
 * fluent-ffmpeg (the wrapper the product is asked to use) starts the process: its process
 * starter, beneath its `run()`, takes any arguments and spawn options, which `run()` cannot
 * pass (an environment for the X screen, pipes beyond stdout, ffprobe's raw arguments). Its
 * path setting is global and read synchronously, so setting it just before the start is safe.
 */
function spawnThroughFluent(binary: string, args: string[], options: object): ChildProcess {
  const cmd = ffmpeg({ stdoutLines: 1 }).setFfmpegPath(binary) as unknown as Spawner;
  let proc: ChildProcess | undefined;
  const ignore = () => undefined;
  cmd._spawnFfmpeg([...args], options, (p) => (proc = p), ignore);
  if (!proc) throw new UserError('external', `fluent-ffmpeg did not start ${binary} at once`);
  return proc;
}

/** Keeps the last 40 lines (the static build's fontconfig warnings about the system's newer config left out). */
function keepTail(tail: string[], chunk: string): void {
  for (const line of chunk.split(/[\r\n]+/)) {
    if (!line.trim() || line.startsWith('Fontconfig warning')) continue;
    tail.push(line);
    if (tail.length > 40) tail.shift();
  }
}

/** The error of a failed run: its last words, and a hint that names a full disk. */
export function mediaError(what: string, tail: string[], cause: unknown, hint?: string): UserError {
  const last = tail.filter((l) => l.trim()).slice(-3);
  const full = /No space left on device/i.test(tail.join('\n'));
  return new UserError('external', `${what} failed${last.length ? `: ${last.join(' | ')}` : ''}`, {
    hint: full
      ? `the disk is full: ${FREE_SPACE_AND_COMPOSE}`
      : (hint ?? 'see the ffmpeg output above; "review-assistant compose RUN_FOLDER" re-runs this step from the recorded lanes'),
    cause,
  });
}

/** Starts one ffmpeg or ffprobe: the only way the app runs either. */
export function startMedia(o: MediaRun): MediaProcess {
  const binary = o.binary === 'ffprobe' ? o.tools.ffprobe : o.tools.ffmpeg;
  const out = o.stdout ?? 'ignore';
  const stdio: StdioOptions = [
    o.stdin ?? 'ignore',
    out === 'collect' ? 'pipe' : out,
    'pipe',
    ...Array.from({ length: o.extraPipes ?? 0 }, () => 'pipe' as const),
  ];
  const tail: string[] = [];
  let stderr = '';
  const chunks: Buffer[] = [];
  let why: 'cancelled' | 'stalled' | 'timeout' | null = null;
  const proc = spawnThroughFluent(binary, o.args, { stdio, windowsHide: true, ...(o.env ? { env: o.env } : {}) });
  reapOnDeath(proc);
  try {
    if (o.niceness && proc.pid) os.setPriority(proc.pid, o.niceness);
  } catch {
    // A lower priority is not allowed here: it just competes normally.
  }
  const ended = () => proc.exitCode !== null || proc.signalCode !== null;
  const killFor = (reason: typeof why) => {
    why ??= reason;
    if (!ended()) proc.kill('SIGKILL');
  };
  let lastOutput = Date.now();
  proc.stderr?.on('data', (d: string | Buffer) => {
    const text = String(d);
    lastOutput = Date.now();
    if (stderr.length < 1 << 20) stderr += text;
    keepTail(tail, text);
    o.onStderr?.(text);
  });
  if (out === 'collect') proc.stdout?.on('data', (c: Buffer) => chunks.push(c));
  proc.stdin?.on('error', () => undefined);
  const watchdog = o.stallMs
    ? setInterval(
        () => {
          if (Date.now() - lastOutput >= o.stallMs!) killFor('stalled');
        },
        Math.min(1000, o.stallMs),
      ).unref()
    : undefined;
  const timer = o.timeoutMs ? setTimeout(() => killFor('timeout'), o.timeoutMs).unref() : undefined;
  const onAbort = () => killFor('cancelled');
  if (o.signal?.aborted) onAbort();
  else o.signal?.addEventListener('abort', onAbort, { once: true });

  const done = new Promise<MediaExit>((resolve, reject) => {
    let spawnError: Error | null = null;
    proc.on('error', (e) => (spawnError ??= e));
    // 'close', not 'exit': the last words on stderr decide what the failure says.
    proc.on('close', (code, sig) => {
      clearInterval(watchdog);
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      const exit = { code, signal: sig };
      const fail = (e: UserError, t = tail) => reject(new FfmpegRunError(e, t, exit));
      if (why === 'cancelled') return reject(new UserError('cancelled', `${o.what} was cancelled`));
      if (why === 'stalled') {
        const hint = "this is a bug in the composer; the lane recordings are kept: send the run folder's manifest.json to support";
        return fail(new UserError('external', `${o.what} stopped making progress and was stopped`, { hint }));
      }
      if (why === 'timeout') return fail(new UserError('external', `${o.what} took longer than ${Math.round(o.timeoutMs! / 1000)} s and was stopped`));
      if (spawnError) return fail(new UserError('external', `${o.what} could not start: ${spawnError.message}`, { cause: spawnError }), [spawnError.message]);
      if (code === 0) return resolve({ stdout: Buffer.concat(chunks), stderr });
      const t = tail.length ? tail : [sig ? `${o.binary ?? 'ffmpeg'} was killed (${sig})` : `${o.binary ?? 'ffmpeg'} exited with code ${code}`];
      fail(mediaError(o.what, t, new Error(`exit ${sig ?? code}`), o.hint), t);
    });
  });
  done.catch(() => undefined);
  return {
    proc,
    done,
    tail,
    ended,
    async kill() {
      if (!ended()) proc.kill('SIGKILL');
      await done.catch(() => undefined);
    },
  };
}

/** Runs ffmpeg (or ffprobe) to its end; resolves with what it printed. */
export async function runMedia(o: MediaRun): Promise<MediaExit> {
  return startMedia(o).done;
}

/** Runs ffmpeg with plain arguments (frame grabs, posters, analysis); resolves with what it printed on stderr. */
export async function runArgs(tools: FfmpegTools, args: string[], signal?: AbortSignal, what = 'ffmpeg'): Promise<string> {
  return (await runMedia({ tools, args, what, signal })).stderr;
}

/** Seconds from an ffmpeg `HH:MM:SS.xx` timemark. */
export function parseTimemark(mark: string): number {
  const m = /^(-?\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(mark.trim());
  if (!m) return 0;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}
