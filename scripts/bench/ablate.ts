// What the picture-lag placement earns: one recording composed again with its lanes placed by other lags, or by their read times.
/**
 * `npx tsx scripts/bench/ablate.ts [RUN_FOLDER | --record SECONDS]`: takes a screen-captured
 * bench recording of the still pages (records one with `--record`, default 20 s), then composes
 * copies of it with each lane placed (a) as recorded (the screen capture's typical lag), (b) by
 * its read times alone, (c) by the lags measured at the ends of their range, and measures each
 * composed video's captions against its steps' pictures (caption-sync.ts). Composing is CPU
 * work only, so the variants differ in placement alone, whatever the machine's load. Recordings
 * made before December 2026 carry their measured lag: the first row is then that.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { resolveFfmpegTools } from '../../app/media/tools';
import { recompose } from '../../app/recorder/compose/compose';
import { readManifest, type Manifest } from '../../app/recorder/run-folder';
import { measureCaptionSync, type SyncSummary } from './caption-sync';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** A lane's placement: how much earlier than read its pictures are taken to be drawn (ms), or null for its read times. */
type Placement = (measuredMs: number | null) => number | null;

const VARIANTS: Array<{ name: string; place: Placement }> = [
  { name: 'as recorded', place: (ms) => ms },
  { name: 'read times', place: () => null },
  { name: 'constant 45 ms', place: () => 45 },
  { name: 'constant 105 ms', place: () => 105 },
];

async function recordStill(seconds: number): Promise<string> {
  const out = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-ablate-'));
  await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(HERE, 'worker.ts'), 'ours', 'still', String(seconds), out], { maxBuffer: 1 << 26 });
  const result = JSON.parse(await fs.readFile(path.join(out, 'result.json'), 'utf8')) as { ok: boolean; error?: string; composed?: string };
  if (!result.ok || !result.composed) throw new Error(`the still recording failed: ${result.error ?? 'no video'}`);
  return path.dirname(result.composed);
}

/** A copy of the run with each screen-captured lane placed as `place` says, composed again. */
async function variant(run: string, m: Manifest, place: Placement, into: string): Promise<string> {
  await fs.cp(run, into, { recursive: true, filter: (src) => !/\/(segments|clips|steps)(\/|$)|demo\.mp4$/.test(src) });
  const copy = structuredClone(m);
  for (const lane of copy.lanes) {
    const cap = lane.capture;
    const lag = cap?.pictureLag;
    if (!cap || !lag) continue;
    const was = lag.placedMs ?? 0;
    const now = place(lag.placedMs ?? null);
    cap.startMs += was - (now ?? 0);
    lag.placedMs = now;
  }
  await fs.writeFile(path.join(into, 'manifest.json'), JSON.stringify(copy, null, 2));
  await recompose(into, { skipStepPictures: true });
  return path.join(into, 'demo.mp4');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const run = args[0] && args[0] !== '--record' ? path.resolve(args[0]) : await recordStill(Number(args[1] ?? 20));
  const m = await readManifest(run);
  const lags = m.lanes.map((l) => `${l.id} ${l.capture?.pictureLag?.placedMs ?? 'none'} ms`).join(', ');
  const tools = resolveFfmpegTools();
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-ablate-variants-'));
  const rows: Array<[string, SyncSummary]> = [];
  for (const [k, v] of VARIANTS.entries()) {
    const demo = await variant(run, m, v.place, path.join(work, String(k)));
    rows.push([v.name, await measureCaptionSync(tools, demo, await readManifest(path.dirname(demo)))]);
  }
  const lines = [
    `Run ${run} (${m.lanes[0]?.capture?.method ?? '?'}; placed lags: ${lags})`,
    '',
    '| lanes placed by | steps measured | caption vs picture, max frames | mean picture − caption, frames |',
    '|---|---|---|---|',
    ...rows.map(([n, s]) => `| ${n} | ${s.measured} | ${s.captionVsPicture} | ${s.meanPictureLag.toFixed(2)} |`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  await fs.rm(work, { recursive: true, force: true });
}

void main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
