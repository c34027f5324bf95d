// Proves an effect's late answer is dropped once a newer question replaced it, and kept until then.
import { describe, expect, it } from 'vitest';
import { latestOnly } from '../../../renderer/state/latest-only';

describe('latestOnly', () => {
  it('passes answers on until done, and drops them after', () => {
    const got: string[] = [];
    const first = latestOnly();
    const second = latestOnly();
    const setFirst = first.keep((v: string) => got.push(`first ${v}`));
    setFirst('a');
    first.done();
    setFirst('late');
    second.keep((v: string) => got.push(`second ${v}`))('b');
    expect(got).toEqual(['first a', 'second b']);
  });
});
