// Test fixtures: several deliberately different submissions, so the text rules are proved on each and not on one only.
import { ProfileSchema, type Profile, type ProfileInput } from '../../../app/profile/schema';
import { PERMISSION_IDS } from '../../../app/review/permission-ids';

/** Several deliberately different submissions: the text rules must hold for each, not only for one. */
const ALL = PERMISSION_IDS.map((id) => ({ id, accessLevel: id === 'pages_show_list' ? ('standard' as const) : ('advanced' as const) }));

export const INPUTS: ProfileInput[] = [
  {
    schemaVersion: 1,
    name: 'acme',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    webitel: { host: 'https://support.acme.example' },
    gateway: {
      name: 'Acme Messenger',
      appId: '123456789012',
      appSecret: '0123456789abcdef0123456789abcdef',
      uri: 'https://support.acme.example/chat/abcdefghijklmnopqrstuvwxyzabcde',
    },
    metaApp: {
      name: 'Acme Helpdesk',
      company: 'Acme Corp',
      contactEmail: 'apps@acme.example',
      privacyPolicyUrl: 'https://acme.example/privacy',
      deployment: 'cloud',
    },
    pages: [{ id: '1234567890', name: 'Acme Support', username: 'acmesupport' }],
    reviewer: {
      operator: { login: 'reviewer@support.acme.example', password: 'Op3rator-Secret!' },
      facebookTestUser: { email: 'acme_tester_xyz@tfbnw.net', password: 'TestUser-Pass-77', isTestUser: true },
      triggerMessage: 'Hello, I need help with my order',
    },
    recording: {
      webitelAdmin: { login: 'root-admin@support.acme.example', password: 'Admin-Only-Pass-1' },
      pageAdmin: { email: 'page.owner@acme.example', password: 'PageOwner-Pass-2' },
    },
    permissions: ALL,
  },
  {
    schemaVersion: 1,
    name: 'globex',
    createdAt: '2026-02-01T00:00:00.000Z',
    updatedAt: '2026-02-01T00:00:00.000Z',
    webitel: { host: 'https://cc.globex-telecom.example' },
    gateway: {
      name: '',
      appId: '998877665544',
      appSecret: 'ffeeddccbbaa99887766554433221100',
      uri: 'https://cc.globex-telecom.example/chat/zyxwvutsrqponmlkjihgfedcbazyxwv',
    },
    metaApp: {
      name: 'Globex Omnichannel',
      company: 'Globex Telecom GmbH',
      contactEmail: 'meta@globex.example',
      privacyPolicyUrl: 'https://globex.example/datenschutz',
      deployment: 'on-premise',
    },
    pages: [
      { id: '5550001', name: 'Globex Kundenservice', username: 'globex.kundenservice' },
      { id: '5550002', name: 'Globex Business', username: 'globexbusiness' },
      { id: '5550003', name: 'Globex Mobile', username: '' },
    ],
    reviewer: {
      operator: { login: 'meta.review@globex', password: 'pw-operator-9911' },
      facebookTestUser: { email: 'globex_review_user@tfbnw.net', password: 'pw-testuser-4422', isTestUser: true },
      triggerMessage: 'Hi! Where is my SIM card?',
    },
    recording: {
      webitelAdmin: { login: 'superuser@globex', password: 'pw-admin-0000' },
      pageAdmin: { email: 'social.media@globex.example', password: 'pw-pageadmin-1234' },
    },
    permissions: PERMISSION_IDS.map((id) => ({ id, accessLevel: 'advanced' as const })),
  },
  {
    schemaVersion: 1,
    name: 'initech',
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    webitel: { host: 'https://initech.webitel.example:8443' },
    gateway: {
      name: 'Initech FB',
      appId: '10101010101',
      appSecret: 'ABCDEF0123456789abcdef0123456789',
      uri: 'https://initech.webitel.example:8443/chat/qwertyuiopasdfghjklzxcvbnmqwert',
    },
    metaApp: { name: 'Initech TPS Desk', company: 'Initech LLC', contactEmail: '', privacyPolicyUrl: '', deployment: 'cloud' },
    pages: [{ id: '42', name: 'Initech Help Center', username: 'initechhelp' }],
    reviewer: {
      operator: { login: 'peter@initech.example', password: 'TPS-report-2026' },
      facebookTestUser: { email: 'milton_test@tfbnw.net', password: 'red-stapler-99', isTestUser: true },
      triggerMessage: 'Have you seen my stapler?',
    },
    recording: {
      webitelAdmin: { login: 'lumbergh@initech.example', password: 'yeah-if-you-could' },
      pageAdmin: { email: 'bill.lumbergh@initech.example', password: 'saturday-too-1' },
    },
    permissions: [
      { id: 'pages_messaging', accessLevel: 'advanced' },
      { id: 'business_asset_user_profile_access', accessLevel: 'advanced' },
      { id: 'pages_show_list', accessLevel: 'standard' },
    ],
  },
  {
    schemaVersion: 1,
    name: 'umbrella',
    createdAt: '2026-04-01T00:00:00.000Z',
    updatedAt: '2026-04-01T00:00:00.000Z',
    webitel: { host: 'https://umbrella.example' },
    gateway: {
      name: 'Umbrella Care',
      appId: '31415926535',
      appSecret: '27182818284590452353602874713526',
      uri: 'https://umbrella.example/chat/mnbvcxzlkjhgfdsapoiuytrewqmnbvc',
    },
    metaApp: {
      name: 'Umbrella Patient Line',
      company: 'Umbrella Health Inc.',
      contactEmail: 'it@umbrella.example',
      privacyPolicyUrl: 'https://umbrella.example/privacy',
      deployment: 'on-premise',
    },
    pages: [
      { id: '777', name: 'Umbrella Clinic North', username: 'umbrellanorth' },
      { id: '778', name: 'Umbrella Clinic South', username: 'umbrellasouth' },
    ],
    reviewer: {
      operator: { login: 'nurse.desk@umbrella.example', password: 'T-virus-free' },
      facebookTestUser: { email: 'patient_zero@tfbnw.net', password: 'raccoon-city', isTestUser: true },
      triggerMessage: 'I would like to book an appointment',
    },
    recording: {
      webitelAdmin: { login: 'wesker@umbrella.example', password: 'albert-w-1998' },
      pageAdmin: { email: 'ada.wong@umbrella.example', password: 'red-dress-2004' },
    },
    permissions: ALL,
  },
];

export const PROFILES: Profile[] = INPUTS.map((i) => ProfileSchema.parse(i));

export function profile(name: string): Profile {
  const p = PROFILES.find((x) => x.name === name);
  if (!p) throw new Error(`no test profile ${name}`);
  return structuredClone(p);
}

/** The values that must appear in no text given to Meta. */
export function forbidden(p: Profile): string[] {
  return [p.gateway.appSecret, p.recording.webitelAdmin.login, p.recording.webitelAdmin.password, p.recording.pageAdmin.email, p.recording.pageAdmin.password];
}
