import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../scripts/cli/command';
import { terminalHandOver } from '../../../scripts/cli/hand-over-prompt';

function fakeContext(): { ctx: CommandContext; err: string[] } {
  const err: string[] = [];
  const ctx = {
    args: [],
    values: {},
    dataDir: '/tmp/none',
    json: false,
    out: () => undefined,
    outJson: () => undefined,
    err: (s: string) => void err.push(s),
    signal: new AbortController().signal,
    env: {},
    prompt: async () => '',
  } satisfies CommandContext;
  return { ctx, err };
}

describe('the terminal\'s hand-over prompt', () => {
  it('says whose turn, which step and window, what to do and what was looked for, on standard error; then that it goes on', () => {
    const { ctx, err } = fakeContext();
    const h = terminalHandOver(ctx);
    h.onHandOver(
      {
        index: 8,
        stepId: 'admin-next',
        laneId: 'webitel',
        laneTitle: 'Webitel — administrator',
        action: 'click',
        caption: 'The administrator signs in.',
        instruction: 'The administrator signs in. — click it in the "Webitel — administrator" window',
        lookedFor: ['#next', '::-p-aria([name="Next"][role="button"])'],
        reason: 'none of the selectors matched a visible element',
        canFill: false,
        timeoutMs: 600_000,
      },
      { done: () => undefined, stop: () => undefined, fillForMe: () => undefined },
    );
    const text = err.join('');
    expect(text).toMatch(/^\n>>> Your turn \(step 9 "admin-next", Webitel — administrator window\): The administrator signs in\. — click it in the "Webitel — administrator" window\n/);
    expect(text).toContain('The runner looked for #next | ::-p-aria([name="Next"][role="button"]): none of the selectors matched a visible element');
    // No terminal in a test: the keys are not offered, Ctrl-C is.
    expect(text).toContain('continues by itself once the step is done (Ctrl-C stops)');
    h.onHandOverEnd(8);
    expect(err.at(-1)).toBe('>>> Done, going on.\n');
  });
});
