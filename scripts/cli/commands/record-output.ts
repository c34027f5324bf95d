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

export function printResult(ctx: CommandContext, r: RecordResult | { dir: string; manifest: Manifest }): void {
  const f = filesOf(r.dir, r.manifest);
  if (ctx.json) {
    ctx.outJson({ ok: true, ...f });
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
