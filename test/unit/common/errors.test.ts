// Proves errors shown in the app keep their fields and useful hints but drop hints that name a command or flag.
import { describe, expect, it } from 'vitest';
import { UserError, forApp } from '../../../app/common/errors';

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
