// Asks a question on the terminal, without echo for secrets, and refuses clearly when there is no terminal.
import readline from 'node:readline';
import { UserError } from '../../app/common/errors';

/** Reads a line from the terminal; with `secret` the typed characters are not echoed. */
export async function promptLine(question: string, opts: { secret?: boolean } = {}): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new UserError('usage', `cannot ask "${question.trim()}": no terminal`, {
      hint: 'set REVIEW_ASSISTANT_PASSPHRASE (or pass the value as an option) when running without a terminal',
    });
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (opts.secret) {
    // Mute echo: readline writes through _writeToOutput; replace typed characters.
    const r = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
    let asked = false;
    r._writeToOutput = (s: string) => {
      if (!asked) {
        r.output.write(s);
        asked = true;
      } else if (s.includes('\n') || s.includes('\r')) r.output.write('\n');
    };
  }
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
  }
}
