// Proves `run --pace`: brisk by default only when nobody can watch (headless), either pace when asked, and a clear refusal of anything else.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../app/common/errors';
import { paceOption } from '../../../scripts/cli/commands/run';

describe('run --pace', () => {
  it('is brisk for a headless run and natural with windows, unless asked', () => {
    expect(paceOption(undefined, true)).toBe('brisk');
    expect(paceOption(undefined, false)).toBe('natural');
    expect(paceOption('natural', true)).toBe('natural');
    expect(paceOption('brisk', false)).toBe('brisk');
  });

  it('refuses another value as bad usage, naming the option and both values', () => {
    const e = (() => {
      try {
        paceOption('slow', true);
      } catch (x) {
        return x;
      }
    })() as UserError;
    expect(e).toBeInstanceOf(UserError);
    expect(e.kind).toBe('usage');
    expect(e.message).toBe('--pace must be brisk or natural, not "slow"');
  });
});
