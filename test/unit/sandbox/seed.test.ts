// Proves the sandbox's starting world: the sample seed is valid, and any profile (empty included) gives a complete world.
import { describe, expect, it } from 'vitest';
import { avatarDataUrl, parseSeed, sampleSeed, seedFromProfile } from '../../../app/sandbox/seed';
import { ProfileSchema, type ProfileInput } from '../../../app/profile/schema';
import { SAMPLE_SEED } from '../../../app/profile/sample';
import { UserError } from '../../../app/common/errors';

function profile(over: Partial<ProfileInput> = {}) {
  return ProfileSchema.parse({
    schemaVersion: 1,
    name: 'acme',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    webitel: {},
    gateway: {},
    metaApp: {},
    reviewer: { operator: {}, facebookTestUser: {} },
    recording: { webitelAdmin: {}, pageAdmin: {} },
    ...over,
  });
}

describe('sandbox seed', () => {
  it('the sample seed is valid and its gateway URI is 31 lowercase letters', () => {
    const s = sampleSeed();
    expect(s.gateway.uri).toMatch(/^[a-z]{31}$/);
    expect(s.webitel.operator.ccAgent).toBe(true);
    expect(s.facebook.pageAdmin.managesPages).toEqual(s.pages.map((p) => p.id));
    expect(s.facebook.customer.picture).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('avatars are deterministic and carry the initials', () => {
    expect(avatarDataUrl('Emily Carter')).toBe(avatarDataUrl('Emily Carter'));
    const svg = Buffer.from(avatarDataUrl('Emily Carter').split(',')[1]!, 'base64').toString();
    expect(svg).toContain('>EC</text>');
  });

  it('the sample seed is the world of the sample profile, with its display names', () => {
    const s = sampleSeed();
    expect(s.webitel.operator).toMatchObject({ login: SAMPLE_SEED.operator.login, password: SAMPLE_SEED.operator.password, name: SAMPLE_SEED.operator.name });
    expect(s.webitel.admin.login).toBe(SAMPLE_SEED.webitelAdmin.login);
    expect(s.facebook.customer).toMatchObject({
      email: SAMPLE_SEED.facebookTestUser.email,
      name: SAMPLE_SEED.facebookTestUser.name,
      picture: avatarDataUrl(SAMPLE_SEED.facebookTestUser.name),
    });
    expect(s.facebook.pageAdmin.name).toBe(SAMPLE_SEED.pageAdmin.name);
    expect(s.pages).toEqual([SAMPLE_SEED.page]);
    expect(s.gateway).toMatchObject({ uri: SAMPLE_SEED.gateway.uriId, appId: SAMPLE_SEED.gateway.appId, appSecret: SAMPLE_SEED.gateway.appSecret });
    expect(s.facebook.appName).toBe(SAMPLE_SEED.metaApp.name);
  });

  it('an empty profile still gives a complete world', () => {
    const s = seedFromProfile(profile());
    expect(s.pages.length).toBe(1);
    expect(s.webitel.operator.ccAgent).toBe(true);
    expect(s.facebook.pageAdmin.managesPages).toEqual([s.pages[0]!.id]);
  });

  it('takes logins, gateway and Pages from the profile', () => {
    const s = seedFromProfile(
      profile({
        gateway: {
          name: 'Acme FB',
          appId: '987654321',
          appSecret: 'a'.repeat(32),
          uri: `https://cloud.example.com/chat/${'b'.repeat(31)}`,
          apiVersion: 'v23.0',
        },
        metaApp: { name: 'Acme Chat' },
        pages: [
          { id: '42', name: 'Acme Help Desk', username: '' },
          { id: '43', name: 'Acme Sales', username: 'acme.sales' },
        ],
        reviewer: {
          operator: { login: 'jane.doe@acme.example.com', password: 'op-pw' },
          facebookTestUser: { email: 'tester@tfbnw.net', password: 'tu-pw' },
          triggerMessage: 'Hi',
        },
        recording: { webitelAdmin: { login: 'root@acme.example.com', password: 'ad-pw' }, pageAdmin: { email: 'owner@acme.example.com', password: 'pa-pw' } },
      }),
    );
    expect(s.gateway).toMatchObject({ name: 'Acme FB', appId: '987654321', appSecret: 'a'.repeat(32), uri: 'b'.repeat(31), apiVersion: 'v23.0' });
    expect(s.facebook.appName).toBe('Acme Chat');
    expect(s.pages).toEqual([
      { id: '42', name: 'Acme Help Desk', username: 'acmehelpdesk' },
      { id: '43', name: 'Acme Sales', username: 'acme.sales' },
    ]);
    expect(s.webitel.operator).toMatchObject({ login: 'jane.doe@acme.example.com', password: 'op-pw', name: 'Jane Doe', ccAgent: true });
    expect(s.webitel.admin).toMatchObject({ login: 'root@acme.example.com', password: 'ad-pw' });
    expect(s.facebook.customer).toMatchObject({ email: 'tester@tfbnw.net', password: 'tu-pw', name: 'Tester', picture: avatarDataUrl('Tester') });
    expect(s.facebook.pageAdmin).toMatchObject({ email: 'owner@acme.example.com', password: 'pa-pw', managesPages: ['42', '43'] });
  });

  it('keeps the admin and the operator apart when the profile uses one login for both', () => {
    const s = seedFromProfile(
      profile({
        reviewer: { operator: { login: 'a@x.example.com', password: 'p' }, facebookTestUser: {} },
        recording: { webitelAdmin: { login: 'a@x.example.com', password: 'p' }, pageAdmin: {} },
      }),
    );
    expect(s.webitel.admin.login).not.toBe(s.webitel.operator.login);
    expect(s.webitel.admin.login.endsWith('@x.example.com')).toBe(true);
  });

  it('an invalid seed names the field', () => {
    const bad = structuredClone(sampleSeed()) as unknown as { gateway: { uri: string } };
    bad.gateway.uri = 'short';
    try {
      parseSeed(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).issues[0]!.field).toBe('gateway.uri');
    }
  });
});
