import type { Progress } from '../../../app/common/progress';
import type { RecordResult } from '../../../app/recorder/record';
import type { Manifest } from '../../../app/recorder/run-folder';
import type { CommandContext } from '../command';
import path from 'node:path';

/** Progress on stderr, one line per stage change or 10 % step, so logs stay readable. */
export function progressPrinter(ctx: CommandContext): (p: Progress) => void {
  let stage = '';
  let shown = -1;
  return (p) => {
    const pct = Math.floor(p.fraction * 10);
    if (p.stage === stage && pct === shown && p.stage !== 'steps') return;
    stage = p.stage;
    shown = pct;
    ctx.err(`[${String(Math.round(p.fraction * 100)).padStart(3)} %] ${p.stage}: ${p.message}`);
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
  };
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
