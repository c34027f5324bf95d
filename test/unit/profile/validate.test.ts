// Proves every profile field rule, whole-profile validation, the warnings, and which fields each purpose still needs.
import { describe, expect, it } from 'vitest';
import { Rules, type Profile } from '../../../app/profile/schema';
import { blankProfile, sampleProfile } from '../../../app/profile/sample';
import { completeness, missingFields, profileWarnings, validateProfile } from '../../../app/profile/validate';
import { setAt } from '../../../app/profile/paths';

type Case = [value: string, ok: boolean];

const table: Record<string, { rule: { safeParse(v: unknown): { success: boolean } }; cases: Case[] }> = {
  appId: {
    rule: Rules.appId,
    cases: [
      ['2718281828459045', true],
      ['12345', true],
      ['1234', false],
      ['12ab34567', false],
      [' 123456', false],
      ['123456789012345678901', false],
      ['', false],
    ],
  },
  appSecret: {
    rule: Rules.appSecret,
    cases: [
      ['9f2c4e7a1b3d5f60718293a4b5c6d7e8', true],
      ['9F2C4E7A1B3D5F60718293A4B5C6D7E8', true],
      ['9f2c4e7a1b3d5f60718293a4b5c6d7e', false],
      ['9f2c4e7a1b3d5f60718293a4b5c6d7e8a', false],
      ['9f2c4e7a1b3d5f60718293a4b5c6d7eg', false],
      ['', false],
    ],
  },
  webitelHost: {
    rule: Rules.webitelHost,
    cases: [
      ['https://cloud.webitel.ua', true],
      ['https://cloud.webitel.ua/', true],
      ['https://webitel.example.com:8443', true],
      ['http://webitel.localhost', true],
      ['http://webitel.localhost:41234', true],
      ['http://127.0.0.1:8080', true],
      ['http://localhost', true],
      ['http://webitel.localhost/?x=1', false],
      ['http://webitel.localhost/#top', false],
      ['http://[::1]:8080', true],
      ['http://10.0.0.5', false],
      ['http://cloud.webitel.ua', false],
      ['https://cloud.webitel.ua/workspace', false],
      ['https://cloud.webitel.ua/?x=1', false],
      ['ftp://cloud.webitel.ua', false],
      ['cloud.webitel.ua', false],
      ['', false],
    ],
  },
  gatewayUri: {
    rule: Rules.gatewayUri,
    cases: [
      ['https://cloud.webitel.ua/chat/abcdefghijklmnopqrstuvwxyzabcde', true],
      ['https://cloud.webitel.ua:8443/chat/abcdefghijklmnopqrstuvwxyzabcde', true],
      ['http://webitel.localhost/chat/acmesupportmessengerdemogateway', true],
      ['http://127.0.0.1:5000/chat/acmesupportmessengerdemogateway', true],
      ['https://cloud.webitel.ua/chat/abcdefghijklmnopqrstuvwxyzabcd', false],
      ['https://cloud.webitel.ua/chat/abcdefghijklmnopqrstuvwxyzabcdef', false],
      ['https://cloud.webitel.ua/chat/Abcdefghijklmnopqrstuvwxyzabcde', false],
      ['https://cloud.webitel.ua/chat/abcdefghijklmnopqrstuvwxyzabcd1', false],
      ['http://cloud.webitel.ua/chat/abcdefghijklmnopqrstuvwxyzabcde', false],
      ['https://cloud.webitel.ua/api/abcdefghijklmnopqrstuvwxyzabcde', false],
      ['https://cloud.webitel.ua/chat/abcdefghijklmnopqrstuvwxyzabcde/', false],
      ['', false],
    ],
  },
  apiVersion: {
    rule: Rules.apiVersion,
    cases: [
      ['v24.0', true],
      ['v19.1', true],
      ['24.0', false],
      ['v24', false],
      ['v2.0', false],
      ['v24.10', false],
      ['V24.0', false],
    ],
  },
  pageId: {
    rule: Rules.pageId,
    cases: [
      ['104857600123456', true],
      ['1', true],
      ['10485760012345a', false],
      ['', false],
      ['123456789012345678901', false],
    ],
  },
  pageUsername: {
    rule: Rules.pageUsername,
    cases: [
      ['acmesupport', true],
      ['Acme.Support2', true],
      ['ab', false],
      ['acme support', false],
      ['acme-support', false],
    ],
  },
  operatorLogin: {
    rule: Rules.operatorLogin,
    cases: [
      ['operator@acme-retail.example', true],
      ['op@acme', true],
      ['op.1@sub.domain.io', true],
      ['operator', false],
      ['@domain', false],
      ['op@', false],
      ['op@-bad', false],
      ['op @domain', false],
      ['op@do main', false],
    ],
  },
  email: {
    rule: Rules.email,
    cases: [
      ['open_acme_user@tfbnw.net', true],
      ['a.b@c.example', true],
      ['user@localhost', false],
      ['user.example.com', false],
      ['a@b@c.com', false],
      ['a b@c.com', false],
      ['', false],
    ],
  },
  privacyUrl: {
    rule: Rules.privacyUrl,
    cases: [
      ['https://acme-retail.example/privacy', true],
      ['https://acme.example', true],
      ['http://acme-retail.example/privacy', false],
      ['acme-retail.example/privacy', false],
      ['', false],
    ],
  },
  triggerMessage: {
    rule: Rules.triggerMessage,
    cases: [
      ['Hello! I need help with my order #1042', true],
      ['x'.repeat(1999), true],
      ['x'.repeat(2001), false],
      ['', false],
    ],
  },
  'text(120)': {
    rule: Rules.text(120),
    cases: [
      ['Acme', true],
      ['', true],
      ['x'.repeat(120), true],
      ['x'.repeat(121), false],
    ],
  },
};

