// Prints a recording job's progress and its result files on the terminal, telling the same story as the app.
import type { Progress } from '../../../app/common/progress';
import { formatDuration, newJob, remainingMs, STAGES, withProgress, withTimeline, type JobPlan, type StageId } from '../../../app/api/job-state';
import type { JobKind } from '../../../app/api/views';
import type { TimelineEvent } from '../../../app/recorder/timeline';
import type { RecordResult } from '../../../app/recorder/record';
import type { Manifest } from '../../../app/recorder/run-folder';
import type { CommandContext } from '../command';
import path from 'node:path';

export interface JobPrinter {
  onProgress: (p: Progress) => void;
  onEvent: (e: TimelineEvent) => void;
}

/**
 * Progress on stderr in the stages the app shows (job-state.ts): a header when a stage begins,
 * a line per step while the scenes play, and otherwise a line per 10 % or new message, so a
 * terminal and the app tell the same story and logs stay readable.
 */
export function jobPrinter(ctx: CommandContext, kind: JobKind, plan: JobPlan = {}, now: () => number = Date.now): JobPrinter {
  let job = newJob('cli', kind, '', now(), plan);
  let stage: StageId | null = null;
  let shown = { tenth: -1, message: '' };
  const header = () => {
    if (job.stage === stage) return;
    stage = job.stage;
    shown = { tenth: -1, message: '' };
    ctx.err(`[${job.stages.indexOf(job.stage) + 1}/${job.stages.length}] ${STAGES[job.stage].label} · ${formatDuration(now() - job.startedAt)} elapsed`);
  };
  return {
    onProgress(p) {
      job = withProgress(job, p, now());
      header();
      if (job.stage === 'scenes') return;
      const tenth = Math.floor(job.fraction * 10);
      if (tenth === shown.tenth && p.message === shown.message) return;
      shown = { tenth, message: p.message };
      const left = remainingMs(job, now());
      ctx.err(`      ${String(Math.round(job.fraction * 100)).padStart(3)} % · ${p.message}${left ? ` · about ${formatDuration(left)} left` : ''}`);
    },
    onEvent(e) {
      job = withTimeline(job, e);
      if (e.type !== 'step-started') return;
      header();
      const left = remainingMs(job, now());
      ctx.err(`      step ${e.index + 1}${job.steps ? `/${job.steps}` : ''} · ${e.caption || e.stepId}${left ? ` · about ${formatDuration(left)} left` : ''}`);
    },
  };
}

export function filesOf(dir: string, m: Manifest) {
  const abs = (p: string | null) => (p ? path.join(dir, p) : null);
  return {
    runFolder: dir,
    status: m.status,
    demo: abs(m.files.demo),
    captions: abs(m.files.captions),
    chapters: abs(m.files.chapters),
    manifest: path.join(dir, 'manifest.json'),
    clips: Object.fromEntries(Object.entries(m.files.clips).map(([k, v]) => [k, path.join(dir, v)])),
    steps: m.files.steps.map((s) => path.join(dir, s)),
    durationSec: m.video?.durationSec ?? null,
    /** The waits left out of the video (compose/time-map.ts): where, how long, why. */
    cuts: m.cuts ?? [],
  };
}

/** "2 waits shortened (−21.4 s): a hand-over at 0:42, a page load at 1:10", or null when nothing was cut. */
export function cutsLine(m: Pick<Manifest, 'cuts'>): string | null {
  const cuts = m.cuts ?? [];
  if (!cuts.length) return null;
  const at = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
  const total = cuts.reduce((a, c) => a + c.removedSec, 0);
  const each = cuts.map(
    (c) => `${c.reason === 'assisted' ? `your step "${c.stepId}"` : `a wait in "${c.stepId}"`} at ${at(c.atSec)} (−${c.removedSec.toFixed(1)} s)`,
  );
  return `${cuts.length} wait${cuts.length === 1 ? '' : 's'} shortened, ${total.toFixed(1)} s in all: ${each.join(', ')}`;
}

/** A take the frame check found broken (false when the check passed or could not run). */
export function isBrokenTake(r: RecordResult | { dir: string; manifest: Manifest }): boolean {
  return 'frames' in r && !!r.frames && !r.frames.ok;
}

export function printResult(ctx: CommandContext, r: RecordResult | { dir: string; manifest: Manifest }): void {
  const f = filesOf(r.dir, r.manifest);
  const frames = 'frames' in r ? r.frames : undefined;
  if (ctx.json) {
    ctx.outJson({ ok: !isBrokenTake(r), ...f, ...(frames !== undefined ? { frames } : {}) });
    return;
  }
  ctx.out(`Recorded ${f.durationSec?.toFixed(1) ?? '?'} s of video in ${f.runFolder}`);
  const cuts = cutsLine(r.manifest);
  if (cuts) ctx.out(`  ${cuts} (--keep-waits keeps them)`);
  ctx.out(`  video:     ${f.demo}`);
  ctx.out(`  captions:  ${f.captions}`);
  ctx.out(`  chapters:  ${f.chapters}`);
  for (const [p, file] of Object.entries(f.clips)) ctx.out(`  clip ${p}: ${file}`);
  ctx.out(`  manifest:  ${f.manifest}`);
  if (f.steps.length) ctx.out(`  step pictures: ${path.join(f.runFolder, 'steps')} (${f.steps.length})`);
}

/**
 * The warning for a take the frame check found broken: what is wrong, when, and what to do.
 * On stderr, so it stands out of the list of files (which is still printed: the files are evidence).
 */
export function printBrokenTake(ctx: CommandContext, r: RecordResult): void {
  if (!r.frames || r.frames.ok) return;
  ctx.err('');
  ctx.err('WARNING: this take is broken; do not upload it.');
  for (const f of r.frames.findings) ctx.err(`  - ${f.message}.`);
  ctx.err(`  What to do: watch ${path.join(r.dir, r.manifest.files.demo ?? 'demo.mp4')} at those times, then record again.`);
  ctx.err('  Leave the browsers alone while it records (nothing else should screenshot, zoom or resize them);');
  ctx.err('  "review-assistant check" fails on this take until a good one replaces it.');
}
