// An ffmpeg plan (inputs, one filter graph, output options) as data, and its execution into a file.
import { rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { FfmpegRunError, mediaError, parseTimemark, STALL_MS, startMedia, type MediaProcess } from './process';
import type { FfmpegTools } from './tools';

export interface FfmpegInput {
  path: string;
  options: string[];
  /**
   * When set, this input (`pipe:N`) is the raw video another ffmpeg makes from this plan: a
   * lane decoded, timed and scaled in its own process, on its own core (ffmpeg 4.1 decodes
   * every input and runs the whole filter graph on one thread).
   */
  reader?: FfmpegPlan;
}

export interface FfmpegPlan {
  inputs: FfmpegInput[];
  filterComplex: string;
  /** Label of the filter graph output to map. */
  outLabel: string;
  outputOptions: string[];
  durationSec: number;
  /** Output container; mp4 when absent. */
  format?: string;
}

/**
 * Escapes a value for a filter option inside a `-filter_complex` graph: first for the
 * option level (`\\ ' :`), then for the graph level (`\\ ' [ ] , ;`), as ffmpeg-filters(1) says.
 */
export function escapeFilterValue(v: string): string {
  const option = v.replace(/[\\':]/g, (c) => `\\${c}`);
  return option.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
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

export interface RunPlanOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  what?: string;
  stallMs?: number;
  /** Work done while the browsers record: only the CPU they leave. */
  lowPriority?: boolean;
}

/** Composing while the browsers record: only the CPU they leave. */
const BACKGROUND_NICENESS = 19;

/**
 * Readers that stop because the composer has all it needs fail with a broken pipe: that is no
 * error. Node's stdio pipes are socket pairs, so writing into a closed one can also answer
 * "Connection reset by peer".
 */
const BROKEN_PIPE = /Broken pipe|EPIPE|Connection reset by peer|ECONNRESET/i;

/**
 * Executes a plan into `output`; fraction of `plan.durationSec` is reported; abort kills ffmpeg.
 * Inputs with a reader are decoded by reader processes whose raw pictures go straight into the
 * composer's pipes `pipe:3`, `pipe:4`, … (ffmpeg 4.1 decodes all inputs and runs the graph on one
 * thread: readers put the decoding on the other core; a 10 s segment of two animated lanes went
 * from 6.2 s to 4.6 s, the same CPU). The outcome is the composer's: a reader cut off once the
 * composer has what it needs is normal, any other reader failure fails the run.
 */
export async function runPlan(tools: FfmpegTools, plan: FfmpegPlan, output: string, opts: RunPlanOptions = {}): Promise<void> {
  const what = opts.what ?? 'ffmpeg';
  const readerPlans = plan.inputs.flatMap((i) => (i.reader ? [i.reader] : []));
  const common = { tools, signal: opts.signal, niceness: opts.lowPriority ? BACKGROUND_NICENESS : undefined };
  let done = 0;
  const composer = startMedia({
    ...common,
    args: planArgs(plan, output),
    what,
    extraPipes: readerPlans.length,
    stallMs: opts.stallMs ?? STALL_MS,
    onStderr: (d) => {
      // A chunk may end inside a report: only a whole timemark counts, and progress never goes back.
      const m = /time=\s*(\d+:\d+:\d+\.\d+)/.exec(d.slice(d.lastIndexOf('time=')));
      if (!m || plan.durationSec <= 0) return;
      done = Math.max(done, Math.min(1, parseTimemark(m[1]!) / plan.durationSec));
      opts.onProgress?.(done);
    },
  });
  let readerFailure: string[] | null = null;
  let settled = false;
  const readers: MediaProcess[] = readerPlans.map((r, j) => {
    // The reader writes straight into the composer's pipe: ~90 MB/s of raw pictures through
    // Node cost its CPU and ~20 MB of buffers. Node only hands the pipe over, then lets go.
    const sink = composer.proc.stdio[3 + j] as Readable | null;
    const p = startMedia({
      ...common,
      args: ['-v', 'error', ...planArgs(r, 'pipe:1').slice(1)],
      what: `${what}, reading a lane,`,
      ...(sink ? { stdout: sink } : {}),
    });
    sink?.on('error', () => undefined);
    sink?.destroy();
    p.done.catch((e: unknown) => {
      if (settled || !(e instanceof FfmpegRunError)) return;
      // Whatever ended it: ffmpeg 4.1 can crash (SIGSEGV) writing its trailer into the broken pipe.
      if (e.exit.signal === 'SIGPIPE' || p.tail.some((l) => BROKEN_PIPE.test(l))) return;
      // Anything else, a signal included (the OOM killer, a user's kill), leaves the composer
      // an early end of that lane, which it would finish into a segment missing its pictures.
      readerFailure = p.tail.length
        ? [...p.tail]
        : [e.exit.signal ? `a lane reader was killed (${e.exit.signal})` : `a lane reader exited with code ${e.exit.code}`];
      void composer.kill();
    });
    return p;
  });
  try {
    await composer.done;
    // A reader that failed at once closes the composer's pipe, and the composer may then finish
    // before the reader's end is reported: hear how the readers ended before calling it a success.
    await readersEnded(readers, READER_REPORT_GRACE_MS);
    if (readerFailure) throw readerError(what, readerFailure);
  } catch (e) {
    // A half-written output is no evidence and may be what filled the disk.
    rmSync(output, { force: true });
    if (readerFailure && !(e instanceof FfmpegRunError && e.message.includes('stopped making progress')) && !opts.signal?.aborted)
      throw readerError(what, readerFailure);
    throw e;
  } finally {
    settled = true;
    await Promise.all(readers.map((r) => r.kill()));
  }
}

/** How long a finished composer waits for its readers' ends to be reported (a loaded machine delays them). */
const READER_REPORT_GRACE_MS = 2000;

/** Resolves when every reader has ended and its end was handled, or after `graceMs` (a reader still running is killed after). */
async function readersEnded(readers: MediaProcess[], graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
  // Each reader's own failure handler was attached first, so it has run when its `done` settles here.
  await Promise.race([Promise.allSettled(readers.map((r) => r.done)), grace]);
  clearTimeout(timer);
}

function readerError(what: string, tail: string[]): FfmpegRunError {
  return new FfmpegRunError(mediaError(`${what}, reading a lane,`, tail, null), tail);
}
