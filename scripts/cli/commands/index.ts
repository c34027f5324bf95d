import type { Command } from '../command';
import { PROFILE_COMMANDS } from './profile';
import { textsCommand } from './texts';
import { uiCommand } from './ui';

/**
 * Every command of the CLI. Each lives in its own module; add yours here.
 * Order is the order of `review-assistant --help`.
 */
export const COMMANDS: Command[] = [...PROFILE_COMMANDS, textsCommand, uiCommand];
