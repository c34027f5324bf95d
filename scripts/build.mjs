#!/usr/bin/env node
// Builds everything the desktop app and the browser mode load:
//   dist/renderer/  the React UI (Vite)
//   dist/shell/     Electron main (main.cjs) and preload (preload.cjs) (esbuild)
// Usage: node scripts/build.mjs [--renderer] [--shell]   (default: both)
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = new Set(process.argv.slice(2));
const all = !args.has('--renderer') && !args.has('--shell');

export async function buildRenderer() {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

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
    external: ['electron', 'puppeteer-core', 'fluent-ffmpeg', '@ffmpeg-installer/*', '@ffprobe-installer/*', 'yazl', 'yauzl'],
  };
  await esbuild({ ...common, entryPoints: ['app/shell/main.ts'], outfile: 'dist/shell/main.cjs', define: { 'import.meta.url': '__import_meta_url' }, banner: { js: 'const __import_meta_url = require("url").pathToFileURL(__filename).href;' } });
  // The preload runs in a sandboxed renderer: one self-contained file, only `electron` external.
  await esbuild({ ...common, entryPoints: ['app/shell/preload.ts'], outfile: 'dist/shell/preload.cjs', external: ['electron'] });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  if (all || args.has('--renderer')) await buildRenderer();
  if (all || args.has('--shell')) await buildShell();
  process.stdout.write(`built dist/ in ${Date.now() - t0} ms\n`);
}
