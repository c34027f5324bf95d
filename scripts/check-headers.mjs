// Fails listing every source file under app/, scripts/ and test/ that does not open with a comment saying what it is for (house rule).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = /\.(ts|tsx|mjs|cjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'release', '.tmp']);

function listFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) return SKIP_DIRS.has(name) ? [] : listFiles(p);
      return SOURCE.test(name) ? [p] : [];
    });
}

/** True when the text opens with a comment, or with a `#!` line followed by one. */
export function opensWithComment(text) {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = lines[0].startsWith('#!') ? (lines[1] ?? '') : lines[0];
  return /^\s*(\/\/|\/\*)/.test(first);
}

/** Every source file under the given folders whose first line is not a comment, as given paths. */
export function filesWithoutHeader(roots) {
  return roots.flatMap((root) => listFiles(root)).filter((file) => !opensWithComment(readFileSync(file, 'utf8')));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['app', 'scripts', 'test'];
  const missing = filesWithoutHeader(roots);
  if (missing.length) {
    console.error(`${missing.length} file(s) do not open with a one-line comment saying what the module is for:`);
    for (const file of missing) console.error(`  ${file}`);
    process.exit(1);
  }
  console.log(`Every source file under ${roots.join(', ')} opens with a comment.`);
}
