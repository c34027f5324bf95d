// Checks a profile field by field and across fields, and says which fields a purpose (texts, record, submit) still needs.
import type { FieldIssue } from '../common/errors';
import { zodIssues } from '../common/zod-issues';
import { isLoopback, ProfileSchema, type Profile } from './schema';

export interface ValidationResult {
  ok: boolean;
  profile?: Profile;
  /** Errors: the profile cannot be saved. */
  issues: FieldIssue[];
  /** Worth a look, but saving is allowed. */
  warnings: FieldIssue[];
}

/** Checks a whole profile: schema rules per field, plus rules across fields. */
export function validateProfile(input: unknown): ValidationResult {
  const r = ProfileSchema.safeParse(input);
  if (!r.success) return { ok: false, issues: zodIssues(r.error), warnings: [] };
  const issues = crossFieldIssues(r.data);
  if (issues.length) return { ok: false, issues, warnings: [] };
  return { ok: true, profile: r.data, issues: [], warnings: profileWarnings(r.data) };
}

function crossFieldIssues(p: Profile): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  p.pages.forEach((page, i) => {
    const first = seen.get(page.id);
    if (first !== undefined) issues.push({ field: `pages[${i}].id`, message: `Page ${page.id} is listed twice (also pages[${first}]); remove one` });
    else seen.set(page.id, i);
  });
  return issues;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Things that are allowed but probably wrong, each with what to check. */
export function profileWarnings(p: Profile): FieldIssue[] {
  const w: FieldIssue[] = [];
  const webitelHost = p.webitel.host ? hostOf(p.webitel.host) : undefined;
  const gatewayHost = p.gateway.uri ? hostOf(p.gateway.uri) : undefined;
  if (webitelHost && gatewayHost && webitelHost !== gatewayHost) {
    w.push({
      field: 'gateway.uri',
      message: `its host (${gatewayHost}) differs from the Webitel host (${webitelHost}); Meta calls the gateway URI, so check it was copied from this Webitel's gateway form`,
    });
  }
  if (!p.sample && p.webitel.host) {
    const h = new URL(p.webitel.host).hostname;
    if (isLoopback(h)) w.push({ field: 'webitel.host', message: `${h} is a local address: Meta's reviewers cannot reach it (fine only for trying the demo)` });
  }
  const tu = p.reviewer.facebookTestUser;
  if (tu.isTestUser === false) {
    w.push({
      field: 'reviewer.facebookTestUser.isTestUser',
      message:
        'Meta rejects the whole submission when the reviewer gets a real or fake account; create a Test User (App roles → Test users) and enter its login',
    });
  } else if (tu.email && !/@tfbnw\.net$/i.test(tu.email)) {
    w.push({
      field: 'reviewer.facebookTestUser.email',
      message: 'Facebook Test User e-mails end in @tfbnw.net; check this is a Test User, not a real account',
    });
  }
  const op = p.reviewer.operator.login;
  if (op && op.toLowerCase() === p.recording.webitelAdmin.login.toLowerCase()) {
    w.push({
      field: 'reviewer.operator.login',
      message: 'the reviewer would get the Webitel admin login; create a separate operator account for the reviewer',
    });
  }
  if (p.metaApp.deployment === 'on-premise') {
    p.permissions.forEach((perm, i) => {
      if (perm.accessLevel === 'standard') {
        w.push({
          field: `permissions[${i}].accessLevel`,
          message: `on-premise installations (staff without a role on the app connect Pages) need Advanced access for ${perm.id}`,
        });
      }
    });
  }
  if (p.reviewer.operator.login && p.reviewer.operator.password && p.reviewer.operator.password === p.recording.webitelAdmin.password) {
    w.push({
      field: 'reviewer.operator.password',
      message: 'the operator password is the same as the Webitel admin password; give the reviewer its own password',
    });
  }
  return w;
}

export type Purpose = 'texts' | 'record' | 'submit';

interface Requirement {
  field: string;
  purposes: readonly Purpose[];
  empty(p: Profile): boolean;
  message: string;
}

const ALL: readonly Purpose[] = ['texts', 'record', 'submit'];
const REC: readonly Purpose[] = ['record', 'submit'];

