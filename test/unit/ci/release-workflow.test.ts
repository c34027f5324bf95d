// Proves the release workflow's shape: every Node version tested, every platform packaged and launched, only real files named.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

/**
 * The release workflow cannot run here (no Electron binary, no macOS or Windows): its shape is
 * checked instead — every platform packaged and launched, every Node version the package
 * declares tested, every script and file it names present.
 */
const ROOT = path.resolve(__dirname, '../../..');
const Step = z
  .object({
    name: z.string().optional(),
    uses: z.string().optional(),
    run: z.string().optional(),
    with: z.record(z.string(), z.unknown()).optional(),
    env: z.record(z.string(), z.string()).optional(),
    if: z.string().optional(),
    shell: z.string().optional(),
  })
  .strict();
const Job = z.object({
  name: z.string(),
  'runs-on': z.string(),
  needs: z.string().optional(),
  strategy: z.object({ 'fail-fast': z.boolean(), matrix: z.record(z.string(), z.unknown()) }),
  steps: z.array(Step).min(1),
});
const Workflow = z.object({ name: z.string(), on: z.record(z.string(), z.unknown()), jobs: z.object({ test: Job, package: Job }) });

const workflow = Workflow.parse(load(readFileSync(path.join(ROOT, '.github/workflows/release.yml'), 'utf8')));
const pkg = z
  .object({ scripts: z.record(z.string(), z.string()), engines: z.object({ node: z.string() }) })
  .parse(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')));
const runs = (job: z.infer<typeof Job>) => job.steps.map((s) => s.run ?? '').join('\n');

describe('release workflow (.github/workflows/release.yml)', () => {
  it('tests on every Node major the package declares, with the README test command', () => {
    const nodes = z.array(z.number()).parse(workflow.jobs.test.strategy.matrix.node);
    const declared = [...pkg.engines.node.matchAll(/\^(\d+)/g)].map((m) => Number(m[1]));
    expect(nodes.sort()).toEqual(declared.sort());
    expect(runs(workflow.jobs.test)).toMatch(/^npm ci$/m);
    expect(runs(workflow.jobs.test)).toMatch(/^npm test$/m);
  });

  it('packages on Linux, macOS and Windows after the tests, and launches each packaged app', () => {
    const include = z.array(z.object({ os: z.string(), app: z.string() })).parse(workflow.jobs.package.strategy.matrix.include);
    expect(include.map((i) => i.os.split('-')[0]).sort()).toEqual(['macos', 'ubuntu', 'windows']);
    expect(workflow.jobs.package.needs).toBe('test');
    expect(runs(workflow.jobs.package)).toMatch(/npm run dist/);
    const launch = workflow.jobs.package.steps.find((s) => s.run?.includes('playwright test -c playwright.packaged.config.ts'));
    expect(launch?.env?.PACKAGED_APP).toMatch(/matrix\.app/);
  });

  it("packages on a Node the packaging tools accept (electron-builder's @electron/rebuild and node-abi ask for 22.12 or newer)", () => {
    const setup = workflow.jobs.package.steps.find((s) => s.uses?.startsWith('actions/setup-node'));
    const major = Number(setup?.with?.['node-version']);
    expect(major).toBeGreaterThan(0);
    for (const dep of ['@electron/rebuild', 'node-abi']) {
      const file = path.join(ROOT, 'node_modules', dep, 'package.json');
      const engines = z.object({ engines: z.object({ node: z.string() }).optional() }).parse(JSON.parse(readFileSync(file, 'utf8'))).engines?.node ?? '';
      // ">=22.12.0": the job's major must be above the floor's major (a whole major, so any of its minors from setup-node's newest).
      const floor = /^>=\s*(\d+)/.exec(engines);
      if (floor) expect(major, `${dep} needs Node ${engines}`).toBeGreaterThanOrEqual(Number(floor[1]));
    }
    // And it is one the package declares.
    expect([...pkg.engines.node.matchAll(/\^(\d+)/g)].map((m) => Number(m[1]))).toContain(major);
  });

  it('names only scripts and files that exist', () => {
    const all = [runs(workflow.jobs.test), runs(workflow.jobs.package)].join('\n');
    for (const m of all.matchAll(/npm run ([\w:-]+)/g)) expect(pkg.scripts, `npm run ${m[1]}`).toHaveProperty(m[1] as string);
    for (const m of all.matchAll(/-c (\S+)/g)) expect(existsSync(path.join(ROOT, m[1] as string)), m[1]).toBe(true);
    const config = readFileSync(path.join(ROOT, 'playwright.packaged.config.ts'), 'utf8');
    const dir = /testDir: '([^']+)'/.exec(config)?.[1];
    expect(dir && existsSync(path.join(ROOT, dir, 'packaged-app.spec.ts'))).toBe(true);
  });

  it('the packaged-app spec skips visibly, with its reason, where no packaged app is given', () => {
    const spec = readFileSync(path.join(ROOT, 'test/packaged/packaged-app.spec.ts'), 'utf8');
    expect(spec).toMatch(/test\.skip\(!executablePath, 'PACKAGED_APP is not set/);
  });
});
