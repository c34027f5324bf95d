// Proves which scenes each permission's clip holds, and which composed segments make up a clip.
import { describe, expect, it } from 'vitest';
import { CLIP_CARD_SEC, clipFor, clipPermissions, clipShownAtSec, demoShownAtSec } from '../../../app/recorder/clips';
import type { Chapter } from '../../../app/recorder/compose/video-time';

const ch = (sceneId: string, start: number, end: number, permissions: string[]): Chapter => ({ sceneId, title: sceneId, permissions, start, end });
const chapters = [
  ch('admin-login', 3, 10, []),
  ch('consent', 10, 20, ['pages_show_list']),
  ch('webhook', 20, 25, ['pages_manage_metadata']),
  ch('operator', 25, 30, []),
  ch('message', 30, 40, ['pages_messaging']),
  ch('profile', 40, 44, ['business_asset_user_profile_access']),
  ch('reply', 44, 50, ['pages_messaging']),
];

describe('clip cut lists', () => {
  it('pages_show_list: the login and the consent', () => {
    expect(clipFor(chapters, 'pages_show_list').segments).toEqual([{ start: 3, end: 20 }]);
  });
  it('permissions granted in the consent open with login + consent, then their own scenes', () => {
    expect(clipFor(chapters, 'pages_manage_metadata').segments).toEqual([{ start: 3, end: 25 }]);
    expect(clipFor(chapters, 'pages_messaging').segments).toEqual([
      { start: 3, end: 20 },
      { start: 30, end: 40 },
      { start: 44, end: 50 },
    ]);
  });
  it('the profile-access feature shows its scenes with the scene before each (no consent)', () => {
    const c = clipFor(chapters, 'business_asset_user_profile_access');
    expect(c.segments).toEqual([{ start: 30, end: 44 }]);
    expect(c.scenes.map((s) => s.sceneId)).toEqual(['message', 'profile']);
  });
  it('no scene names the permission: no clip', () => {
    expect(clipFor(chapters, 'instagram_basic').segments).toEqual([]);
  });
  it('defaults to every permission a scene names, in order', () => {
    expect(clipPermissions(chapters, [])).toEqual(['pages_show_list', 'pages_manage_metadata', 'pages_messaging', 'business_asset_user_profile_access']);
    expect(clipPermissions(chapters, ['pages_messaging'])).toEqual(['pages_messaging']);
  });
});

describe('where a clip shows its permission (the report poster)', () => {
  it('half a second before the end of the last scene that names the permission, in clip time', () => {
    // pages_show_list: card, then login 3–10 and consent 10–20: the consent's end, at 2.5 + 17 − 0.5.
    expect(clipShownAtSec(chapters, 'pages_show_list')).toBeCloseTo(CLIP_CARD_SEC + 16.5, 9);
    // pages_manage_metadata: login + consent (17 s), then the webhook scene 20–25.
    expect(clipShownAtSec(chapters, 'pages_manage_metadata')).toBeCloseTo(CLIP_CARD_SEC + 17 + 4.5, 9);
    // pages_messaging: login + consent (17), message (10), reply (6): the reply's end, not the consent's.
    expect(clipShownAtSec(chapters, 'pages_messaging')).toBeCloseTo(CLIP_CARD_SEC + 17 + 10 + 5.5, 9);
    // The profile feature: message (10) as context, then its own scene (4).
    expect(clipShownAtSec(chapters, 'business_asset_user_profile_access')).toBeCloseTo(CLIP_CARD_SEC + 10 + 3.5, 9);
  });
  it('a scene shorter than the lead: its start; no scene names the permission: undefined', () => {
    // The clip holds only scene b (p is not granted in the consent): the card, then b from its start.
    expect(clipShownAtSec([ch('a', 0, 5, []), ch('b', 5, 5.2, ['p'])], 'p')).toBe(CLIP_CARD_SEC);
    expect(clipShownAtSec(chapters, 'instagram_basic')).toBeUndefined();
  });
  it('the whole demo: just before the end of its last scene; no chapters: undefined', () => {
    expect(demoShownAtSec(chapters)).toBe(49.5);
    expect(demoShownAtSec([])).toBeUndefined();
  });
});

describe('clip parts', () => {
  it('takes the whole segments inside the clip ranges, in order', async () => {
    const { segmentsFor } = await import('../../../app/recorder/clips');
    const segs = [
      { start: 0, end: 3, file: 'a' },
      { start: 3, end: 13, file: 'b' },
      { start: 13, end: 20, file: 'c' },
      { start: 20, end: 25, file: 'd' },
      { start: 25, end: 30, file: 'e' },
    ];
    expect(
      segmentsFor(
        [
          { start: 3, end: 20 },
          { start: 25, end: 30 },
        ],
        segs,
      ).map((s) => s.file),
    ).toEqual(['b', 'c', 'e']);
    // A range boundary is a segment boundary up to float noise.
    expect(segmentsFor([{ start: 13.0000001, end: 19.9999999 }], segs).map((s) => s.file)).toEqual(['c']);
    expect(segmentsFor([{ start: 14, end: 30 }], segs).map((s) => s.file)).toEqual(['d', 'e']);
  });
});
