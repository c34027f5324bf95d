// Proves errors shown in the app keep their fields and useful hints but drop hints that name a command or flag.
import { describe, expect, it } from 'vitest';
import { UserError, forApp, formatError } from '../../../app/common/errors';

describe('errors as the app shows them (forApp)', () => {
  it("uses the app's own hint where the error has one", () => {
    const e = new UserError('conflict', 'a profile named "x" already exists', {
      hint: 'import under another name with --name NEW',
      appHint: 'delete the existing submission first',
    });
    expect(forApp(e)).toEqual({ kind: 'conflict', message: 'a profile named "x" already exists', hint: 'delete the existing submission first', issues: [] });
    expect(e.toJSON().hint).toBe('import under another name with --name NEW');
  });

  it('drops a hint that names a command or a flag rather than show it in the app', () => {
    for (const hint of ['see "review-assistant profile set --help"', 'run it with --force', 'pass (--profile NAME)']) {
      expect(forApp(new UserError('usage', 'no such field', { hint })), hint).not.toHaveProperty('hint');
    }
  });

  it('keeps a hint that speaks to anyone, and the named fields', () => {
    const e = new UserError('validation', 'bad input', {
      hint: 'fill them in under Gateway & credentials',
      issues: [{ field: 'gateway.appId', message: 'enter the App ID' }],
    });
    expect(forApp(e)).toMatchObject({ hint: 'fill them in under Gateway & credentials', issues: [{ field: 'gateway.appId' }] });
  });

  it("says the app's own message where the error has one (steps by caption, windows by title), the command line keeps its own", () => {
    const e = new UserError('external', 'step 2/5 "login" (lane "a", click) failed', {
      appMessage: 'Step 2, “The admin logs in” (in the Webitel window) did not work',
    });
    expect(forApp(e).message).toBe('Step 2, “The admin logs in” (in the Webitel window) did not work');
    expect(e.toJSON().message).toBe('step 2/5 "login" (lane "a", click) failed');
  });
});

describe('errors as the terminal says them (formatError)', () => {
  it('a stop the person asked for is one calm line, no "error:"; a hint (what they can still do) on a line of its own', () => {
    const e = new UserError('cancelled', 'stopped at step 5 "next" while it was handed to you, as you asked; nothing was composed', { calm: true });
    expect(formatError(e)).toBe('Stopped at step 5 "next" while it was handed to you, as you asked; nothing was composed.');
    const learn = new UserError('cancelled', 'stopped at step 5 "next", as you asked', { calm: true, hint: 'you did 1 step by hand before it' });
    expect(formatError(learn)).toBe('Stopped at step 5 "next", as you asked.\nYou did 1 step by hand before it.');
    // Any other cancel or failure is still told as an error, with its hint.
    expect(formatError(new UserError('cancelled', 'the recording was cancelled during launch', { hint: 'record again when ready' }))).toBe(
      'error: the recording was cancelled during launch\nhint: record again when ready',
    );
  });
});
