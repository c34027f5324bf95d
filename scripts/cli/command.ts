// What every CLI command is: its words, usage, help, options, and the context and exit codes it runs with.
import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  /** Positionals after the command words. */
  args: string[];
  /** Parsed options (global ones included). */
  values: Record<string, string | boolean | string[] | undefined>;
  dataDir: string;
  json: boolean;
  /** Standard output: results. */
  out(text: string): void;
  /** Prints a value as JSON on standard output. */
  outJson(value: unknown): void;
  /** Standard error: progress and diagnostics (never mixed into --json output). */
  err(text: string): void;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
  /** Asks the person at the terminal; rejects when there is no terminal. */
  prompt(question: string, opts?: { secret?: boolean }): Promise<string>;
}

export interface Command {
  /** Command words, e.g. `profile create`. */
  name: string;
  summary: string;
  /** Usage line(s) after `review-assistant <name>`, e.g. `--profile NAME [--json]`. */
  usage: string;
  /** Longer help: what it does, options, examples. */
  help: string;
  options?: OptionSpec;
  /** True when the command takes no --json (it prints no data). */
  noJson?: boolean;
  run(ctx: CommandContext): Promise<number>;
}

/** A command as `--help` and the option parser see it, and the module that holds it. */
export type CommandInfo = Omit<Command, 'run'> & { module: string };

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
