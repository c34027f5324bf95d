// Proves the permission catalog: one entry per permission in demo order, its Graph calls, dependencies, scenes and docs links.
import { describe, expect, it } from 'vitest';
import { accessAdvice, CATALOG, catalogEntry, missingDependencies, recommendedAccessLevel } from '../../../app/review/catalog';
import { PERMISSION_IDS } from '../../../app/review/permission-ids';

describe('permission catalog', () => {
  it('has one entry per permission id, in the demo order', () => {
    expect(CATALOG.map((c) => c.id)).toEqual([...PERMISSION_IDS]);
    expect(catalogEntry('business_asset_user_profile_access').kind).toBe('feature');
    expect(CATALOG.filter((c) => c.kind === 'permission').map((c) => c.id)).toEqual(['pages_show_list', 'pages_manage_metadata', 'pages_messaging']);
  });

  it.each([
    ['pages_show_list', 'cloud', 'standard'],
    ['pages_manage_metadata', 'cloud', 'advanced'],
    ['pages_messaging', 'cloud', 'advanced'],
    ['business_asset_user_profile_access', 'cloud', 'advanced'],
    ['pages_show_list', 'on-premise', 'advanced'],
    ['pages_manage_metadata', 'on-premise', 'advanced'],
    ['pages_messaging', 'on-premise', 'advanced'],
    ['business_asset_user_profile_access', 'on-premise', 'advanced'],
  ] as const)('%s on %s: %s access', (id, deployment, level) => {
    expect(recommendedAccessLevel(id, deployment)).toBe(level);
    // The advice is Webitel's, never presented as a Meta rule.
    expect(accessAdvice(id, deployment).source).toBe('webitel');
  });

  it('knows the Graph calls behind each permission', () => {
    expect(catalogEntry('pages_show_list').graphCalls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /me/accounts']);
    expect(
      catalogEntry('pages_manage_metadata')
        .graphCalls.map((c) => c.method)
        .sort(),
    ).toEqual(['DELETE', 'GET', 'POST']);
    expect(catalogEntry('pages_messaging').graphCalls[0]!.path).toBe('/{page-id}/messages');
    expect(catalogEntry('business_asset_user_profile_access').graphCalls[0]!.path).toContain('profile_pic');
  });

  it('tags dependencies as Meta rule or inference', () => {
    const meta = catalogEntry('pages_manage_metadata').dependencies;
    expect(meta).toEqual([expect.objectContaining({ on: 'pages_show_list', source: 'meta' })]);
    const msg = catalogEntry('pages_messaging').dependencies;
    expect(msg.map((d) => d.on).sort()).toEqual(['pages_manage_metadata', 'pages_show_list']);
    for (const d of msg) {
      expect(d.source).toBe('inference');
      expect(d.note).toMatch(/not a quoted Meta rule/);
    }
  });

  it('lists the dependencies a request leaves out', () => {
    expect(missingDependencies(['pages_manage_metadata'])).toEqual([
      expect.objectContaining({ id: 'pages_manage_metadata', needs: 'pages_show_list', source: 'meta' }),
    ]);
    expect(missingDependencies([...PERMISSION_IDS])).toEqual([]);
    expect(missingDependencies(['business_asset_user_profile_access']).map((m) => m.needs)).toEqual(['pages_messaging']);
  });

  it('gives each permission its own demo scene and a docs link on developers.facebook.com', () => {
    expect(new Set(CATALOG.map((c) => c.demo.sceneId)).size).toBe(CATALOG.length);
    for (const c of CATALOG) expect(new URL(c.docs).hostname).toBe('developers.facebook.com');
  });
});
