// Proves accessible names match regardless of case and white space, as CSS upper-casing changes them.
import { describe, expect, it } from 'vitest';
import { caseVariants, foldName, sameAccessibleName } from '../../../app/recorder/runner/aria-names';

describe('accessible names match without regard to case', () => {
  it("treats the CSS-upper-cased name of a Webitel button as the scenario's name", () => {
    expect(sameAccessibleName('NEXT', 'Next')).toBe(true);
    expect(sameAccessibleName('ADD OR REMOVE PAGES', 'Add or remove pages')).toBe(true);
    expect(sameAccessibleName('log in', 'Log in')).toBe(true);
    expect(sameAccessibleName('  Log\n  in ', 'Log in')).toBe(true);
  });

  it('still tells different names apart', () => {
    expect(sameAccessibleName('NEXT STEP', 'Next')).toBe(false);
    expect(sameAccessibleName('Log out', 'Log in')).toBe(false);
    expect(sameAccessibleName('', 'Next')).toBe(false);
    expect(sameAccessibleName(undefined, 'Next')).toBe(false);
    expect(sameAccessibleName(null, 'Next')).toBe(false);
  });

  it('folds case and white space only', () => {
    expect(foldName(' Ok\t')).toBe('ok');
    expect(foldName('Çalış')).toBe('çalış');
  });

  it('lists the spellings text-transform can give, each once', () => {
    expect(caseVariants('Add or remove pages')).toEqual(['Add or remove pages', 'ADD OR REMOVE PAGES', 'add or remove pages', 'Add Or Remove Pages']);
    // capitalize only raises first letters, as CSS does: "OK" stays "OK".
    expect(caseVariants('OK')).toEqual(['OK', 'ok']);
    expect(caseVariants('ok')).toEqual(['ok', 'OK', 'Ok']);
  });
});
