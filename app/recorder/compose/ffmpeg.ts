import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { PassThrough, type Writable } from 'node:stream';
import ffmpeg from 'fluent-ffmpeg';
import { UserError } from '../../common/errors';
import { reapOnDeath } from '../../common/reaper';
import { unpackedPath } from '../../common/unpacked-path';
import type { FfmpegInput, FfmpegPlan } from './filter-graph';

/**
 * The one module that runs ffmpeg (through fluent-ffmpeg, which is archived upstream:
 * keep it contained here so it can be swapped). Everything it runs is built elsewhere by
 * pure functions.
 */
const require = createRequire(import.meta.url);

export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
}

function bundled(pkg: string): string | undefined {
  try {
    return unpackedPath((require(pkg) as { path: string }).path);
  } catch {
    return undefined;
  }
}

/** ffmpeg from the option, REVIEW_ASSISTANT_FFMPEG, or the bundled @ffmpeg-installer binary (same for ffprobe). */
export function resolveFfmpegTools(opts: { ffmpegPath?: string | undefined; ffprobePath?: string | undefined; env?: NodeJS.ProcessEnv } = {}): FfmpegTools {
  const env = opts.env ?? process.env;
  const ff = opts.ffmpegPath ?? env.REVIEW_ASSISTANT_FFMPEG ?? bundled('@ffmpeg-installer/ffmpeg');
  const fp = opts.ffprobePath ?? env.REVIEW_ASSISTANT_FFPROBE ?? bundled('@ffprobe-installer/ffprobe');
  const check = (p: string | undefined, what: string, envName: string): string => {
    try {
      if (!p) throw new Error('none');
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      throw new UserError('external', `${what} was not found${p ? ` at ${p}` : ''}`, {
        hint: `reinstall the app's dependencies (npm install), or point ${envName} at a working ${what} binary`,
      });
    }
  };
  return { ffmpeg: check(ff, 'ffmpeg', 'REVIEW_ASSISTANT_FFMPEG'), ffprobe: check(fp, 'ffprobe', 'REVIEW_ASSISTANT_FFPROBE') };
}

function execText(file: string, args: string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 64 * 1024 * 1024, ...(signal ? { signal } : {}) }, (err, stdout, stderr) => {
      if (err) reject(new UserError('external', `${file} failed: ${String(stderr).trim().split('\n').slice(-3).join(' ') || err.message}`, { cause: err }));
      else resolve(String(stdout));
    });
  });
}

/**
 * A probe of what an ffmpeg binary can do, run once per binary (the user may point at another
 * ffmpeg): the answer is kept, as a promise, by the binary's path.
 */
export function oncePerBinary<T>(probe: (ffmpeg: string) => Promise<T>): (tools: Pick<FfmpegTools, 'ffmpeg'>) => Promise<T> {
  const answers = new Map<string, Promise<T>>();
  return (tools) => {
    let answer = answers.get(tools.ffmpeg);
    if (!answer) {
      answer = probe(tools.ffmpeg);
      answers.set(tools.ffmpeg, answer);
    }
    return answer;
  };
}

export async function ffmpegVersion(tools: FfmpegTools): Promise<string> {
  const out = await execText(tools.ffmpeg, ['-hide_banner', '-version']);
  return out.split('\n')[0]?.trim() ?? 'unknown';
}

export interface ProbeStream {
  codec_name?: string;
  codec_type?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  nb_frames?: string;
  nb_read_frames?: string;
  nb_read_packets?: string;
  pix_fmt?: string;
  /** `pc` (full range) or `tv`, when the file says. */
  color_range?: string;
  /** The YUV matrix (`bt709`, `smpte170m`…), when the file says. */
  color_space?: string;
  duration?: string;
}
export interface ProbeResult {
  streams: ProbeStream[];
  format: { duration?: string; size?: string; format_name?: string; bit_rate?: string };
}

/**
 * `countPackets`: `nb_read_packets` per stream, read from the container without decoding (a
 * video file here holds one frame per packet; `-count_frames` decoded a minute of AV1 lane
 * for 1.5 s, in the way of the finished video). `countFrames`: `nb_read_frames`, decoded.
 */
export async function probe(tools: FfmpegTools, file: string, opts: { countPackets?: boolean; countFrames?: boolean } = {}): Promise<ProbeResult> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams'];
  if (opts.countPackets) args.push('-count_packets');
  if (opts.countFrames) args.push('-count_frames');
  const out = await execText(tools.ffprobe, [...args, file]);
  return JSON.parse(out) as ProbeResult;
}