const REQUIREMENTS: readonly Requirement[] = [
  { field: 'webitel.host', purposes: ALL, empty: (p) => !p.webitel.host, message: 'enter the address of the Webitel host, e.g. https://cloud.webitel.ua' },
  { field: 'gateway.appId', purposes: REC, empty: (p) => !p.gateway.appId, message: 'enter the App ID (Meta app dashboard → App settings → Basic)' },
  { field: 'gateway.appSecret', purposes: REC, empty: (p) => !p.gateway.appSecret, message: 'enter the App Secret (App settings → Basic → App secret → Show)' },
  {
    field: 'gateway.uri',
    purposes: ALL,
    empty: (p) => !p.gateway.uri,
    message: 'enter the gateway URI shown in the Webitel gateway form (https://<host>/chat/<31 letters>)',
  },
  { field: 'metaApp.name', purposes: ALL, empty: (p) => !p.metaApp.name, message: 'enter the Meta app name as shown in the app dashboard' },
  { field: 'metaApp.company', purposes: ALL, empty: (p) => !p.metaApp.company, message: 'enter the company that owns the Meta app' },
  {
    field: 'metaApp.contactEmail',
    purposes: ['submit'],
    empty: (p) => !p.metaApp.contactEmail,
    message: 'enter the contact e-mail of the Meta app (App settings → Basic)',
  },
  {
    field: 'metaApp.privacyPolicyUrl',
    purposes: ['submit'],
    empty: (p) => !p.metaApp.privacyPolicyUrl,
    message: 'enter the https:// address of the privacy policy',
  },
  { field: 'pages', purposes: ALL, empty: (p) => p.pages.length === 0, message: 'add the Facebook Page the reviewer will message (its id and name)' },
  {
    field: 'permissions',
    purposes: ALL,
    empty: (p) => p.permissions.length === 0,
    message: 'choose the permissions to request (pages_show_list, pages_manage_metadata, pages_messaging, business_asset_user_profile_access)',
  },
  {
    field: 'reviewer.operator.login',
    purposes: ALL,
    empty: (p) => !p.reviewer.operator.login,
    message: 'enter the Webitel operator login the reviewer uses (user@domain)',
  },
  {
    field: 'reviewer.operator.password',
    purposes: ALL,
    empty: (p) => !p.reviewer.operator.password,
    message: 'enter the password of the Webitel operator login for the reviewer',
  },
  {
    field: 'reviewer.facebookTestUser.email',
    purposes: ALL,
    empty: (p) => !p.reviewer.facebookTestUser.email,
    message: 'enter the e-mail of the Facebook Test User the reviewer logs in with',
  },
  {
    field: 'reviewer.facebookTestUser.password',
    purposes: ALL,
    empty: (p) => !p.reviewer.facebookTestUser.password,
    message: 'enter the password of the Facebook Test User',
  },
  {
    field: 'reviewer.facebookTestUser.isTestUser',
    purposes: ['submit'],
    empty: (p) => p.reviewer.facebookTestUser.isTestUser !== true,
    message: 'confirm the reviewer login is a Facebook Test User (Meta rejects real or fake accounts): answer Yes once it is',
  },
  {
    field: 'reviewer.triggerMessage',
    purposes: ALL,
    empty: (p) => !p.reviewer.triggerMessage,
    message: 'enter the message the reviewer sends to the Page (e.g. "Hello! I need help with my order")',
  },
  {
    field: 'recording.webitelAdmin.login',
    purposes: REC,
    empty: (p) => !p.recording.webitelAdmin.login,
    message: 'enter the Webitel admin login that connects the Pages during the recording',
  },
  {
    field: 'recording.webitelAdmin.password',
    purposes: REC,
    empty: (p) => !p.recording.webitelAdmin.password,
    message: 'enter the password of the Webitel admin login',
  },
  {
    field: 'recording.pageAdmin.email',
    purposes: REC,
    empty: (p) => !p.recording.pageAdmin.email,
    message: 'enter the e-mail of the Facebook account that manages the Page',
  },
  {
    field: 'recording.pageAdmin.password',
    purposes: REC,
    empty: (p) => !p.recording.pageAdmin.password,
    message: 'enter the password of the Facebook account that manages the Page',
  },
];

/** The empty fields that block a job, each saying what to enter. */
export function missingFields(p: Profile, purpose: Purpose): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const r of REQUIREMENTS) {
    if (r.purposes.includes(purpose) && r.empty(p)) out.push({ field: r.field, message: r.message });
  }
  // No Page username is needed: the customer opens facebook.com/messages/t/<page id> (m.me may
  // not open a conversation on a desktop browser since messenger.com was retired in 2026).
  return out;
}

/**
 * The empty fields of a profile that may not be valid yet (a form being edited): an invalid
 * value elsewhere must not hide which fields are still empty. A field whose group is missing
 * or malformed counts as not known to be empty — the validation errors name that.
 */
export function missingFieldsOfDraft(input: unknown, purpose: Purpose): FieldIssue[] {
  const v = validateProfile(input);
  if (v.profile) return missingFields(v.profile, purpose);
  if (!input || typeof input !== 'object') return [];
  const out: FieldIssue[] = [];
  for (const r of REQUIREMENTS) {
    if (!r.purposes.includes(purpose)) continue;
    let empty = false;
    try {
      // Read as a profile on purpose: each requirement only looks at its own field, and a shape that does not fit throws here.
      empty = r.empty(input as Profile);
    } catch {
      empty = false;
    }
    if (empty) out.push({ field: r.field, message: r.message });
  }
  return out;
}

/** How many of the fields a submission needs are filled, 0..1. */
export function completeness(p: Profile): number {
  const needed = REQUIREMENTS.filter((r) => r.purposes.includes('submit')).length;
  const missing = REQUIREMENTS.filter((r) => r.purposes.includes('submit') && r.empty(p)).length;
  return Math.round(((needed - missing) / needed) * 100) / 100;
}
