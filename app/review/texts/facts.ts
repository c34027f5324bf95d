// The profile values the texts are written from, with visible placeholders for a draft's empty fields and the secrets texts must not hold.
import type { FieldIssue } from '../../common/errors';
import type { Profile } from '../../profile/schema';
import { PERMISSION_IDS, type PermissionId } from '../permission-ids';

/**
 * The profile values the texts are written from, with a visible placeholder where a draft
 * has no value yet, so the UI can show a text before the submission is complete. Commands
 * that hand texts to a person first check `textsMissingFields` and refuse placeholders.
 */
export interface TextFacts {
  appName: string;
  company: string;
  /** `https://host` without a trailing slash. */
  hostUrl: string;
  hostName: string;
  gatewayName: string;
  gatewayUri: string;
  appId: string;
  apiVersion: string;
  deployment: Profile['metaApp']['deployment'];
  privacyPolicyUrl: string;
  contactEmail: string;
  pageNames: string[];
  /** "A", "A and B", "A, B and C". */
  pageList: string;
  firstPage: string;
  /** The first Page's conversation in Messenger on Facebook: https://www.facebook.com/messages/t/<page id>. */
  messengerUrl: string;
  operatorLogin: string;
  operatorPassword: string;
  testUserEmail: string;
  testUserPassword: string;
  triggerMessage: string;
  /** Requested permissions, in the order a demo shows them. */
  permissions: PermissionId[];
  accessLevels: Partial<Record<PermissionId, 'standard' | 'advanced'>>;
}

export const placeholder = (what: string) => `[${what}]`;

const or = (v: string, what: string) => (v.trim() ? v.trim() : placeholder(what));

export function englishList(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function textFacts(p: Profile): TextFacts {
  let hostUrl = placeholder('Webitel host');
  let hostName = placeholder('Webitel host');
  if (p.webitel.host) {
    const u = new URL(p.webitel.host);
    hostUrl = u.origin;
    hostName = u.host;
  }
  const pageNames = p.pages.map((pg) => pg.name.trim()).filter(Boolean);
  const first = p.pages[0];
  const requested = new Set(p.permissions.map((x) => x.id));
  const accessLevels: TextFacts['accessLevels'] = {};
  for (const x of p.permissions) accessLevels[x.id] = x.accessLevel;
  return {
    appName: or(p.metaApp.name, 'Meta app name'),
    company: or(p.metaApp.company, 'company'),
    hostUrl,
    hostName,
    gatewayName: p.gateway.name.trim(),
    gatewayUri: or(p.gateway.uri, 'gateway URI'),
    appId: or(p.gateway.appId, 'App ID'),
    apiVersion: p.gateway.apiVersion,
    deployment: p.metaApp.deployment,
    privacyPolicyUrl: or(p.metaApp.privacyPolicyUrl, 'privacy policy URL'),
    contactEmail: or(p.metaApp.contactEmail, 'contact email'),
    pageNames: pageNames.length ? pageNames : [placeholder('Page name')],
    pageList: pageNames.length ? englishList(pageNames) : placeholder('Page name'),
    firstPage: pageNames[0] ?? placeholder('Page name'),
    messengerUrl: `https://www.facebook.com/messages/t/${first?.id || placeholder('Page ID')}`,
    operatorLogin: or(p.reviewer.operator.login, 'operator login'),
    operatorPassword: or(p.reviewer.operator.password, 'operator password'),
    testUserEmail: or(p.reviewer.facebookTestUser.email, 'Test User email'),
    testUserPassword: or(p.reviewer.facebookTestUser.password, 'Test User password'),
    triggerMessage: or(p.reviewer.triggerMessage, 'trigger message'),
    permissions: PERMISSION_IDS.filter((id) => requested.has(id)),
    accessLevels,
  };
}

/**
 * The fields the texts are written from. Used until `missingFields(profile, 'texts')`
 * from app/profile/validate.ts exists, and as its cross-check in tests.
 */
export function textsMissingFields(p: Profile): FieldIssue[] {
  const out: FieldIssue[] = [];
  const need = (ok: boolean, field: string, message: string) => {
    if (!ok) out.push({ field, message });
  };
  need(!!p.metaApp.name.trim(), 'metaApp.name', 'enter the Meta app name (App settings → Basic → Display name)');
  need(!!p.metaApp.company.trim(), 'metaApp.company', 'enter the company that owns the Meta app');
  need(!!p.webitel.host, 'webitel.host', 'enter the Webitel host URL, e.g. https://cloud.webitel.ua');
  need(!!p.gateway.uri, 'gateway.uri', 'copy the gateway URI from the Meta gateway form in Webitel');
  need(p.pages.length > 0, 'pages', 'add at least one Facebook Page');
  need(!!p.reviewer.operator.login, 'reviewer.operator.login', 'enter the Webitel operator test login (user@domain)');
  need(!!p.reviewer.operator.password, 'reviewer.operator.password', 'enter the Webitel operator test password');
  need(!!p.reviewer.facebookTestUser.email, 'reviewer.facebookTestUser.email', "enter the Facebook Test User's e-mail");
  need(!!p.reviewer.facebookTestUser.password, 'reviewer.facebookTestUser.password', "enter the Facebook Test User's password");
  need(!!p.reviewer.triggerMessage, 'reviewer.triggerMessage', 'enter the message the reviewer sends to the Page');
  need(p.permissions.length > 0, 'permissions', 'choose the permissions to request');
  return out;
}

/**
 * Values that must never appear in any text given to Meta: the App Secret and the
 * recording-only logins. A value the reviewer legitimately gets (the same login used for
 * both) is not forbidden; very short values are skipped so a one-letter password cannot
 * mangle ordinary words.
 */
export function forbiddenValues(p: Profile): string[] {
  const allowed = new Set([p.reviewer.operator.login, p.reviewer.operator.password, p.reviewer.facebookTestUser.email, p.reviewer.facebookTestUser.password]);
  const vals = [
    p.gateway.appSecret,
    p.recording.webitelAdmin.login,
    p.recording.webitelAdmin.password,
    p.recording.pageAdmin.email,
    p.recording.pageAdmin.password,
  ];
  return [...new Set(vals.filter((v) => v.length >= 4 && !allowed.has(v)))].sort((a, b) => b.length - a.length);
}

export function scrub(text: string, forbidden: readonly string[]): string {
  let out = text;
  for (const v of forbidden) out = out.split(v).join('[hidden]');
  return out;
}

/** The reviewer instructions' labels for the window a step happens in ("[Webitel window] Click …"). */
export const WINDOW_LABELS = { webitel: 'Webitel window', facebook: 'Messenger window' } as const;
const LABELS = new Set<string>(Object.values(WINDOW_LABELS));

/**
 * The placeholders a text still holds ("[operator login]", "[Page name]"), each once: what the
 * generator writes where a value is missing. A Markdown link's "[text](…)" and a window label
 * ("[Webitel window]") are not ones.
 */
export function placeholdersIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\[([A-Za-z][\w .@-]{0,40})\](?!\()/g)) if (!LABELS.has(m[1]!)) out.add(m[0]);
  return [...out];
}