/** Runs ffmpeg with plain arguments (frame grabs, analysis); returns stderr. */
export function runArgs(tools: FfmpegTools, args: string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tools.ffmpeg, args, { maxBuffer: 64 * 1024 * 1024, ...(signal ? { signal } : {}) }, (err, _stdout, stderr) => {
      if (err) reject(ffmpegError('ffmpeg', tailLines(String(stderr)), err));
      else resolve(String(stderr));
    });
  });
}

const tailLines = (s: string, n = 12) => s.trim().split('\n').slice(-n);

/**
 * ffmpeg's arguments to decode `crop` of a file's frames with times in [fromSec, toSec), as raw
 * grey (one byte a pixel) or RGB (three) on stdout, each frame's time (file seconds) printed by
 * showinfo. Seeks to the keyframe before `fromSec` (the lane files have one a second) and keeps
 * the file's own times (-copyts), so a picture's time is its place in the file whatever the seek did.
 */
export function regionFramesArgs(file: string, o: RegionWindow): string[] {
  const n = (v: number) => String(Number(v.toFixed(6)));
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'info',
    // One decoding thread: this runs beside the recording, and a few dozen pictures need no more (21 MB instead of 29).
    '-threads', '1', '-ss', n(Math.max(0, Math.floor(o.fromSec) - 1)), '-noaccurate_seek', '-copyts', '-i', file,
    '-an', '-vf', `trim=start=${n(o.fromSec)}:end=${n(o.toSec)},crop=${o.crop.w}:${o.crop.h}:${o.crop.x}:${o.crop.y},format=${o.pixels ?? 'gray'},showinfo`,
    '-vsync', '0', '-f', 'rawvideo', 'pipe:1',
  ];
}

export interface RegionWindow {
  fromSec: number;
  toSec: number;
  crop: { x: number; y: number; w: number; h: number };
  /** Default grey. */
  pixels?: 'gray' | 'rgb24';
}

/** The frame times (seconds) showinfo printed, in order. */
export function showinfoTimes(stderr: string): number[] {
  return [...stderr.matchAll(/\] n:\s*\d+ pts:\s*-?\d+ pts_time:(-?[\d.]+)/g)].map((m) => Number(m[1]));
}

/** Decodes a region of a file's frames in a time window (regionFramesArgs), with their times. */
export function decodeRegionFrames(tools: FfmpegTools, file: string, o: RegionWindow, signal?: AbortSignal): Promise<Array<{ sec: number; pixels: Uint8Array }>> {
  return new Promise((resolve, reject) => {
    execFile(tools.ffmpeg, regionFramesArgs(file, o), { encoding: 'buffer', maxBuffer: 1 << 28, ...(signal ? { signal } : {}) }, (err, stdout, stderr) => {
      if (err) return reject(ffmpegError('reading the lane\'s pictures', tailLines(stderr.toString()), err));
      const times = showinfoTimes(stderr.toString());
      const size = o.crop.w * o.crop.h * (o.pixels === 'rgb24' ? 3 : 1);
      const count = Math.min(times.length, Math.floor(stdout.length / size));
      resolve(Array.from({ length: count }, (_, i) => ({ sec: times[i]!, pixels: new Uint8Array(stdout.buffer, stdout.byteOffset + i * size, size) })));
    });
  });
}

export interface SampleOptions {
  /** Pictures a second. */
  fps: number;
  /** The pictures' size (area-averaged down from the file's). */
  width: number;
  height: number;
}

/**
 * ffmpeg's arguments to decode a whole file into a few small pictures a second, raw RGB on
 * stdout, each picture's time (file seconds) printed by showinfo: the frame check's view of a
 * composed video. Area scaling keeps a flat colour flat and averages a small text into a grey.
 */
export function sampledFramesArgs(file: string, o: SampleOptions): string[] {
  return [
    // One decoding thread: the 107 s sample video took 2.9 s of CPU so, 4.1 s with ffmpeg's default threads.
    '-hide_banner', '-nostdin', '-loglevel', 'info', '-threads', '1', '-i', file,
    '-an', '-vf', `fps=${o.fps},scale=${o.width}:${o.height}:flags=area,format=rgb24,showinfo`,
    '-vsync', '0', '-f', 'rawvideo', 'pipe:1',
  ];
}

