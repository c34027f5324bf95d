// One line from the terminal that can be given up on (a hand-over that ended by itself, Ctrl-C).
import readline from 'node:readline';

/** Whether lines can be asked for at all (a terminal on standard input). */
export function hasTerminal(input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin): boolean {
  return input.isTTY === true;
}

/** Asks `question` on standard error; resolves with the line, or null once `signal` aborts. */
export function askLine(question: string, signal: AbortSignal, input: NodeJS.ReadableStream = process.stdin): Promise<string | null> {
  if (signal.aborted) return Promise.resolve(null);
  const rl = readline.createInterface({ input, output: process.stderr, terminal: hasTerminal(input as NodeJS.ReadableStream & { isTTY?: boolean }) });
  return new Promise<string | null>((resolve) => {
    let settled = false;
    const done = (v: string | null) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      rl.close();
      resolve(v);
    };
    const onAbort = () => done(null);
    signal.addEventListener('abort', onAbort, { once: true });
    rl.once('close', () => done(null));
    rl.question(question, (line) => done(line));
  });
}
