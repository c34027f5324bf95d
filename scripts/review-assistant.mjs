#!/usr/bin/env node
// The `review-assistant` command. Runs the CLI built from the current sources (built on the first
// call after a change, about a second: scripts/cli-build.mjs); without esbuild (an install without
// dev dependencies), runs the TypeScript sources through tsx instead.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

let run;
if (process.env.REVIEW_ASSISTANT_CLI_FROM_SOURCE !== '1') {
  try {
    const { ensureCliBuilt } = await import('./cli-build.mjs');
    const dir = await ensureCliBuilt();
    const catalog = JSON.parse(readFileSync(path.join(dir, 'catalog.json'), 'utf8'));
    const { main } = await import(pathToFileURL(path.join(dir, 'main.js')).href);
    run = (argv) => main(argv, { catalog });
  } catch (e) {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes("'esbuild'")) throw e;
  }
}
if (!run) {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('./cli/main.ts');
  run = (argv) => main(argv);
}
process.exitCode = await run(process.argv.slice(2));
