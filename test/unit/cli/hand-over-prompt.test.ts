// Proves the terminal's hand-over prompt and --step-through: what they say, and the keys that fill, finish, skip or stop.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../scripts/cli/command';
import { terminalHandOver, terminalStepThrough } from '../../../scripts/cli/hand-over-prompt';

/** A terminal's keyboard: lines typed into it later. */
function keyboard(): PassThrough & { isTTY: boolean } {
  return Object.assign(new PassThrough(), { isTTY: true });
}
const tick = () => new Promise((r) => setTimeout(r, 20));

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

describe("the terminal's hand-over prompt", () => {
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
        name: 'Step N',
        instruction: 'The administrator signs in. — click it in the "Webitel — administrator" window',
        lookedFor: ['#next', '::-p-aria([name="Next"][role="button"])'],
        reason: 'none of the selectors matched a visible element',
        canFill: false,
        timeoutMs: 600_000,
      },
      { done: () => undefined, stop: () => undefined, fillForMe: () => undefined },
    );
    const text = err.join('');
    expect(text).toMatch(
      /^\n>>> Your turn \(step 9 "admin-next", Webitel — administrator window\): The administrator signs in\. — click it in the "Webitel — administrator" window\n/,
    );
    expect(text).toContain('The runner looked for #next | ::-p-aria([name="Next"][role="button"]): none of the selectors matched a visible element');
    // No terminal in a test: the keys are not offered, Ctrl-C is.
    expect(text).toContain('continues by itself once the step is done (Ctrl-C stops)');
    h.onHandOverEnd(8, 'done');
    expect(err.at(-1)).toBe('>>> Done, going on.\n');
  });

  it('a hand-over the person stopped, or that timed out, does not say "going on" (the run\'s end says how it ended)', () => {
    const { ctx, err } = fakeContext();
    const h = terminalHandOver(ctx);
    h.onHandOverEnd(8, 'stopped');
    h.onHandOverEnd(8, 'failed');
    expect(err.join('')).not.toContain('going on');
  });

  it('on a terminal: f asks the runner to fill, Enter says done; a hand-over that ended by itself stops listening', async () => {
    const { ctx, err } = fakeContext();
    const keys = keyboard();
    const h = terminalHandOver(ctx, keys);
    const said: string[] = [];
    const info = {
      index: 2,
      stepId: 'mail',
      laneId: 'a',
      laneTitle: 'Lane A',
      action: 'fill',
      name: 'Step N',
      instruction: 'Type',
      lookedFor: ['#email'],
      reason: 'none',
      canFill: true,
      timeoutMs: 1000,
    };
    h.onHandOver(info, { done: () => void said.push('done'), stop: () => void said.push('stop'), fillForMe: () => void said.push('fill') });
    expect(err.join('')).toContain('Enter = done, f = fill it for me (click into the field first), q = stop');
    keys.write('f\n');
    await tick();
    keys.write('x\n');
    await tick();
    keys.write('\n');
    await tick();
    expect(said).toEqual(['fill', 'done']);
    h.onHandOver(info, { done: () => void said.push('done2'), stop: () => void said.push('stop2'), fillForMe: () => undefined });
    h.onHandOverEnd(2, 'done');
    keys.write('q\n');
    await tick();
    expect(said).toEqual(['fill', 'done']);
  });
});

describe('--step-through on the terminal', () => {
  it('Enter goes, s skips an optional step only, q stops', async () => {
    const { ctx, err } = fakeContext();
    const keys = keyboard();
    const ask = terminalStepThrough(ctx, 3, keys);
    const step = (optional: boolean) => ({ index: 1, stepId: 'maybe', laneId: 'a', action: 'click', caption: 'Click it', optional });
    const a1 = ask(step(false));
    await tick();
    keys.write('s\n');
    await tick();
    keys.write('\n');
    expect(await a1).toBe('go');
    expect(err.join('')).toContain('Only optional steps can be skipped');
    const a2 = ask(step(true));
    await tick();
    keys.write('s\n');
    expect(await a2).toBe('skip');
    const a3 = ask(step(true));
    await tick();
    keys.write('q\n');
    expect(await a3).toBe('stop');
  });
});
