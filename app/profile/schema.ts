// The submission profile's schema: every field one Meta App Review submission needs, its rules, and which fields are secret.
import { z } from 'zod';
import { AccessLevelSchema, PermissionIdSchema } from '../review/permission-ids';

/**
 * The submission profile: everything one Meta App Review submission needs.
 *
 * Fields may be left empty while a submission is a draft ('' means "not filled yet");
 * a value that is present must be well-formed. Completeness is checked separately
 * (`missingFields`) by the commands that need the values (texts, record, check).
 *
 * Secret fields (SECRET_PATHS) hold plain text only in memory; on disk the store
 * replaces them with vault ciphertext.
 */
export const PROFILE_SCHEMA_VERSION = 1;

const draft = <T extends z.ZodType<string>>(rule: T) => z.union([z.literal(''), rule]);

export const ProfileNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use 1–63 lowercase letters, digits or dashes, starting with a letter or digit (e.g. "acme-support")');

const httpsUrl = (what: string) =>
  z.string().refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' && u.hostname.length > 0;
    } catch {
      return false;
    }
  }, `must be an https:// URL of ${what} (e.g. https://cloud.webitel.ua)`);

/** Allows http on loopback so the built-in sandbox can stand in for a Webitel host. */
const webitelHostUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    if (u.protocol === 'https:') return u.pathname === '/' && !u.search && !u.hash;
    return u.protocol === 'http:' && isLoopback(u.hostname) && u.pathname === '/' && !u.search && !u.hash;
  } catch {
    return false;
  }
}, 'must be the https:// address of the Webitel host, without a path (e.g. https://cloud.webitel.ua)');

/** Loopback names, including `*.localhost`, which browsers resolve to 127.0.0.1 (the demo sandbox uses them). */
export function isLoopback(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]' || hostname.endsWith('.localhost');
}

export const GATEWAY_URI_RE = /^(https:\/\/[^/\s?#]+|http:\/\/(?:127\.0\.0\.1|(?:[a-z0-9-]+\.)*localhost)(?::\d+)?)\/chat\/[a-z]{31}$/;

export const Rules = {
  appId: z.string().regex(/^\d{5,20}$/, 'must be the numeric App ID from the Meta app dashboard (digits only)'),
  appSecret: z.string().regex(/^[0-9a-f]{32}$/i, 'must be the 32-character hexadecimal App Secret (App settings → Basic → App secret → Show)'),
  webitelHost: webitelHostUrl,
  gatewayUri: z.string().regex(GATEWAY_URI_RE, 'must look like https://<webitel host>/chat/<31 lowercase letters>; copy it from the gateway form in Webitel'),
  apiVersion: z.string().regex(/^v\d{2}\.\d$/, 'must look like v24.0'),
  pageId: z.string().regex(/^\d{1,20}$/, 'must be the numeric Page ID (Page → About → Page transparency)'),
  pageUsername: z.string().regex(/^[A-Za-z0-9.]{3,50}$/, 'must be the Page username (letters, digits and dots), as in facebook.com/<username>; optional'),
  operatorLogin: z
    .string()
    .regex(/^[^@\s]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i, 'must be a Webitel login of the form user@domain'),
  email: z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an e-mail address'),
  privacyUrl: httpsUrl('the privacy policy'),
  text: (max: number) => z.string().max(max, `must be at most ${max} characters`),
  triggerMessage: z.string().min(1).max(2000, 'must be under 2000 characters (Messenger limit)'),
} as const;

export const PageSchema = z.object({
  id: Rules.pageId,
  name: z.string().min(1, 'enter the Page name as it shows on Facebook').max(200),
  username: draft(Rules.pageUsername).default(''),
});
export type Page = z.infer<typeof PageSchema>;

export const RequestedPermissionSchema = z.object({
  id: PermissionIdSchema,
  accessLevel: AccessLevelSchema,
});
export type RequestedPermission = z.infer<typeof RequestedPermissionSchema>;

export const TextOverrideSchema = z.object({
  text: z.string(),
  /** Hash of the generated text the user edited; a different current hash means "generated text changed since your edit". */
  basedOn: z.string(),
  editedAt: z.string(),
});
export type TextOverride = z.infer<typeof TextOverrideSchema>;

export const ProfileSchema = z.object({
  schemaVersion: z.literal(PROFILE_SCHEMA_VERSION),
  name: ProfileNameSchema,
  /** A label people read; the name is the file and CLI handle. */
  title: Rules.text(120).default(''),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Marks the built-in sample that points at the demo sandbox. */
  sample: z.boolean().default(false),
  webitel: z.object({
    host: draft(Rules.webitelHost).default(''),
  }),
  gateway: z.object({
    name: Rules.text(120).default(''),
    appId: draft(Rules.appId).default(''),
    appSecret: draft(Rules.appSecret).default(''),
    uri: draft(Rules.gatewayUri).default(''),
    apiVersion: Rules.apiVersion.default('v24.0'),
  }),
  metaApp: z.object({
    name: Rules.text(120).default(''),
    company: Rules.text(200).default(''),
    contactEmail: draft(Rules.email).default(''),
    privacyPolicyUrl: draft(Rules.privacyUrl).default(''),
    deployment: z.enum(['cloud', 'on-premise']).default('cloud'),
  }),
  pages: z.array(PageSchema).max(50).default([]),
  reviewer: z.object({
    operator: z.object({
      login: draft(Rules.operatorLogin).default(''),
      password: Rules.text(200).default(''),
    }),
    facebookTestUser: z.object({
      email: draft(Rules.email).default(''),
      password: Rules.text(200).default(''),
      /** Answer to "is this a Facebook Test User (not a real or fake account)?"; null = not asked yet. */
      isTestUser: z.boolean().nullable().default(null),
    }),
    triggerMessage: draft(Rules.triggerMessage).default(''),
  }),
  /** Logins used only while recording; never written into any text given to Meta. */
  recording: z.object({
    webitelAdmin: z.object({
      login: draft(Rules.operatorLogin).default(''),
      password: Rules.text(200).default(''),
    }),
    pageAdmin: z.object({
      email: draft(Rules.email).default(''),
      password: Rules.text(200).default(''),
    }),
  }),
  permissions: z
    .array(RequestedPermissionSchema)
    .default([])
    .refine((ps) => new Set(ps.map((p) => p.id)).size === ps.length, 'each permission may be requested once'),
  texts: z
    .object({
      /** Keyed by text id: `description:<permission>`, `reviewerInstructions`, `setupNotes`. */
      overrides: z.record(z.string(), TextOverrideSchema).default({}),
    })
    .default({ overrides: {} }),
  setup: z
    .object({
      /** Meta-side setup checklist: step id → done. */
      done: z.record(z.string(), z.boolean()).default({}),
    })
    .default({ done: {} }),
});

export type Profile = z.infer<typeof ProfileSchema>;
export type ProfileInput = z.input<typeof ProfileSchema>;

/** Where the secrets are. The store encrypts exactly these; nothing else may hold a secret. */
export const SECRET_PATHS = [
  'gateway.appSecret',
  'reviewer.operator.password',
  'reviewer.facebookTestUser.password',
  'recording.webitelAdmin.password',
  'recording.pageAdmin.password',
] as const;
export type SecretPath = (typeof SECRET_PATHS)[number];
