// Lists every CLI command module in `--help` order and loads a module only when one of its commands runs.
import type { Command, CommandInfo } from '../command';

/**
 * Every command of the CLI, by module, in the order of `review-assistant --help`. A module is
 * loaded only when one of its commands runs (the built CLI keeps each in its own chunk), so
 * `profile list` never loads the recorder. Add a module here.
 */
export const COMMAND_MODULES: ReadonlyArray<{ id: string; load(): Promise<Command[]> }> = [
  { id: 'profile', load: async () => (await import('./profile')).PROFILE_COMMANDS },
  { id: 'vault', load: async () => (await import('./vault')).VAULT_COMMANDS },
  { id: 'texts', load: async () => [(await import('./texts')).textsCommand] },
  { id: 'check', load: async () => [(await import('./check')).checkCommand] },
  { id: 'export', load: async () => [(await import('./export')).exportCommand] },
  { id: 'ui', load: async () => [(await import('./ui')).uiCommand] },
  { id: 'sandbox', load: async () => [(await import('./sandbox')).sandboxCommand] },
  { id: 'doctor', load: async () => [(await import('./doctor')).doctorCommand] },
  { id: 'run', load: async () => [(await import('./run')).runCommand] },
  { id: 'record', load: async () => [(await import('./record')).recordCommand] },
  { id: 'scenario', load: async () => (await import('./scenario')).SCENARIO_COMMANDS },
  { id: 'compose', load: async () => [(await import('./compose')).composeCommand] },
  { id: 'demo', load: async () => [(await import('./demo')).demoCommand] },
  { id: 'bench', load: async () => [(await import('./bench')).benchCommand] },
];

/** What `--help` and the option parser need of a command, without loading it. */
export function describeCommand(c: Command, module: string): CommandInfo {
  return {
    module,
    name: c.name,
    summary: c.summary,
    usage: c.usage,
    help: c.help,
    ...(c.options ? { options: c.options } : {}),
    ...(c.noJson ? { noJson: true } : {}),
  };
}

/** Loads every module: the whole catalog (for the built CLI's manifest, and when run from source). */
export async function loadCatalog(): Promise<CommandInfo[]> {
  const out: CommandInfo[] = [];
  for (const m of COMMAND_MODULES) for (const c of await m.load()) out.push(describeCommand(c, m.id));
  return out;
}

/** The command named by `info`, from its module. */
export async function loadCommand(info: CommandInfo): Promise<Command> {
  const m = COMMAND_MODULES.find((x) => x.id === info.module);
  const c = (await m?.load())?.find((x) => x.name === info.name);
  if (!c) throw new Error(`the CLI's command list names "${info.name}" in module "${info.module}", which does not have it: rebuild the CLI (delete dist/cli)`);
  return c;
}
