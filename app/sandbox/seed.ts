// What the demo sandbox starts with (Webitel users, the Meta gateway, Facebook users, Pages), validated, with fake logins only.
import { z } from 'zod';
import type { Profile } from '../profile/schema';
import { SAMPLE_SEED, sampleProfile } from '../profile/sample';
import { parseOrThrow } from '../common/zod-issues';

/**
 * What the demo sandbox starts with: the Webitel users, the Meta gateway, the Facebook
 * users and the Pages. Fake logins only — the sandbox prints them on purpose.
 */

const LOGIN_RE = /^[^@\s]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i;

export const WebitelUserSchema = z.object({
  /** `user@domain`, as typed into the login form. */
  login: z.string().regex(LOGIN_RE, 'must be a Webitel login of the form user@domain'),
  password: z.string().min(1, 'enter a password'),
  name: z.string().min(1),
  /** Contact-center agent: only agents get the Call Center switcher. */
  ccAgent: z.boolean(),
  /** Two or more open the "Please select activity type" popup when Call Center goes on. */
  activityTypes: z.array(z.string().min(1)).default([]),
});
export type WebitelUser = z.infer<typeof WebitelUserSchema>;

export const GatewaySeedSchema = z.object({
  id: z.number().int().positive().default(1),
  name: z.string().min(1),
  appId: z.string().regex(/^\d{5,20}$/, 'must be digits'),
  appSecret: z.string().regex(/^[0-9a-f]{32}$/i, 'must be 32 hexadecimal characters'),
  uri: z.string().regex(/^[a-z]{31}$/, 'must be 31 lowercase letters'),
  apiVersion: z.string().regex(/^v\d{2}\.\d$/, 'must look like v24.0'),
  flowSchema: z.string().min(1).default('Messenger to support queue'),
});
export type GatewaySeed = z.infer<typeof GatewaySeedSchema>;

export const FacebookUserSchema = z.object({
  /** Numeric Facebook user id; also the page-scoped id the webhook carries in the sandbox. */
  id: z.string().regex(/^\d{5,20}$/),
  email: z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an e-mail address'),
  password: z.string().min(1),
  name: z.string().min(1),
  /** An image URL; the sandbox uses inline SVG data URLs so nothing is fetched. */
  picture: z.string().min(1),
  /** Ask for a login code after the password (the 2FA step a scenario hands to a person). */
  needsCode: z.boolean().default(false),
  /** Ask to approve the login on another device after the password ("Check your notifications on another device"). */
  approvesOnDevice: z.boolean().default(false),
  code: z
    .string()
    .regex(/^\d{6,8}$/)
    .default('123456'),
  /** Page ids this user manages (the Page admin); empty for the customer. */
  managesPages: z.array(z.string()).default([]),
});
export type FacebookUser = z.infer<typeof FacebookUserSchema>;

export const SandboxPageSchema = z.object({
  id: z.string().regex(/^\d{1,20}$/),
  name: z.string().min(1),
  username: z.string().regex(/^[A-Za-z0-9.]{3,50}$/),
});
export type SandboxPage = z.infer<typeof SandboxPageSchema>;

export const SandboxSeedSchema = z
  .object({
    webitel: z.object({
      admin: WebitelUserSchema,
      operator: WebitelUserSchema,
    }),
    gateway: GatewaySeedSchema,
    facebook: z.object({
      /** The Meta app's display name in the consent dialog. */
      appName: z.string().min(1),
      pageAdmin: FacebookUserSchema,
      /** The Facebook Test User who writes to the Page. */
      customer: FacebookUserSchema,
    }),
    pages: z.array(SandboxPageSchema).min(1, 'the sandbox needs at least one Page'),
  })
  .superRefine((s, ctx) => {
    const ids = new Set(s.pages.map((p) => p.id));
    if (ids.size !== s.pages.length) ctx.addIssue({ code: 'custom', path: ['pages'], message: 'Page ids must be unique' });
    const names = new Set(s.pages.map((p) => p.username.toLowerCase()));
    if (names.size !== s.pages.length) ctx.addIssue({ code: 'custom', path: ['pages'], message: 'Page usernames must be unique' });
    s.facebook.pageAdmin.managesPages.forEach((id, i) => {
      if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['facebook', 'pageAdmin', 'managesPages', i], message: `no Page with id ${id}` });
    });
    if (s.facebook.pageAdmin.email.toLowerCase() === s.facebook.customer.email.toLowerCase()) {
      ctx.addIssue({ code: 'custom', path: ['facebook', 'customer', 'email'], message: 'the customer must be a different Facebook user than the Page admin' });
    }
    if (s.facebook.pageAdmin.id === s.facebook.customer.id) {
      ctx.addIssue({ code: 'custom', path: ['facebook', 'customer', 'id'], message: 'the customer needs its own Facebook user id' });
    }
    if (s.webitel.admin.login.toLowerCase() === s.webitel.operator.login.toLowerCase()) {
      ctx.addIssue({ code: 'custom', path: ['webitel', 'operator', 'login'], message: 'the operator must be a different Webitel user than the admin' });
    }
  });
