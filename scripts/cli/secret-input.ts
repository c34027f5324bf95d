// Reads passphrases and secrets for the CLI from an environment variable, a piped line or the terminal.
import { UserError } from '../../app/common/errors';
import type { CommandContext } from './command';

let stdinLines: Promise<string[]> | undefined;

/** All of standard input as lines, read once (for values piped in without a terminal). */
function readStdinLines(): Promise<string[]> {
  stdinLines ??= new Promise<string[]>((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8').split(/\r?\n/)));
    process.stdin.on('error', reject);
  });
  return stdinLines;
}

let stdinCursor = 0;

export function hasTerminal(): boolean {
  return process.stdin.isTTY === true;
}

/**
 * A secret the person types (not echoed) or, without a terminal, the next line of
 * standard input — so secrets never have to appear on the command line.
 */
export async function readSecret(ctx: CommandContext, question: string): Promise<string> {
  if (hasTerminal()) return ctx.prompt(question, { secret: true });
  const lines = await readStdinLines();
  const line = lines[stdinCursor++];
  if (line === undefined || (line === '' && stdinCursor >= lines.length)) {
    throw new UserError('usage', `no value for "${question.replace(/:\s*$/, '')}" on standard input`, {
      hint: 'pipe one line per "-" value, e.g. printf "%s\\n" "$SECRET" | review-assistant profile set NAME gateway.appSecret=-',
    });
  }
  return line;
}

/** A new passphrase: from the environment variable, or asked twice at the terminal. */
export async function newPassphrase(ctx: CommandContext, envVar: string, what: string): Promise<string> {
  const fromEnv = ctx.env[envVar];
  if (fromEnv) return fromEnv;
  if (!hasTerminal()) {
    throw new UserError('locked', `a passphrase is needed for ${what} and there is no terminal to ask for it`, { hint: `set ${envVar}` });
  }
  const a = await ctx.prompt(`Choose a passphrase for ${what}: `, { secret: true });
  const b = await ctx.prompt('Repeat the passphrase: ', { secret: true });
  if (a !== b) throw new UserError('validation', 'the two passphrases differ; nothing was changed', { hint: 'run the command again' });
  return a;
}

/** An existing passphrase: from the environment variable, or asked once at the terminal. */
export async function existingPassphrase(ctx: CommandContext, envVar: string, what: string): Promise<string> {
  const fromEnv = ctx.env[envVar];
  if (fromEnv) return fromEnv;
  if (!hasTerminal()) {
    throw new UserError('locked', `the passphrase of ${what} is needed and there is no terminal to ask for it`, { hint: `set ${envVar}` });
  }
  return ctx.prompt(`Passphrase of ${what}: `, { secret: true });
}