/**
 * Decodes a file's pictures as sampledFramesArgs describes and hands them over one at a time,
 * in order, with their times (a whole video's pictures would not fit in memory at once). A
 * picture whose time ffmpeg never printed gets its place on the sampling grid. Resolves with
 * the number of pictures.
 */
export function streamSampledFrames(tools: FfmpegTools, file: string, o: SampleOptions, onPicture: (sec: number, rgb: Uint8Array) => void, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new UserError('cancelled', 'reading the video was cancelled'));
    const size = o.width * o.height * 3;
    const proc = spawn(tools.ffmpeg, sampledFramesArgs(file, o), { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const tail: string[] = [];
    let stderrText = '';
    const times: number[] = [];
    const waiting: Uint8Array[] = [];
    let delivered = 0;
    let buf = Buffer.alloc(size);
    let filled = 0;
    let failure: unknown = null;
    const deliver = (flush: boolean) => {
      while (waiting.length && (delivered < times.length || flush)) {
        const pic = waiting.shift()!;
        const sec = times[delivered] ?? delivered / o.fps;
        delivered++;
        try {
          onPicture(sec, pic);
        } catch (e) {
          failure ??= e;
          proc.kill('SIGKILL');
        }
      }
    };
    proc.stdout.on('data', (chunk: Buffer) => {
      let at = 0;
      while (at < chunk.length) {
        const n = Math.min(size - filled, chunk.length - at);
        chunk.copy(buf, filled, at, at + n);
        filled += n;
        at += n;
        if (filled === size) {
          waiting.push(new Uint8Array(buf.buffer, buf.byteOffset, size));
          buf = Buffer.alloc(size);
          filled = 0;
        }
      }
      deliver(false);
    });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (d: string) => {
      stderrText += d;
      const cut = stderrText.lastIndexOf('\n');
      if (cut >= 0) {
        const whole = stderrText.slice(0, cut + 1);
        stderrText = stderrText.slice(cut + 1);
        times.push(...showinfoTimes(whole));
        whole.split(/[\r\n]+/).forEach((line) => keepTail(tail, line));
        deliver(false);
      }
    });
    const onAbort = () => proc.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    proc.on('error', (e) => {
      signal?.removeEventListener('abort', onAbort);
      reject(new UserError('external', `reading the video's pictures failed: ${e.message}`, { cause: e }));
    });
    proc.on('close', (code, sig) => {
      signal?.removeEventListener('abort', onAbort);
      times.push(...showinfoTimes(stderrText));
      if (failure) return reject(failure);
      if (signal?.aborted) return reject(new UserError('cancelled', 'reading the video was cancelled'));
      if (code !== 0) return reject(ffmpegError(`reading the pictures of ${file}`, tail.length ? tail : [`ffmpeg exited with ${sig ?? `code ${code}`}`], null));
      deliver(true);
      if (failure) return reject(failure);
      resolve(delivered);
    });
  });
}

function ffmpegError(what: string, tail: string[], cause: unknown): UserError {
  const last = tail.filter((l) => l.trim()).slice(-3).join(' | ');
  const full = /No space left on device/i.test(tail.join('\n'));
  return new UserError('external', `${what} failed${last ? `: ${last}` : ''}`, {
    hint: full
      ? 'the disk is full: free some space (or choose another --data-dir) and run "review-assistant compose RUN_FOLDER" again'
      : 'see the ffmpeg output above; "review-assistant compose RUN_FOLDER" re-runs this step from the recorded lanes',
    cause,
  });
}