export type SandboxSeed = z.infer<typeof SandboxSeedSchema>;
export type SandboxSeedInput = z.input<typeof SandboxSeedSchema>;

const AVATAR_COLORS = ['#1877f2', '#e4405f', '#2a9d8f', '#e76f51', '#6a4c93', '#f4a261', '#264653', '#43aa8b'];

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]![0], parts[parts.length - 1]![0]] : [parts[0]?.[0] ?? '?'];
  return letters.join('').toUpperCase();
}

/** A round avatar with initials, as an SVG data URL: deterministic and needs no network. */
export function avatarDataUrl(name: string): string {
  const color = AVATAR_COLORS[hash(name) % AVATAR_COLORS.length]!;
  const text = initials(name).replace(/[<>&"']/g, '');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${color}"/><stop offset="1" stop-color="${color}" stop-opacity=".72"/></linearGradient></defs>` +
    `<circle cx="48" cy="48" r="48" fill="url(#g)"/>` +
    `<circle cx="48" cy="38" r="17" fill="#fff" fill-opacity=".22"/><path d="M18 84c6-16 18-24 30-24s24 8 30 24" fill="#fff" fill-opacity=".22"/>` +
    `<text x="48" y="57" font-family="Helvetica,Arial,sans-serif" font-size="30" font-weight="700" fill="#fff" text-anchor="middle">${text}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** Values for whatever a profile leaves blank. */
const DEFAULTS: SandboxSeedInput = {
  webitel: {
    admin: { login: 'admin@demo.example.com', password: 'admin-demo-pass', name: 'Webitel Admin', ccAgent: false },
    operator: { login: 'operator@demo.example.com', password: 'operator-demo-pass', name: 'Olivia Operator', ccAgent: true },
  },
  gateway: {
    id: 1,
    name: 'Facebook Messenger',
    appId: '1234567890123456',
    appSecret: '0123456789abcdef0123456789abcdef',
    uri: 'qwertyuiopasdfghjklzxcvbnmqwert',
    apiVersion: 'v24.0',
  },
  facebook: {
    appName: 'Webitel Chat',
    pageAdmin: {
      id: '100000000000001',
      email: 'page.admin@example.com',
      password: 'fb-admin-demo-pass',
      name: 'Daniel Brooks',
      picture: avatarDataUrl('Daniel Brooks'),
      managesPages: ['110000000000001'],
    },
    customer: {
      id: '100000000000002',
      email: 'emily.carter@tfbnw.net',
      password: 'fb-test-user-pass',
      name: 'Emily Carter',
      picture: avatarDataUrl('Emily Carter'),
    },
  },
  pages: [{ id: '110000000000001', name: 'Acme Support', username: 'acmesupport' }],
};

/** The world of the built-in sample profile (`profile create --sample`): works with no profile at all. */
export function sampleSeed(): SandboxSeed {
  return seedFromProfile(sampleProfile('2026-01-01T00:00:00.000Z'));
}

/** Display names the sample profile gives its logins (profiles themselves hold no names). */
function sampleName(address: string): string | undefined {
  const a = address.toLowerCase();
  const s = SAMPLE_SEED;
  if (a === s.operator.login.toLowerCase()) return s.operator.name;
  if (a === s.facebookTestUser.email.toLowerCase()) return s.facebookTestUser.name;
  if (a === s.pageAdmin.email.toLowerCase()) return s.pageAdmin.name;
  return undefined;
}

const nameFor = (address: string) => sampleName(address) ?? nameFromLocalPart(address);

export function parseSeed(value: unknown): SandboxSeed {
  return parseOrThrow(SandboxSeedSchema, value, 'sandbox seed', 'fix the listed fields of the seed');
}

function titleCase(s: string): string {
  return s
    .split(/[\s._-]+/)
    .filter((w) => /^[a-z]/i.test(w))
    .map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase())
    .join(' ');
}

/** "first.last@x" → "First Last"; undefined for logins that do not read as a name. */
function nameFromLocalPart(address: string): string | undefined {
  const local = address.split('@')[0] ?? '';
  const name = titleCase(local.replace(/\d+/g, ' '));
  return name.length >= 2 ? name : undefined;
}

function usernameFromName(name: string, id: string): string {
  const u = name.replace(/[^A-Za-z0-9]/g, '').slice(0, 50);
  return u.length >= 3 ? u.toLowerCase() : `page${id}`.slice(0, 50);
}

const DIGITS_ID = (base: string, n: number) => (BigInt(base) + BigInt(n)).toString();

/**
 * The sandbox playing the profile's world: its logins, gateway and Pages, so a recording
 * against the sandbox shows the same names the real one will. Blank fields keep the sample's.
 */
export function seedFromProfile(profile: Profile): SandboxSeed {
  const s = structuredClone(DEFAULTS) as SandboxSeedInput & typeof DEFAULTS;
  const admin = profile.recording.webitelAdmin;
  if (admin.login) s.webitel.admin = { ...s.webitel.admin, login: admin.login, name: nameFor(admin.login) ?? s.webitel.admin.name };
  if (admin.password) s.webitel.admin.password = admin.password;
  const op = profile.reviewer.operator;
  if (op.login) s.webitel.operator = { ...s.webitel.operator, login: op.login, name: nameFor(op.login) ?? s.webitel.operator.name };
  if (op.password) s.webitel.operator.password = op.password;
  // Same login in both roles would make one user both admin and agent; keep them apart.
  if (s.webitel.admin.login.toLowerCase() === s.webitel.operator.login.toLowerCase()) {
    s.webitel.admin.login = `sandbox-admin@${s.webitel.operator.login.split('@')[1]}`;
  }

  const g = profile.gateway;
  if (g.name) s.gateway.name = g.name;
  if (g.appId) s.gateway.appId = g.appId;
  if (g.appSecret) s.gateway.appSecret = g.appSecret;
  const uri = /\/chat\/([a-z]{31})$/.exec(g.uri)?.[1];
  if (uri) s.gateway.uri = uri;
  s.gateway.apiVersion = g.apiVersion;
  if (profile.metaApp.name) s.facebook.appName = profile.metaApp.name;

  if (profile.pages.length > 0) {
    const seen = new Set<string>();
    s.pages = profile.pages.map((p) => {
      let username = p.username || usernameFromName(p.name, p.id);
      if (seen.has(username.toLowerCase())) username = `page${p.id}`.slice(0, 50);
      seen.add(username.toLowerCase());
      return { id: p.id, name: p.name, username };
    });
  }
  const pa = profile.recording.pageAdmin;
  s.facebook.pageAdmin = {
    ...s.facebook.pageAdmin,
    ...(pa.email ? { email: pa.email, name: nameFor(pa.email) ?? s.facebook.pageAdmin.name } : {}),
    ...(pa.password ? { password: pa.password } : {}),
    managesPages: (s.pages ?? []).map((p) => p.id),
  };
  const tu = profile.reviewer.facebookTestUser;
  s.facebook.customer = {
    ...s.facebook.customer,
    ...(tu.email ? { email: tu.email, name: nameFor(tu.email) ?? s.facebook.customer.name } : {}),
    ...(tu.password ? { password: tu.password } : {}),
  };
  if (s.facebook.customer.email.toLowerCase() === s.facebook.pageAdmin.email.toLowerCase()) {
    s.facebook.pageAdmin.email = `sandbox.page.admin@example.com`;
  }
  for (const u of [s.facebook.pageAdmin, s.facebook.customer]) u.picture = avatarDataUrl(u.name);
  // Keep the user ids distinct from every Page id.
  const pageIds = new Set((s.pages ?? []).map((p) => p.id));
  for (const u of [s.facebook.pageAdmin, s.facebook.customer]) {
    let n = 0;
    while (pageIds.has(u.id)) u.id = DIGITS_ID('100000000000100', ++n);
  }
  return parseSeed(s);
}

/** The domain part of `user@domain`. */
export function loginDomain(login: string): string {
  return (login.split('@')[1] ?? '').toLowerCase();
}
