// Builds the CLI into one folder of ES modules (dist/cli/<sources key>/) so a call starts in a
// fraction of the time tsx needs to transpile the sources; each command module stays its own chunk.
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { readFile, rename, rm, writeFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SOURCES = ['app', 'scripts/cli', 'scripts/bench', 'scripts/cli-build.mjs', 'package.json', 'tsconfig.json'];
export const CLI_DIST = path.join(ROOT, 'dist', 'cli');

/** A key that changes whenever a source file is added, removed or changed (path, size, mtime). */
export function sourcesKey() {
  const h = createHash('sha1');
  const visit = (rel) => {
    const abs = path.join(ROOT, rel);
    let st;
    try {
      st = statSync(abs);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const e of readdirSync(abs).sort()) if (e !== 'node_modules') visit(path.join(rel, e));
    } else h.update(`${rel}\0${st.size}\0${st.mtimeMs}\n`);
  };
  for (const s of SOURCES) visit(s);
  return h.digest('hex').slice(0, 16);
}

/**
 * Modules find files next to their source (`import.meta.url`: sandbox pages, fonts, the default
 * scenario, the renderer); in a bundle that would be the chunk's place, so each module's own
 * source URL is put back, relative to the chunk so the tree can move.
 */
function sourceMetaUrl(outdir) {
  return {
    name: 'source-meta-url',
    setup(b) {
      b.onLoad({ filter: /[\\/](app|scripts)[\\/].*\.ts$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const rel = path.relative(outdir, args.path).split(path.sep).join('/');
        return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'ts' };
      });
    },
  };
}

function externalPackagesBut(bundled) {
  return {
    name: 'external-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => (bundled.test(args.path) ? undefined : { path: args.path, external: true }));
    },
  };
}

/**
 * Builds the CLI for the current sources unless already built; returns its folder. Safe when several
 * processes start at once (each builds aside, the first rename wins). Older builds are removed.
 */
export async function ensureCliBuilt(key = sourcesKey()) {
  const dir = path.join(CLI_DIST, key);
  try {
    statSync(path.join(dir, 'catalog.json'));
    return dir;
  } catch {
    // not built yet
  }
  const { build } = await import('esbuild');
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'scripts/cli/main.ts', catalog: 'scripts/cli/commands/index.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: tmp,
    // Packages load from node_modules as they are (binaries inside), except zod: its hundred small
    // modules cost more to find and link than to parse as part of the chunk that needs them.
    plugins: [sourceMetaUrl(dir), externalPackagesBut(/^zod(\/|$)/)],
    minifyWhitespace: true,
    logLevel: 'error',
  });
  const { loadCatalog } = await import(pathToFileURL(path.join(tmp, 'catalog.js')).href);
  await writeFile(path.join(tmp, 'catalog.json'), JSON.stringify(await loadCatalog()));
  await mkdir(CLI_DIST, { recursive: true });
  try {
    await rename(tmp, dir);
  } catch {
    await rm(tmp, { recursive: true, force: true }); // another process built the same sources first
  }
  for (const e of await readdir(CLI_DIST).catch(() => [])) {
    if (e !== key && !e.includes('.tmp-')) await rm(path.join(CLI_DIST, e), { recursive: true, force: true }).catch(() => undefined);
  }
  return dir;
}