/** Seconds from an ffmpeg `HH:MM:SS.xx` timemark. */
export function parseTimemark(mark: string): number {
  const m = /^(-?\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(mark.trim());
  if (!m) return 0;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

export class FfmpegRunError extends UserError {
  readonly stderrTail: string[];
  constructor(base: UserError, tail: string[]) {
    super(base.kind, base.message, { ...(base.hint ? { hint: base.hint } : {}), cause: base.cause });
    this.stderrTail = tail;
  }
}

/** How long ffmpeg may stay silent before it is taken for stuck. */
export const STALL_MS = 60_000;

/** Keeps the last 40 lines ffmpeg printed (the static build's fontconfig warnings about the system's newer config left out). */
function keepTail(tail: string[], line: string): void {
  if (!line.trim() || line.startsWith('Fontconfig warning')) return;
  tail.push(line);
  if (tail.length > 40) tail.shift();
}

function stalledError(what: string, tail: string[], cause: unknown): FfmpegRunError {
  return new FfmpegRunError(new UserError('external', `${what} stopped making progress and was stopped`, { hint: 'this is a bug in the composer; the lane recordings are kept: send the run folder\'s manifest.json to support', cause }), tail);
}

export interface RunPlanOptions {
  cwd?: string;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  what?: string;
  stallMs?: number;
  lowPriority?: boolean;
}

type Spawned = Pick<ChildProcess, 'pid' | 'exitCode' | 'signalCode' | 'kill' | 'once'>;
const spawnedOf = (cmd: ffmpeg.FfmpegCommand) => (cmd as unknown as { ffmpegProc?: Spawned }).ffmpegProc;

/**
 * A kill for a fluent-ffmpeg command that also works before ffmpeg has spawned: fluent-ffmpeg
 * first checks the binary's capabilities, and its own kill() does nothing until the process
 * exists, so a capture or compose stopped in those first milliseconds left an ffmpeg running
 * (waiting forever on a pipe nobody writes to). A kill asked for early happens on 'start'.
 */
function killerOf(cmd: ffmpeg.FfmpegCommand): () => void {
  let asked = false;
  cmd.on('start', () => {
    reapOnDeath(spawnedOf(cmd));
    if (asked) spawnedOf(cmd)?.kill('SIGKILL');
  });
  return () => {
    asked = true;
    const p = spawnedOf(cmd);
    if (p && p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  };
}

/** Executes a plan into `output`; fraction of `plan.durationSec` is reported; abort kills ffmpeg. */
export function runPlan(tools: FfmpegTools, plan: FfmpegPlan, output: string, opts: RunPlanOptions = {}): Promise<void> {
  if (plan.inputs.some((i) => i.reader)) return runWithReaders(tools, plan, output, opts);
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    // ffmpeg reports on stderr several times a second; silence this long means it is stuck.
    let lastOutput = Date.now();
    let stalled = false;
    const watchdog = setInterval(() => {
      if (Date.now() - lastOutput < (opts.stallMs ?? STALL_MS)) return;
      stalled = true;
      kill();
    }, 1000);
    watchdog.unref();
    const cmd = ffmpeg({ ...(opts.cwd ? { cwd: opts.cwd } : {}), stdoutLines: 0 }).setFfmpegPath(tools.ffmpeg);
    const kill = killerOf(cmd);
    for (const i of plan.inputs) {
      cmd.input(i.path);
      if (i.options.length) cmd.inputOptions(i.options);
    }
    if (plan.filterComplex) cmd.complexFilter(plan.filterComplex, [plan.outLabel]);
    cmd
      .outputOptions([...plan.outputOptions, '-f', plan.format ?? 'mp4', '-y'])
      .output(output)
      .on('start', () => {
        // Work done while the browsers record must not take their CPU.
        if (opts.lowPriority) lowerPriority(spawnedOf(cmd)?.pid, BACKGROUND_NICENESS);
      })
      .on('stderr', (line: string) => {
        lastOutput = Date.now();
        keepTail(tail, line);
      })
      .on('progress', (p: { timemark?: string }) => {
        if (p.timemark && plan.durationSec > 0) opts.onProgress?.(Math.min(1, parseTimemark(p.timemark) / plan.durationSec));
      })
      .on('error', (err: Error) => {
        clearInterval(watchdog);
        opts.signal?.removeEventListener('abort', onAbort);
        // A half-written output is no evidence and may be what filled the disk.
        rmSync(output, { force: true });
        if (opts.signal?.aborted) reject(new UserError('cancelled', `${opts.what ?? 'ffmpeg'} was cancelled`, { cause: err }));
        else if (stalled) reject(stalledError(opts.what ?? 'ffmpeg', tail, err));
        else reject(new FfmpegRunError(ffmpegError(opts.what ?? 'ffmpeg', tail.length ? tail : [err.message], err), tail));
      })
      .on('end', () => {
        clearInterval(watchdog);
        opts.signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    const onAbort = () => kill();
    if (opts.signal?.aborted) {
      clearInterval(watchdog);
      reject(new UserError('cancelled', `${opts.what ?? 'ffmpeg'} was cancelled`));
      return;
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    cmd.run();
  });
}

/** The command line of a plan (inputs, graph, mapping, output options, then `output`). */
export function planArgs(plan: FfmpegPlan, output: string): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    ...plan.inputs.flatMap((i: FfmpegInput) => [...i.options, '-i', i.path]),
    ...(plan.filterComplex ? ['-filter_complex', plan.filterComplex, '-map', `[${plan.outLabel}]`] : []),
    ...plan.outputOptions,
    '-f',
    plan.format ?? 'mp4',
    '-y',
    output,
  ];
}

/**
 * Readers that stop because the composer has all it needs fail with a broken pipe: that is no
 * error. Node's stdio pipes are socket pairs, so writing into a closed one can also answer
 * "Connection reset by peer".
 */
const BROKEN_PIPE = /Broken pipe|EPIPE|Connection reset by peer|ECONNRESET/i;

/**
 * A plan whose lanes are decoded by reader processes, their raw pictures piped into the
 * composing ffmpeg as `pipe:3`, `pipe:4`, … (ffmpeg 4.1 decodes all inputs and runs the graph
 * on one thread: readers put the decoding on the other core; a 10 s segment of two animated
 * lanes went from 6.2 s to 4.6 s, the same CPU). fluent-ffmpeg hands a command at most one
 * input stream, so these processes are spawned here directly; like every ffmpeg run, only in
 * this module. The outcome is the composer's: a reader cut off once the composer has what it
 * needs is normal, any other reader failure fails the run.
 */
function runWithReaders(tools: FfmpegTools, plan: FfmpegPlan, output: string, opts: RunPlanOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const what = opts.what ?? 'ffmpeg';
    if (opts.signal?.aborted) return reject(new UserError('cancelled', `${what} was cancelled`));
    const readerPlans = plan.inputs.flatMap((i) => (i.reader ? [i.reader] : []));
    const tail: string[] = [];
    const readerTails: string[][] = readerPlans.map(() => []);
    const keep = (t: string[], chunk: string) => chunk.split(/[\r\n]+/).forEach((line) => keepTail(t, line));
    let lastOutput = Date.now();
    let stalled = false;
    let settled = false;
    let readerFailure: string[] | null = null;
    const composer = spawn(tools.ffmpeg, planArgs(plan, output), {
      stdio: ['ignore', 'ignore', 'pipe', ...readerPlans.map(() => 'pipe' as const)],
      windowsHide: true,
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
    });
    reapOnDeath(composer);
    const readers: ChildProcess[] = readerPlans.map((r, j) => {
      // The reader writes straight into the composer's pipe: ~90 MB/s of raw pictures through
      // Node cost its CPU and ~20 MB of buffers. Node only hands the pipe over, then lets go.
      const sink = composer.stdio[3 + j] as (Writable & { destroy(): void }) | null;
      const p = spawn(tools.ffmpeg, ['-v', 'error', ...planArgs(r, 'pipe:1').slice(1)], { stdio: ['ignore', sink ?? 'ignore', 'pipe'], windowsHide: true, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
      reapOnDeath(p);
      sink?.on('error', () => undefined);
      sink?.destroy();
      p.stderr?.setEncoding('utf8');
      p.stderr?.on('data', (d: string) => keep(readerTails[j]!, d));
      p.on('error', (e) => fail(new UserError('external', `${what} failed: ${e.message}`, { cause: e })));
      // 'close', not 'exit': the reader's last words on stderr decide whether it was cut off.
      p.on('close', (code, sig) => {
        const t = readerTails[j]!;
        if (settled || code === 0) return;
        if (sig === 'SIGPIPE' || (!sig && t.some((l) => BROKEN_PIPE.test(l)))) return;
        // Anything else, a signal included (the OOM killer, a user's kill), leaves the composer
        // an early end of that lane, which it would finish into a segment missing its pictures.
        readerFailure = t.length ? t : [sig ? `a lane reader was killed (${sig})` : `a lane reader exited with code ${code}`];
        composer.kill('SIGKILL');
      });
      return p;
    });
    const all = [composer, ...readers];
    if (opts.lowPriority) {
      // Work done while the browsers record must not take their CPU.
      for (const p of all) lowerPriority(p.pid, BACKGROUND_NICENESS);
    }
    const killAll = () => {
      for (const p of all) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    };
    const watchdog = setInterval(() => {
      if (Date.now() - lastOutput < (opts.stallMs ?? STALL_MS)) return;
      stalled = true;
      killAll();
    }, 1000);
    watchdog.unref();
    const onAbort = () => killAll();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      settled = true;
      clearInterval(watchdog);
      opts.signal?.removeEventListener('abort', onAbort);
      killAll();
    };
    function fail(e: UserError): void {
      if (settled) return;
      done();
      // A half-written output is no evidence and may be what filled the disk.
      rmSync(output, { force: true });
      reject(e);
    }
    composer.stderr?.setEncoding('utf8');
    composer.stderr?.on('data', (d: string) => {
      lastOutput = Date.now();
      keep(tail, d);
      const m = /time=\s*(\S+)/.exec(d.slice(d.lastIndexOf('time=')));
      if (m && plan.durationSec > 0) opts.onProgress?.(Math.min(1, parseTimemark(m[1]!) / plan.durationSec));
    });
    composer.on('error', (e) => fail(new FfmpegRunError(ffmpegError(what, [e.message], e), [e.message])));
    composer.on('close', (code, sig) => {
      if (settled) return;
      if (code === 0 && !readerFailure) {
        done();
        resolve();
        return;
      }
      const err = new Error(`ffmpeg exited with ${sig ?? `code ${code}`}`);
      if (opts.signal?.aborted) fail(new UserError('cancelled', `${what} was cancelled`, { cause: err }));
      else if (stalled) fail(stalledError(what, tail, err));
      else {
        const t = readerFailure ?? (tail.length ? tail : [err.message]);
        fail(new FfmpegRunError(ffmpegError(readerFailure ? `${what}, reading a lane,` : what, t, err), t));
      }
    });
  });
}

export interface FrameEncoder {
  /** JPEG frames, one per output frame at `fps`. */
  input: Writable;
  /** Resolves when ffmpeg has finished the file. */
  done: Promise<void>;
  /** Kills ffmpeg (now, or as soon as it has spawned) and resolves once it has ended; `done` then rejects. */
  kill(): Promise<void>;
  pid(): number | undefined;
}

/**
 * One ffmpeg per lane turning a stream of JPEG frames (already placed on the constant-rate
 * grid by the caller) into an H.264 intermediate. Matroska so that a killed run still leaves
 * a playable file as evidence.
 */
export function startFrameEncoder(
  tools: FfmpegTools,
  o: { output: string; fps: number; width: number; height: number; crf?: number; preset?: string },
): FrameEncoder {
  const input = new PassThrough({ highWaterMark: 1 << 20 });
  const tail: string[] = [];
  const cmd = ffmpeg({ stdoutLines: 0 })
    .setFfmpegPath(tools.ffmpeg)
    .input(input)
    .inputOptions(['-f', 'image2pipe', '-c:v', 'mjpeg', '-framerate', String(o.fps)])
    .videoFilters(`scale=${o.width}:${o.height}:force_original_aspect_ratio=decrease,pad=${o.width}:${o.height}:(ow-iw)/2:(oh-ih)/2:white,setsar=1`)
    .outputOptions(['-an', '-c:v', 'libx264', '-preset', o.preset ?? 'ultrafast', '-crf', String(o.crf ?? 16), '-pix_fmt', 'yuv420p', '-g', String(o.fps * 2), '-r', String(o.fps), '-f', 'matroska', '-y'])
    .output(o.output);
  const kill = killerOf(cmd);
  const done = new Promise<void>((resolve, reject) => {
    cmd
      .on('stderr', (line: string) => keepTail(tail, line))
      .on('error', (err: Error) => reject(new FfmpegRunError(ffmpegError('the lane encoder', tail.length ? tail : [err.message], err), tail)))
      .on('end', () => resolve());
  });
  done.catch(() => undefined);
  cmd.run();
  return {
    input,
    done,
    kill: async () => {
      kill();
      await done.catch(() => undefined);
    },
    pid: () => spawnedOf(cmd)?.pid,
  };
}

/**
 * ffmpeg's arguments to read an X screen (a lane's virtual display) at a constant `fps` into
 * H.264 in a fragmented MP4 on stdout: one fragment a second (a keyframe each), so the lane can
 * be composed while it is recorded (FragmentClock), and a file cut short still plays. Frames are
 * stamped by the wall clock as they are read; the picture is turned into BT.709 limited range
 * (and tagged so) like every other source of the video (colour.ts).
 *
 * Lossless 4:4:4: the lane file is the screen as it was, and the video's one chroma subsampling
 * is the composer's. Small text of the bench page against a screenshot (SSIM, both made 4:2:0
 * for the comparison): 0.99973 at CRF 10 in 4:2:0 (its chroma subsampled twice), 0.99975 at
 * CRF 10 in 4:4:4, 0.99988 lossless in 4:4:4, for 15–16 MB a minute of two animating lanes
 * instead of 13–14 and less CPU (66 s against 72 s for a 20 s recording): x264 quantises nothing.
 * The lane files are intermediate: nothing but this app's ffmpeg decodes them.
 *
 * Two encoding threads: x264's default on 2 cores (three frames in flight) held 51 MB a lane
 * against 44; one thread (37 MB) would encode in the loop that reads the screen, whose reads
 * must come on time.
 */
export function displayGrabArgs(o: { display: string; width: number; height: number; fps: number; preset?: string }): string[] {
  return [
    '-hide_banner', '-nostats', '-loglevel', 'info',
    '-f', 'x11grab', '-draw_mouse', '0', '-framerate', String(o.fps), '-video_size', `${o.width}x${o.height}`, '-i', `${o.display}+0,0`,
    '-an', '-vf', 'scale=out_color_matrix=bt709:out_range=tv:flags=bicubic,format=yuv444p',
    '-c:v', 'libx264', '-preset', o.preset ?? 'ultrafast', '-qp', '0', '-threads', '2', '-g', String(o.fps), '-r', String(o.fps),
    '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv',
    '-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof', 'pipe:1',
  ];
}

/** The first frame's wall-clock time (epoch seconds) in ffmpeg's description of an x11grab input, or null. */
export function grabStartSec(stderr: string): number | null {
  const input = stderr.indexOf('x11grab');
  if (input < 0) return null;
  const m = /start: (\d+(?:\.\d+)?)/.exec(stderr.slice(input));
  const v = m ? Number(m[1]) : Number.NaN;
  // An epoch time: anything else is not the wall clock this capture is placed by.
  return Number.isFinite(v) && v > 1e9 ? v : null;
}

export interface DisplayGrab {
  /** The MP4 as it is written. */
  output: NodeJS.ReadableStream;
  /** The first frame's wall-clock time (epoch ms), once ffmpeg has described its input (null if it never does). */
  started: Promise<number | null>;
  /** Asks ffmpeg to finish the file ("q") and resolves once it has; rejects if ffmpeg failed. */
  stop(): Promise<void>;
  /** Kills ffmpeg and resolves once it has ended. */
  kill(): Promise<void>;
  pid(): number | undefined;
}

export const hasX11grab = oncePerBinary(async (bin) => {
  const out = await execText(bin, ['-hide_banner', '-devices']).catch(() => '');
  return /^\s*D\S*\s+x11grab\b/m.test(out);
});

/** Composing while the browsers record: only the CPU they leave. */
const BACKGROUND_NICENESS = 19;

/** Lowers a process's priority; where that is not allowed it just competes normally. */
function lowerPriority(pid: number | undefined, niceness: number): void {
  if (!pid) return;
  try {
    os.setPriority(pid, niceness);
  } catch {
    // not allowed here
  }
}

/**
 * The grabbing ffmpeg's niceness. It stamps each frame with the wall clock when it wakes to read
 * the screen, so a late wake-up costs it nothing; a browser's frame held back by its encoding
 * reaches the screen late. Each step's picture after its caption, animated bench pages, 60 s, 10
 * steps, four runs each: a mean 2.0–2.3 frames (3 at worst) at 10, 2.1–2.8 (4 at worst) at 0, at
 * the same 28–29 distinct fps per lane.
 */
export const GRAB_NICENESS = 10;

/** Reads an X screen into a growing MP4 (displayGrabArgs); one ffmpeg per lane. */
export function startDisplayGrab(tools: FfmpegTools, o: Parameters<typeof displayGrabArgs>[0], env: NodeJS.ProcessEnv = process.env): DisplayGrab {
  const proc = spawn(tools.ffmpeg, displayGrabArgs(o), { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, env });
  reapOnDeath(proc);
  lowerPriority(proc.pid, GRAB_NICENESS);
  const tail: string[] = [];
  let head = '';
  let resolveStart: (v: number | null) => void = () => undefined;
  const started = new Promise<number | null>((r) => (resolveStart = r));
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d: string) => {
    if (head.length < 20_000) {
      head += d;
      const s = grabStartSec(head);
      if (s !== null) resolveStart(s * 1000);
    }
    d.split(/[\r\n]+/).forEach((line) => keepTail(tail, line));
  });
  proc.stdin.on('error', () => undefined);
  let stopping = false;
  const done = new Promise<void>((resolve, reject) => {
    proc.on('error', (e) => reject(new FfmpegRunError(new UserError('external', `the screen capture could not start: ${e.message}`, { cause: e }), tail)));
    proc.on('close', (code, sig) => {
      resolveStart(null);
      if (code === 0) resolve();
      else reject(new FfmpegRunError(ffmpegError(stopping ? 'the screen capture' : 'the screen capture (ended before it was stopped)', tail.length ? tail : [sig ? `killed by ${sig}` : `exit code ${code}`], null), tail));
    });
  });
  done.catch(() => undefined);
  const ended = () => proc.exitCode !== null || proc.signalCode !== null;
  return {
    output: proc.stdout,
    started,
    async stop() {
      stopping = true;
      if (!ended()) proc.stdin.end('q');
      // ffmpeg finishes within a frame or two; one that does not is killed, and the stop fails
      // (the file on disk keeps the fragments written so far, as evidence).
      const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      try {
        await done;
      } finally {
        clearTimeout(t);
      }
    },
    async kill() {
      stopping = true;
      if (!ended()) proc.kill('SIGKILL');
      await done.catch(() => undefined);
    },
    pid: () => proc.pid,
  };
}

