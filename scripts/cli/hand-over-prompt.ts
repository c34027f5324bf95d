// The terminal side of a hand-over (">>> Your turn …") and of `run --step-through`.
import type { HandOverControl, HandOverInfo, RunOptions, StepThroughAnswer, StepThroughInfo } from '../../app/recorder/runner/types';
import type { CommandContext } from './command';
import { askLine, hasTerminal } from './terminal-line';

/** Prints the hand-over outside the recorded picture; on a terminal, Enter = done, f = fill it for me, q = stop. */
export function terminalHandOver(
  ctx: CommandContext,
  input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
): Required<Pick<RunOptions, 'onHandOver' | 'onHandOverEnd'>> {
  let asking: AbortController | null = null;
  const keys = hasTerminal(input);
  return {
    onHandOver(info: HandOverInfo, control: HandOverControl) {
      const looked = info.lookedFor.length ? `looked for ${info.lookedFor.join(' | ')}` : 'waited';
      ctx.err(
        `\n>>> Your turn (step ${info.index + 1} "${info.stepId}", ${info.laneTitle} window): ${info.instruction}\n` +
          `    The runner ${looked}: ${info.reason}\n` +
          `    The recording goes on; it continues by itself once the step is done${keys ? `. Enter = done${info.canFill ? ', f = fill it for me (click into the field first)' : ''}, q = stop` : ' (Ctrl-C stops)'}.\n`,
      );
      if (!keys) return;
      asking?.abort();
      const ac = new AbortController();
      asking = ac;
      const onCancel = () => ac.abort();
      ctx.signal.addEventListener('abort', onCancel, { once: true });
      void (async () => {
        for (;;) {
          const line = await askLine('>>> ', ac.signal, input);
          if (line === null) break;
          const a = line.trim().toLowerCase();
          if (a === 'q') control.stop();
          else if (a === 'f' && info.canFill) {
            control.fillForMe();
            continue;
          } else if (a === '') control.done();
          else {
            ctx.err(`    Enter = done${info.canFill ? ', f = fill it for me' : ''}, q = stop\n`);
            continue;
          }
          break;
        }
        ctx.signal.removeEventListener('abort', onCancel);
      })();
    },
    onHandOverEnd(_index, how) {
      asking?.abort();
      asking = null;
      // A stop is told once, by the run's end ("Stopped at step …, as you asked").
      if (how === 'done') ctx.err('>>> Done, going on.\n');
    },
  };
}

/** `run --step-through`: before each step, Enter to go, s to skip an optional step, q to stop. */
export function terminalStepThrough(ctx: CommandContext, total: number, input: NodeJS.ReadableStream = process.stdin): NonNullable<RunOptions['beforeStep']> {
  return async (info: StepThroughInfo): Promise<StepThroughAnswer> => {
    for (;;) {
      const line = await askLine(
        `\n[${info.index + 1}/${total}] ${info.laneId}: ${info.caption}${info.optional ? ' (optional)' : ''}\n    Enter = go${info.optional ? ', s = skip' : ''}, q = stop: `,
        ctx.signal,
        input,
      );
      if (line === null) return 'stop';
      const a = line.trim().toLowerCase();
      if (a === '') return 'go';
      if (a === 'q') return 'stop';
      if (a === 's' && info.optional) return 'skip';
      ctx.err(
        a === 's'
          ? '    Only optional steps can be skipped: this one is needed by the steps after it.\n'
          : '    Enter = go, s = skip (optional steps), q = stop\n',
      );
    }
  };
}