describe('Rules', () => {
  it('covers every rule of the schema', () => {
    const tested = new Set(Object.keys(table).map((k) => k.replace(/\(.*$/, '')));
    expect(Object.keys(Rules).filter((k) => !tested.has(k))).toEqual([]);
  });
  for (const [name, { rule, cases }] of Object.entries(table)) {
    describe(name, () => {
      it.each(cases)('%j → %s', (value, ok) => {
        expect(rule.safeParse(value).success).toBe(ok);
      });
    });
  }
});

function withField(p: Profile, field: string, value: unknown): unknown {
  const c = structuredClone(p);
  setAt(c, field, value);
  return c;
}

describe('validateProfile', () => {
  it('accepts the sample and a blank draft', () => {
    expect(validateProfile(sampleProfile()).issues).toEqual([]);
    expect(validateProfile(blankProfile('draft')).ok).toBe(true);
  });

  const badFields: Array<[string, unknown, RegExp]> = [
    ['gateway.appId', '12ab', /digits only/],
    ['gateway.appSecret', 'not-hex', /32-character hexadecimal/],
    ['webitel.host', 'http://cloud.webitel.ua', /https:\/\//],
    ['gateway.uri', 'https://cloud.webitel.ua/chat/short', /31 lowercase letters/],
    ['gateway.apiVersion', '24', /v24\.0/],
    ['pages[0].id', 'abc', /numeric Page ID/],
    ['pages[0].username', 'a b', /Page username/],
    ['reviewer.operator.login', 'operator', /user@domain/],
    ['reviewer.facebookTestUser.email', 'nope', /e-mail/],
    ['recording.pageAdmin.email', 'nope', /e-mail/],
    ['recording.webitelAdmin.login', 'admin', /user@domain/],
    ['metaApp.contactEmail', 'x@', /e-mail/],
    ['metaApp.privacyPolicyUrl', 'http://acme.example/privacy', /https:\/\//],
    ['metaApp.deployment', 'hybrid', /./],
  ];
  it.each(badFields)('names %s when it is %j', (field, value, msg) => {
    const r = validateProfile(withField(sampleProfile(), field, value));
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => i.field)).toEqual([field]);
    expect(r.issues[0]?.message).toMatch(msg);
  });

  it('treats empty strings as "not filled yet" but not a Page without an id', () => {
    const p = sampleProfile();
    for (const f of ['gateway.appId', 'gateway.appSecret', 'gateway.uri', 'webitel.host', 'reviewer.operator.login', 'metaApp.privacyPolicyUrl']) {
      expect(validateProfile(withField(p, f, '')).ok).toBe(true);
    }
    expect(validateProfile(withField(p, 'pages[0].id', '')).issues[0]?.field).toBe('pages[0].id');
  });

  it('rejects a Page listed twice and a permission requested twice', () => {
    const p = sampleProfile();
    const twice = { ...p, pages: [...p.pages, { ...p.pages[0] }] };
    expect(validateProfile(twice).issues[0]).toMatchObject({ field: 'pages[1].id' });
    const dup = { ...p, permissions: [...p.permissions, { id: 'pages_messaging', accessLevel: 'standard' }] };
    expect(validateProfile(dup).issues[0]?.field).toBe('permissions');
  });
});

describe('profileWarnings', () => {
  it('is quiet for the sample', () => {
    expect(profileWarnings(sampleProfile())).toEqual([]);
  });
  it('warns when the gateway URI host differs from the Webitel host', () => {
    const p = sampleProfile();
    p.webitel.host = 'https://cloud.webitel.ua';
    p.gateway.uri = 'https://other.webitel.ua/chat/abcdefghijklmnopqrstuvwxyzabcde';
    const w = profileWarnings(p);
    expect(w.map((x) => x.field)).toEqual(['gateway.uri']);
    expect(w[0]?.message).toContain('other.webitel.ua');
    p.gateway.uri = 'https://cloud.webitel.ua/chat/abcdefghijklmnopqrstuvwxyzabcde';
    expect(profileWarnings(p)).toEqual([]);
  });
  it('warns about local hosts outside the sample, non-test users, shared admin logins and on-premise standard access', () => {
    const p = { ...sampleProfile(), sample: false };
    expect(profileWarnings(p).map((w) => w.field)).toEqual(['webitel.host']);
    p.webitel.host = 'https://cloud.webitel.ua';
    p.gateway.uri = 'https://cloud.webitel.ua/chat/abcdefghijklmnopqrstuvwxyzabcde';
    p.reviewer.facebookTestUser.email = 'someone@gmail.com';
    expect(profileWarnings(p).map((w) => w.field)).toEqual(['reviewer.facebookTestUser.email']);
    p.reviewer.facebookTestUser.isTestUser = false;
    expect(profileWarnings(p).map((w) => w.field)).toEqual(['reviewer.facebookTestUser.isTestUser']);
    p.reviewer.facebookTestUser.isTestUser = true;
    p.reviewer.facebookTestUser.email = 'x@tfbnw.net';
    p.recording.webitelAdmin.login = p.reviewer.operator.login;
    expect(profileWarnings(p).map((w) => w.field)).toEqual(['reviewer.operator.login']);
    p.recording.webitelAdmin.login = 'admin@acme-retail.example';
    p.metaApp.deployment = 'on-premise';
    expect(profileWarnings(p).map((w) => w.field)).toEqual(['permissions[0].accessLevel']);
  });
});

describe('missingFields', () => {
  it('finds nothing missing in the sample for any job', () => {
    const p = sampleProfile();
    for (const purpose of ['texts', 'record', 'submit'] as const) expect(missingFields(p, purpose)).toEqual([]);
    expect(completeness(p)).toBe(1);
  });
  it('lists what a blank draft needs, with what to enter', () => {
    const p = blankProfile('draft');
    const texts = missingFields(p, 'texts').map((i) => i.field);
    expect(texts).toContain('webitel.host');
    expect(texts).toContain('reviewer.triggerMessage');
    expect(texts).not.toContain('gateway.appSecret'); // texts never need the secret
    const record = missingFields(p, 'record').map((i) => i.field);
    expect(record).toContain('gateway.appSecret');
    expect(record).toContain('recording.pageAdmin.password');
    const submit = missingFields(p, 'submit').map((i) => i.field);
    expect(submit).toContain('metaApp.privacyPolicyUrl');
    expect(submit).toContain('reviewer.facebookTestUser.isTestUser');
    for (const i of missingFields(p, 'submit')) expect(i.message).toMatch(/^(enter|add|choose|confirm)/);
    // Only the permissions, ticked for every new submission, are filled in.
    expect(completeness(p)).toBe(0.05);
    expect(missingFields(p, 'submit').map((i) => i.field)).not.toContain('permissions');
  });
  it('needs no Page username: the customer opens facebook.com/messages/t/<page id>', () => {
    const p = sampleProfile();
    p.pages[0]!.username = '';
    expect(missingFields(p, 'texts')).toEqual([]);
    expect(missingFields(p, 'record')).toEqual([]);
    expect(missingFields(p, 'submit').map((i) => i.field)).not.toContain('pages[0].username');
  });
});
