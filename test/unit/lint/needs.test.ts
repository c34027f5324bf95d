// Proves a suite or test that lacks what it needs is reported as skipped, with the reason in its name, and runs where it has it.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

it('reports the missing thing in the skipped name, and runs the suite that has what it needs', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'needs-'));
  try {
    const needs = path.join(ROOT, 'test', 'needs.ts');
    await fs.writeFile(
      path.join(dir, 'demo.test.ts'),
      [
        `import { expect } from 'vitest';`,
        `import { describeNeeding, itNeeding } from ${JSON.stringify(needs)};`,
        `describeNeeding('a unicorn')('suite without', () => { itNeeding(null)('would fail', () => expect(1).toBe(2)); });`,
        `describeNeeding(null)('suite with', () => { itNeeding('a dragon')('test without', () => expect(1).toBe(2)); itNeeding(null)('runs', () => expect(1).toBe(1)); });`,
      ].join('\n'),
    );
    const report = path.join(dir, 'report.json');
    await promisify(execFile)(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', dir, '--reporter=json', `--outputFile=${report}`],
      {
        cwd: dir,
      },
    );
    const json = JSON.parse(await fs.readFile(report, 'utf8')) as {
      testResults: Array<{ assertionResults: Array<{ fullName: string; status: string }> }>;
    };
    const results = json.testResults.flatMap((f) => f.assertionResults).map((a) => [a.fullName, a.status]);
    expect(results).toEqual([
      ['suite without [skipped: needs a unicorn] would fail', 'skipped'],
      ['suite with test without [skipped: needs a dragon]', 'skipped'],
      ['suite with runs', 'passed'],
    ]);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
