// Proves user edits of texts are kept beside the generated text, flagged stale when it changes, and reset cleanly.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../app/common/errors';
import { exportTexts, generateTexts, resetOverride, resolveText, resolveTexts, setOverride, orphanOverrides } from '../../../app/review/texts';
import { profile } from './profiles';

const NOW = new Date('2026-05-05T10:00:00.000Z');

describe('text overrides', () => {
  it('without overrides every text is the generated one', () => {
    const p = profile('acme');
    const rs = resolveTexts(p);
    expect(rs.map((r) => r.id)).toEqual([
      'description:pages_show_list',
      'description:pages_manage_metadata',
      'description:pages_messaging',
      'description:business_asset_user_profile_access',
      'reviewerInstructions',
      'setupNotes',
    ]);
    for (const r of rs) {
      expect(r.text).toBe(r.generated);
      expect(r.overridden).toBe(false);
      expect(r.stale).toBe(false);
      expect(r.chars).toBe([...r.text].length);
    }
  });

  it('keeps an edit next to the generated text, based on its hash, without touching the input', () => {
    const p = profile('acme');
    const before = structuredClone(p);
    const g = generateTexts(p).descriptions.pages_messaging!;
    const edited = setOverride(p, 'description:pages_messaging', 'My own words ✓', { now: NOW });
    expect(p).toEqual(before);
    expect(edited.texts.overrides['description:pages_messaging']).toEqual({ text: 'My own words ✓', basedOn: g.hash, editedAt: NOW.toISOString() });
    const r = resolveText(edited, 'description:pages_messaging');
    expect(r).toMatchObject({ text: 'My own words ✓', generated: g.text, overridden: true, stale: false, hash: g.hash, chars: 14 });
    expect(exportTexts(edited).descriptions.pages_messaging).toBe('My own words ✓');
    expect(exportTexts(edited).descriptions.pages_show_list).toBe(generateTexts(p).descriptions.pages_show_list!.text);
  });

  it('flags the edit as stale when the generated text changes afterwards, and only that text', () => {
    const p = setOverride(profile('acme'), 'description:pages_messaging', 'edited', { now: NOW });
    const changed = { ...p, reviewer: { ...p.reviewer, triggerMessage: 'Something else entirely' } };
    // The trigger message is not in the pages_messaging description: not stale.
    expect(resolveText(changed, 'description:pages_messaging').stale).toBe(false);
    const renamed = { ...p, metaApp: { ...p.metaApp, company: 'Acme Holdings' } };
    const r = resolveText(renamed, 'description:pages_messaging');
    expect(r.stale).toBe(true);
    expect(r.text).toBe('edited');
    expect(r.generated).toContain('Acme Holdings');
    // Editing again re-bases the override: no longer stale.
    expect(resolveText(setOverride(renamed, r.id, 'edited again'), r.id).stale).toBe(false);
  });

  it('setting the generated text again removes the override', () => {
    const p = setOverride(profile('acme'), 'reviewerInstructions', 'short', { now: NOW });
    const g = generateTexts(p).reviewerInstructions.text;
    const back = setOverride(p, 'reviewerInstructions', g);
    expect(back.texts.overrides).toEqual({});
    expect(resolveText(back, 'reviewerInstructions').overridden).toBe(false);
  });

  it('reset returns to the generated text; resetting an unedited text changes nothing', () => {
    const p = profile('acme');
    const edited = setOverride(setOverride(p, 'setupNotes', 'a'), 'reviewerInstructions', 'b');
    const reset = resetOverride(edited, 'setupNotes');
    expect(Object.keys(reset.texts.overrides)).toEqual(['reviewerInstructions']);
    expect(resolveText(reset, 'setupNotes').text).toBe(generateTexts(p).setupNotes.text);
    expect(resetOverride(p, 'setupNotes')).toBe(p);
  });

  it('unknown ids are errors naming the id', () => {
    const p = profile('acme');
    for (const bad of ['description:pages_read_engagement', 'reviewer-instructions', '']) {
      let err: unknown;
      try {
        setOverride(p, bad, 'x');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).kind).toBe('validation');
      expect((err as UserError).message).toContain(`"${bad}"`);
      expect(() => resetOverride(p, bad)).toThrow(UserError);
    }
  });

  it('a description of a permission that is not requested is not found, and old edits of it are reported', () => {
    const p = profile('initech'); // requests no pages_manage_metadata
    expect(() => setOverride(p, 'description:pages_manage_metadata', 'x')).toThrow(/not requested/);
    const withEdit = setOverride(p, 'description:pages_show_list', 'kept', { now: NOW });
    const dropped = { ...withEdit, permissions: withEdit.permissions.filter((x) => x.id !== 'pages_show_list') };
    expect(resolveTexts(dropped).some((r) => r.id === 'description:pages_show_list')).toBe(false);
    expect(orphanOverrides(dropped)).toEqual(['description:pages_show_list']);
  });
});
