// Proves that every usage line in README.md offers exactly the options of that command's own `--help` usage.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../scripts/cli/commands/index';

const README = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');

/** The README's shell lines that start a `review-assistant` command, each with its indented continuation lines, comments cut. */
function readmeCommandLines(): string[] {
  const out: string[] = [];
  for (const block of README.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const lines = block[1]!.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = /(?:^|&& )review-assistant (.*)$/.exec(lines[i]!);
      if (!m) continue;
      let text = m[1]!;
      while (i + 1 < lines.length && /^\s+\[/.test(lines[i + 1]!)) text += ` ${lines[++i]!.trim()}`;
      out.push(
        text
          .replace(/\s+#.*$/, '')
          .replace(/\s+/g, ' ')
          .trim(),
      );
    }
  }
  return out;
}

const flags = (text: string) => [...new Set(text.match(/--[a-z0-9-]+/g) ?? [])].sort();

describe('README usage lines', () => {
  it("offer exactly the options of the command's --help usage (usage lines: the ones with [--…])", async () => {
    const catalog = await loadCatalog();
    // Longest names first, so "profile set" wins over "profile".
    const names = catalog.map((c) => c.name).sort((a, b) => b.length - a.length);
    const checked: string[] = [];
    for (const line of readmeCommandLines()) {
      if (!line.includes('[--')) continue; // an example with values, not a usage line
      const name = names.find((n) => line === n || line.startsWith(`${n} `));
      expect(name, `README names a command the CLI does not have: review-assistant ${line}`).toBeDefined();
      const usage = catalog.find((c) => c.name === name)!.usage;
      expect(flags(line), `README: review-assistant ${line}\n--help: review-assistant ${name} ${usage}`).toEqual(flags(usage));
      checked.push(name!);
    }
    // The blocks this test exists for are among those found.
    expect(checked).toEqual(expect.arrayContaining(['record', 'compose', 'run', 'doctor', 'sandbox', 'check', 'export', 'texts']));
  });
});
