// Upgrades profile documents saved by older versions to the current schema, one version at a time, without touching sealed secrets.
import { UserError } from '../common/errors';
import { PROFILE_SCHEMA_VERSION } from './schema';

/** A profile document as read from disk, before it is checked against the current schema. */
export type RawProfile = Record<string, unknown>;

/**
 * Upgrades, one version at a time: MIGRATIONS[n] turns a version-n document into n+1.
 * Migrations work on the stored document (secrets still sealed); they may move fields but
 * never change a sealed value, because vault ciphertext is bound to the stable secret id
 * (a SECRET_PATHS entry), not to where the field sits in a given layout.
 */
export const MIGRATIONS: Readonly<Record<number, (doc: RawProfile) => RawProfile>> = {
  0: v0ToV1,
};

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Version 0: the prototype's flat layout (no `schemaVersion`), one Page at most and
 * permissions as bare ids, e.g. `{ "name": "acme", "webitelHost": "https://…", "appId": "…",
 * "operatorLogin": "…", "pageId": "…", "permissions": ["pages_messaging"] }`.
 */
function v0ToV1(d: RawProfile): RawProfile {
  const deployment = d.deployment === 'on-premise' ? 'on-premise' : 'cloud';
  const pages = Array.isArray(d.pages)
    ? d.pages
    : d.pageId
      ? [{ id: str(d.pageId), name: str(d.pageName) || str(d.pageId), username: str(d.pageUsername) }]
      : [];
  const permissions = Array.isArray(d.permissions)
    ? d.permissions.map((p) =>
        typeof p === 'string' ? { id: p, accessLevel: deployment === 'cloud' && p === 'pages_show_list' ? 'standard' : 'advanced' } : p,
      )
    : [];
  return {
    schemaVersion: 1,
    name: d.name,
    title: str(d.title),
    // Left empty when unknown: the store fills in the file's modification time, which stays
    // stable between reads (the optimistic-concurrency check compares it).
    createdAt: str(d.createdAt),
    updatedAt: str(d.updatedAt),
    sample: d.sample === true,
    webitel: { host: str(d.webitelHost) },
    gateway: {
      name: str(d.gatewayName),
      appId: str(d.appId),
      appSecret: str(d.appSecret),
      uri: str(d.gatewayUri),
      apiVersion: str(d.apiVersion) || 'v24.0',
    },
    metaApp: {
      name: str(d.appName),
      company: str(d.company),
      contactEmail: str(d.contactEmail),
      privacyPolicyUrl: str(d.privacyPolicyUrl),
      deployment,
    },
    pages,
    reviewer: {
      operator: { login: str(d.operatorLogin), password: str(d.operatorPassword) },
      facebookTestUser: {
        email: str(d.testUserEmail),
        password: str(d.testUserPassword),
        isTestUser: typeof d.isTestUser === 'boolean' ? d.isTestUser : null,
      },
      triggerMessage: str(d.triggerMessage),
    },
    recording: {
      webitelAdmin: { login: str(d.adminLogin), password: str(d.adminPassword) },
      pageAdmin: { email: str(d.pageAdminEmail), password: str(d.pageAdminPassword) },
    },
    permissions,
  };
}

export function versionOf(doc: RawProfile): number {
  const v = doc.schemaVersion;
  if (v === undefined) return 0;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : NaN;
}

/** Brings a document to the current version. `where` names the file in errors. */
export function migrateProfile(doc: unknown, where: string): { doc: RawProfile; from: number } {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new UserError('validation', `${where} is not a submission profile (expected a JSON object)`, {
      hint: 'restore it from its .bak copy or import the profile again',
    });
  }
  let cur = doc as RawProfile;
  const from = versionOf(cur);
  if (Number.isNaN(from)) {
    throw new UserError('validation', `${where} has an unreadable schemaVersion (${JSON.stringify(cur.schemaVersion)})`, {
      hint: 'restore it from its .bak copy; the file was left untouched',
    });
  }
  if (from > PROFILE_SCHEMA_VERSION) {
    throw new UserError(
      'conflict',
      `${where} was saved by a newer version of App Review Assistant (profile format ${from}; this version reads up to ${PROFILE_SCHEMA_VERSION})`,
      {
        hint: 'upgrade App Review Assistant to open it; the file was left untouched',
      },
    );
  }
  for (let v = from; v < PROFILE_SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`no migration from profile format ${v}`);
    cur = step(cur);
  }
  return { doc: cur, from };
}
