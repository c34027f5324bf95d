#!/usr/bin/env node
// The `review-assistant` command. Runs the TypeScript sources through tsx so that a clone
// works right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
