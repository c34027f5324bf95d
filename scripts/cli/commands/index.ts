import type { Command } from '../command';
import { benchCommand } from './bench';
import { checkCommand } from './check';
import { composeCommand } from './compose';
import { demoCommand } from './demo';
import { doctorCommand } from './doctor';
import { exportCommand } from './export';
import { PROFILE_COMMANDS } from './profile';
import { recordCommand } from './record';
import { runCommand } from './run';
import { sandboxCommand } from './sandbox';
import { SCENARIO_COMMANDS } from './scenario';
import { textsCommand } from './texts';
import { uiCommand } from './ui';
import { VAULT_COMMANDS } from './vault';

/**
 * Every command of the CLI. Each lives in its own module; add yours here.
 * Order is the order of `review-assistant --help`.
 */
export const COMMANDS: Command[] = [...PROFILE_COMMANDS, ...VAULT_COMMANDS, textsCommand, checkCommand, exportCommand, uiCommand, sandboxCommand, doctorCommand, runCommand, recordCommand, ...SCENARIO_COMMANDS, composeCommand, demoCommand, benchCommand];
