/**
 * Benchmark (not a test): the UI's cold load to interactive, in browser mode.
 * From a fresh browser context (empty cache, no cookie) to the submissions list shown and
 * usable (`.app[data-ready="true"]`), against a data folder holding the sample submission.
 * Prints the median of several runs. Target (issue 5): ≤ 1000 ms.
 *
 *   npx tsx scripts/bench/ui-load.ts [--runs N]
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { startBrowserMode } from '../../app/web/browser-mode';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function benchUiLoad(opts: { runs?: number; chromium?: string } = {}): Promise<{ coldLoadMs: number; runsMs: number[] }> {
  // Built every time (half a second): a dist/ left from older sources would be measured instead.
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--renderer'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the UI build failed');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ra-bench-ui-'));
  const passphrase = 'bench-passphrase';
  const mode = await startBrowserMode({ dataDir, passphrase, staticDir: path.join(ROOT, 'dist/renderer') });
  await mode.api.handlers.vaultCreate({ passphrase });
  await mode.api.handlers.createSubmission({ name: 'sample', kind: 'sample' });
  const browser = await puppeteer.launch({
    executablePath: opts.chromium ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const runsMs: number[] = [];
  try {
    for (let i = 0; i < (opts.runs ?? 7); i++) {
      const ctx = await browser.createBrowserContext();
      const page = await ctx.newPage();
      await page.setViewport({ width: 1366, height: 860 });
      const t0 = performance.now();
      await page.goto(mode.host.launchUrl, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('.app[data-ready="true"] .sub-item', { timeout: 30_000 });
      runsMs.push(Math.round(performance.now() - t0));
      await ctx.close();
    }
  } finally {
    await browser.close();
    await mode.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { coldLoadMs: sorted[Math.floor(sorted.length / 2)] ?? NaN, runsMs };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : undefined;
  const r = await benchUiLoad(runs ? { runs } : {});
  process.stdout.write(`UI cold load to interactive (median of ${r.runsMs.length}): ${r.coldLoadMs} ms  [runs: ${r.runsMs.join(', ')}]\n`);
}
