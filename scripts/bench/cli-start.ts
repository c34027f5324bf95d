/**
 * Benchmark (not a test): how long `review-assistant profile list` takes to start and answer,
 * against `node -e 0` on the same machine (issue 26 target: within 3×), built CLI and from source.
 *
 *   npx tsx scripts/bench/cli-start.ts [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'scripts/review-assistant.mjs');

export interface CliStart {
  nodeMs: number;
  builtMs: number;
  fromSourceMs: number;
  runs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function timed(args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return performance.now() - t0;
}

export async function benchCliStart(opts: { runs?: number } = {}): Promise<CliStart> {
  const runs = opts.runs ?? 9;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ra-bench-cli-'));
  const env = { ...process.env, REVIEW_ASSISTANT_DATA: dataDir };
  const list = [CLI, 'profile', 'list'];
  try {
    timed(list, env); // builds the CLI for the current sources if needed: not what a call costs
    const nodeMs: number[] = [];
    const builtMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      nodeMs.push(timed(['-e', '0'], env));
      builtMs.push(timed(list, env));
    }
    const fromSource: number[] = [];
    for (let i = 0; i < 3; i++) fromSource.push(timed(list, { ...env, REVIEW_ASSISTANT_CLI_FROM_SOURCE: '1' }));
    return { nodeMs: median(nodeMs), builtMs: median(builtMs), fromSourceMs: median(fromSource), runs };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The BENCHMARKS.md section. */
export function cliStartSection(r: CliStart | { error: string }): string[] {
  const L = ['## CLI start-up', ''];
  if ('error' in r) return [...L, `not measured: ${r.error}`, ''];
  const ratio = r.builtMs / r.nodeMs;
  L.push(
    `Wall time of \`review-assistant profile list\` (empty data folder), median of ${r.runs} calls, against \`node -e 0\` (\`scripts/bench/cli-start.ts\`).`,
    '',
  );
  L.push('| node -e 0 | built CLI | ratio | from source (tsx) | target | verdict |', '|---|---|---|---|---|---|');
  L.push(
    `| ${Math.round(r.nodeMs)} ms | ${Math.round(r.builtMs)} ms | ${ratio.toFixed(1)}× | ${Math.round(r.fromSourceMs)} ms | ≤ 3× | ${ratio <= 3 ? '**met**' : '**not met**'} |`,
    '',
  );
  return L;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--runs');
  const r = await benchCliStart(i > 0 ? { runs: Number(process.argv[i + 1]) } : {});
  process.stdout.write(cliStartSection(r).join('\n') + '\n');
}
