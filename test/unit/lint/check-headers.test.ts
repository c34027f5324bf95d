// Proves scripts/check-headers.mjs fails on, and lists, exactly the source files that do not open with a comment.
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = path.resolve(__dirname, '../../../scripts/check-headers.mjs');

async function check(...roots: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SCRIPT, ...roots]);
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, out: failed.stdout ?? '', err: failed.stderr ?? '' };
  }
}

describe('check-headers', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'check-headers-'));
    mkdirSync(path.join(dir, 'nested'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => writeFileSync(path.join(dir, name), text);

  it('passes when every file opens with a line or block comment, after a shebang too', async () => {
    write('line.ts', '// Does one thing.\nexport const a = 1;\n');
    write('block.tsx', '/** Does another thing. */\nexport const b = 2;\n');
    write('nested/tool.mjs', '#!/usr/bin/env node\n// A tool.\nconsole.log(1);\n');
    write('notes.md', 'Not source: no header needed.\n');
    const r = await check(dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('fails listing each file whose first line is code or a blank line, a shebang without a comment, a declaration file too', async () => {
    write('good.ts', '// Does one thing.\nexport const a = 1;\n');
    write('code.ts', "import { a } from './good';\n// Too late for a header.\nexport const c = a;\n");
    write('blank.cjs', '\n// A blank line first does not count.\n');
    write('nested/bare.mjs', '#!/usr/bin/env node\nconsole.log(1);\n');
    write('nested/types.d.ts', 'export type T = 1;\n');
    const r = await check(dir);
    expect(r.code).toBe(1);
    const listed = r.err
      .split('\n')
      .filter((l) => l.startsWith('  '))
      .map((l) => path.relative(dir, l.trim()))
      .sort();
    expect(listed).toEqual(['blank.cjs', 'code.ts', path.join('nested', 'bare.mjs'), path.join('nested', 'types.d.ts')]);
  });
});
