import type { Command } from '../command';

/**
 * Every command of the CLI. Each lives in its own module; add yours here.
 * Order is the order of `review-assistant --help`.
 */
export const COMMANDS: Command[] = [];
