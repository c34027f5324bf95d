// The CLI's entry: parses global options, prints help, finds the command and turns its errors into messages and exit codes.
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../../app/common/data-dir';
import { formatError, isUserError } from '../../app/common/errors';
import { EXIT, type CommandContext, type CommandInfo, type OptionSpec } from './command';
import { loadCatalog, loadCommand } from './commands/index';
import { promptLine } from './prompt';

const GLOBAL_OPTIONS: OptionSpec = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};
/** The global options that may also come before the command words (help there is the overview). */
const LEADING_GLOBALS = Object.keys(GLOBAL_OPTIONS).filter((k) => k !== 'help');

export interface MainIO {
  stdout?: (s: string) => void;
  stderr?: (s: string) => void;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** The command list made when the CLI was built (dist/cli); else every command module is loaded to make it. */
  catalog?: CommandInfo[];
}

function findCommand(COMMANDS: CommandInfo[], argv: string[]): { command: CommandInfo; rest: string[] } | undefined {
  const words: string[] = [];
  for (const a of argv) {
    if (a.startsWith('-')) break;
    words.push(a);
  }
  let best: CommandInfo | undefined;
  for (const c of COMMANDS) {
    const parts = c.name.split(' ');
    if (parts.length <= words.length && parts.every((p, i) => words[i] === p)) {
      if (!best || parts.length > best.name.split(' ').length) best = c;
    }
  }
  if (!best) return undefined;
  const n = best.name.split(' ').length;
  return { command: best, rest: argv.slice(n) };
}

/**
 * Global options written before the command words (`--data-dir DIR profile list`, as many CLIs
 * take them) split from the rest, to be parsed after the command is found.
 */
function leadingGlobals(argv: string[]): { globals: string[]; args: string[] } {
  let i = 0;
  while (i < argv.length) {
    const [name, inline] = argv[i]!.replace(/^--/, '').split('=', 2) as [string, string | undefined];
    const spec = argv[i]!.startsWith('--') && LEADING_GLOBALS.includes(name) ? GLOBAL_OPTIONS[name] : undefined;
    if (!spec) break;
    // An option that takes a value takes the next word, unless it came with `=`.
    const takes = spec.type === 'string' && inline === undefined ? 2 : 1;
    if (i + takes > argv.length) break;
    i += takes;
  }
  return { globals: argv.slice(0, i), args: argv.slice(i) };
}

export function overview(COMMANDS: CommandInfo[]): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'review-assistant — prepare a Webitel Messenger gateway for Meta App Review',
    '',
    'Usage: review-assistant <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options (before or after the command words):',
    '  --data-dir DIR   where submissions and recordings live (default: the OS user-data folder;',
    '                   also REVIEW_ASSISTANT_DATA)',
    '  --json           print results as JSON (commands that print data)',
    '  -h, --help       help for a command: review-assistant <command> --help',
    '',
    'Exit codes: 0 ok, 1 failed, 2 bad usage.',
  ].join('\n');
}

export function commandHelp(c: CommandInfo): string {
  return [`Usage: review-assistant ${c.name} ${c.usage}`.trimEnd(), '', c.summary, '', c.help.trim(), ''].join('\n');
}

export async function main(argvGiven: string[], io: MainIO = {}): Promise<number> {
  const { globals, args: argv } = leadingGlobals(argvGiven);
  const stdout = io.stdout ?? ((s: string) => process.stdout.write(s));
  const stderr = io.stderr ?? ((s: string) => process.stderr.write(s));
  const env = io.env ?? process.env;
  const catalog = io.catalog ?? (await loadCatalog());

  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    const target = argv[0] === 'help' ? findCommand(catalog, argv.slice(1)) : undefined;
    stdout((target ? commandHelp(target.command) : overview(catalog)) + '\n');
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  if (argv[0] === '--version') {
    stdout('0.1.0\n');
    return EXIT.ok;
  }

  const found = findCommand(catalog, argv);
  if (!found) {
    stderr(
      argv[0]!.startsWith('-')
        ? `error: "${argv[0]}" comes before the command, where only ${LEADING_GLOBALS.map((k) => `--${k}`).join(' and ')} may\nhint: write it after the command words (review-assistant <command> [options]); "review-assistant --help" lists the commands\n`
        : `error: unknown command "${argv.filter((a) => !a.startsWith('-')).join(' ')}"\nhint: run "review-assistant --help" for the list of commands\n`,
    );
    return EXIT.usage;
  }
  const { command } = found;
  const rest = [...globals, ...found.rest];

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...(command.options ?? {}) }, allowPositionals: true, strict: true });
  } catch (e) {
    stderr(`error: ${(e as Error).message}\nhint: run "review-assistant ${command.name} --help"\n`);
    return EXIT.usage;
  }
  const values = parsed.values as CommandContext['values'];
  if (values.help) {
    stdout(commandHelp(command) + '\n');
    return EXIT.ok;
  }
  if (values.json && command.noJson) {
    stderr(`error: "${command.name}" prints no data, so it takes no --json\n`);
    return EXIT.usage;
  }

  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    stderr('\nCancelling… (press Ctrl-C again to quit at once)\n');
    controller.abort(new Error('cancelled by Ctrl-C'));
  };
  // SIGTERM (kill, a service manager, a closing terminal's SIGHUP) cancels as Ctrl-C does: the run
  // is marked cancelled and its browsers and screens closed. Unhandled, it ended the process with
  // the run left "recording" (or, once the browsers ran, puppeteer closed them and the run failed
  // as if a browser had crashed).
  const onTerm = (sig: 'SIGTERM' | 'SIGHUP') => () => {
    if (controller.signal.aborted) process.exit(sig === 'SIGTERM' ? 143 : 129);
    stderr(`\nCancelling (${sig})…\n`);
    controller.abort(new Error(`cancelled by ${sig}`));
  };
  const onSigterm = onTerm('SIGTERM');
  const onSighup = onTerm('SIGHUP');
  if (!io.signal) {
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
    process.on('SIGHUP', onSighup);
  }
  io.signal?.addEventListener('abort', () => controller.abort(io.signal?.reason), { once: true });

  const ctx: CommandContext = {
    args: parsed.positionals,
    values,
    dataDir: resolveDataDir({ flag: values['data-dir'] as string | undefined, env }),
    json: values.json === true,
    out: (t) => stdout(t.endsWith('\n') ? t : t + '\n'),
    outJson: (v) => stdout(JSON.stringify(v, null, 2) + '\n'),
    err: (t) => stderr(t.endsWith('\n') ? t : t + '\n'),
    signal: controller.signal,
    env,
    prompt: (q, o) => promptLine(q, o),
  };
  try {
    return await (await loadCommand(command)).run(ctx);
  } catch (e) {
    if (ctx.json)
      stdout(
        JSON.stringify(
          { ok: false, error: isUserError(e) ? e.toJSON() : { kind: 'internal', message: String((e as Error)?.message ?? e), issues: [] } },
          null,
          2,
        ) + '\n',
      );
    stderr(formatError(e) + '\n');
    if (!isUserError(e) && env.REVIEW_ASSISTANT_DEBUG) stderr(String((e as Error)?.stack) + '\n');
    return isUserError(e) && e.kind === 'usage' ? EXIT.usage : EXIT.failed;
  } finally {
    if (!io.signal) {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
      process.off('SIGHUP', onSighup);
    }
  }
}
