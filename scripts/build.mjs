#!/usr/bin/env node
// Builds everything the desktop app and the browser mode load:
//   dist/renderer/  the React UI (Vite)
//   dist/shell/     Electron main (main.cjs) and preload (preload.cjs) (esbuild)
// Usage: node scripts/build.mjs [--renderer] [--shell]   (default: both)
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { readFile } from 'node:fs/promises';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = new Set(process.argv.slice(2));
const all = !args.has('--renderer') && !args.has('--shell');

export async function buildRenderer() {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

/**
 * Modules find their assets next to themselves (`import.meta.url`: fonts, sandbox pages, the
 * default scenario). In the one-file bundle every module would otherwise see dist/shell/main.cjs,
 * so each module's `import.meta.url` is pointed at its source path under the app root (which the
 * package ships: see electron-builder.yml `files`).
 */
const sourceMetaUrl = {
  name: 'source-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]app[\\/].*\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = path.relative(root, args.path).split(path.sep).join('/');
      const expr = `require("url").pathToFileURL(require("path").join(__dirname, "..", "..", ${JSON.stringify(rel)})).href`;
      return { contents: text.replaceAll('import.meta.url', expr), loader: 'ts' };
    });
  },
};

export async function buildShell() {
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    absWorkingDir: root,
    // Native and binary-carrying packages stay in node_modules (asarUnpack'ed where needed).
    external: ['electron', 'puppeteer-core', 'ws', 'fluent-ffmpeg', '@ffmpeg-installer/*', '@ffprobe-installer/*', 'yazl', 'yauzl'],
  };
  await esbuild({ ...common, entryPoints: ['app/shell/main.ts'], outfile: 'dist/shell/main.cjs', plugins: [sourceMetaUrl] });
  // The preload runs in a sandboxed renderer: one self-contained file, only `electron` external.
  await esbuild({ ...common, entryPoints: ['app/shell/preload.ts'], outfile: 'dist/shell/preload.cjs', external: ['electron'] });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  if (all || args.has('--renderer')) await buildRenderer();
  if (all || args.has('--shell')) await buildShell();
  process.stdout.write(`built dist/ in ${Date.now() - t0} ms\n`);
}
