// The built-in sample submission and blank profiles: fake but well-formed values that point at the demo sandbox.
import { PROFILE_SCHEMA_VERSION, ProfileSchema, type Profile } from './schema';

/**
 * The built-in sample submission: well-formed fake values that point at the demo sandbox,
 * so a new user sees texts and a recording work before entering real data. The sandbox
 * reads SAMPLE_SEED to create matching accounts, Page and gateway.
 */
export const SAMPLE_NAME = 'sample';

/** The sandbox's Webitel origin as written in the profile; the runner swaps in the live `http://webitel.localhost:<port>`. */
export const SAMPLE_WEBITEL_HOST = 'http://webitel.localhost';

export const SAMPLE_SEED = {
  webitelHost: SAMPLE_WEBITEL_HOST,
  gateway: {
    name: 'Acme Messenger',
    appId: '2718281828459045',
    appSecret: '9f2c4e7a1b3d5f60718293a4b5c6d7e8',
    /** The 31-letter id after /chat/ in the gateway URI. */
    uriId: 'acmesupportmessengerdemogateway',
    apiVersion: 'v24.0',
  },
  metaApp: {
    name: 'Acme Support Messenger',
    company: 'Acme Retail Ltd',
    contactEmail: 'support@acme-retail.example',
    privacyPolicyUrl: 'https://acme-retail.example/privacy',
  },
  page: { id: '104857600123456', name: 'Acme Support', username: 'acmesupport' },
  operator: { login: 'operator@acme-retail.example', password: 'Sample-Operator-Pass-1', name: 'Olivia Operator' },
  facebookTestUser: { email: 'open_acme_user@tfbnw.net', password: 'Sample-TestUser-Pass-1', name: 'Open Acme User' },
  triggerMessage: 'Hello! I need help with my order #1042',
  webitelAdmin: { login: 'admin@acme-retail.example', password: 'Sample-Admin-Pass-1' },
  pageAdmin: { email: 'page.admin@acme-retail.example', password: 'Sample-PageAdmin-Pass-1', name: 'Paula Admin' },
} as const;

export const SAMPLE_GATEWAY_URI = `${SAMPLE_WEBITEL_HOST}/chat/${SAMPLE_SEED.gateway.uriId}`;

export function sampleProfile(now = new Date().toISOString()): Profile {
  const s = SAMPLE_SEED;
  return ProfileSchema.parse({
    schemaVersion: PROFILE_SCHEMA_VERSION,
    name: SAMPLE_NAME,
    title: 'Sample submission (demo sandbox)',
    createdAt: now,
    updatedAt: now,
    sample: true,
    webitel: { host: s.webitelHost },
    gateway: { name: s.gateway.name, appId: s.gateway.appId, appSecret: s.gateway.appSecret, uri: SAMPLE_GATEWAY_URI, apiVersion: s.gateway.apiVersion },
    metaApp: { ...s.metaApp, deployment: 'cloud' },
    pages: [{ ...s.page }],
    reviewer: {
      operator: { login: s.operator.login, password: s.operator.password },
      facebookTestUser: { email: s.facebookTestUser.email, password: s.facebookTestUser.password, isTestUser: true },
      triggerMessage: s.triggerMessage,
    },
    recording: {
      webitelAdmin: { ...s.webitelAdmin },
      pageAdmin: { email: s.pageAdmin.email, password: s.pageAdmin.password },
    },
    permissions: DEFAULT_PERMISSIONS.map((p) => ({ ...p })),
  });
}

/** What a Webitel Messenger gateway requests, at the access levels Webitel advises for its cloud. */
const DEFAULT_PERMISSIONS = [
  { id: 'pages_show_list', accessLevel: 'standard' },
  { id: 'pages_manage_metadata', accessLevel: 'advanced' },
  { id: 'pages_messaging', accessLevel: 'advanced' },
  { id: 'business_asset_user_profile_access', accessLevel: 'advanced' },
] as const;

/** An empty draft: every field '' (not filled yet) except the defaults. */
export function blankProfile(name: string, title = '', now = new Date().toISOString()): Profile {
  return ProfileSchema.parse({
    schemaVersion: PROFILE_SCHEMA_VERSION,
    name,
    title,
    createdAt: now,
    updatedAt: now,
    webitel: {},
    gateway: {},
    metaApp: {},
    reviewer: { operator: {}, facebookTestUser: {} },
    recording: { webitelAdmin: {}, pageAdmin: {} },
    // A Webitel Messenger gateway needs all four; a new submission starts with them ticked.
    permissions: DEFAULT_PERMISSIONS.map((p) => ({ ...p })),
  });
}