/**
 * A low-rate JPEG view of an X screen for people watching a recording (the app's live preview):
 * ffmpeg reads the screen as the lane's capture does, so the preview cannot change how the page
 * is drawn, and it shows popups where they are. `width` is the pictures' width (height follows).
 */
export function previewGrabArgs(o: { display: string; width: number; height: number; fps: number; outWidth: number; quality?: number }): string[] {
  return [
    '-hide_banner', '-nostats', '-loglevel', 'error',
    '-f', 'x11grab', '-draw_mouse', '0', '-framerate', String(o.fps), '-video_size', `${o.width}x${o.height}`, '-i', `${o.display}+0,0`,
    '-an', '-vf', `scale=${Math.max(2, Math.round(o.outWidth / 2) * 2)}:-2:flags=bilinear`,
    '-c:v', 'mjpeg', '-q:v', String(o.quality ?? 7), '-threads', '1', '-f', 'image2pipe', 'pipe:1',
  ];
}

/** Splits a stream of concatenated JPEGs (ffmpeg's image2pipe of mjpeg) into whole pictures. */
export class JpegSplitter {
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly onPicture: (jpeg: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      const start = this.buf.indexOf(SOI);
      if (start < 0) {
        // A marker may be cut between two chunks: keep a trailing 0xff.
        this.buf = this.buf.at(-1) === 0xff ? this.buf.subarray(-1) : Buffer.alloc(0);
        return;
      }
      // ffmpeg's mjpeg pictures hold no embedded thumbnail, so the first end marker ends the picture.
      const end = this.buf.indexOf(EOI, start + 2);
      if (end < 0) {
        this.buf = this.buf.subarray(start);
        return;
      }
      this.onPicture(Buffer.from(this.buf.subarray(start, end + 2)));
      this.buf = this.buf.subarray(end + 2);
    }
  }
}
const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);

/** The preview reader gives way to everything that makes the recording. */
const PREVIEW_NICENESS = 19;

export interface PreviewGrab {
  stop(): Promise<void>;
}

/** Reads an X screen into JPEG pictures (previewGrabArgs); never throws: a preview that fails just ends. */
export function startPreviewGrab(tools: FfmpegTools, o: Parameters<typeof previewGrabArgs>[0], env: NodeJS.ProcessEnv, onPicture: (jpeg: Buffer) => void): PreviewGrab {
  const proc = spawn(tools.ffmpeg, previewGrabArgs(o), { stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true, env });
  reapOnDeath(proc);
  lowerPriority(proc.pid, PREVIEW_NICENESS);
  const split = new JpegSplitter(onPicture);
  proc.stdout.on('data', (c: Buffer) => split.push(c));
  const ended = new Promise<void>((r) => {
    proc.once('close', () => r());
    proc.once('error', () => r());
  });
  return {
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await ended;
      clearTimeout(t);
    },
  };
}
