// The schemas of what the Graph API pre-flight reads about the Meta app, and of the facts (or errors) it hands to the checks.
import { z } from 'zod';

/** `GET /{app-id}?fields=…`: every field optional, because Graph omits empty ones. */
export const GraphAppSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  category: z.string().optional(),
  app_domains: z.array(z.string()).optional(),
  privacy_policy_url: z.string().optional(),
  terms_of_service_url: z.string().optional(),
  deauth_callback_url: z.string().optional(),
  contact_email: z.string().optional(),
  website_url: z.string().optional(),
  /** "Update Settings IP Whitelist": only these addresses may change app settings (e.g. the webhook registration). */
  server_ip_whitelist: z.union([z.string(), z.array(z.string())]).optional(),
});
export type GraphApp = z.infer<typeof GraphAppSchema>;

export const GraphSubscriptionSchema = z.looseObject({
  object: z.string(),
  callback_url: z.string().optional(),
  active: z.boolean().optional(),
  fields: z.array(z.looseObject({ name: z.string(), version: z.string().optional() })).default([]),
});
export type GraphSubscription = z.infer<typeof GraphSubscriptionSchema>;

export const GraphRoleSchema = z.looseObject({
  app_id: z.string().optional(),
  user: z.string(),
  role: z.string(),
});
export type GraphRole = z.infer<typeof GraphRoleSchema>;

export const GraphPermissionSchema = z.looseObject({
  permission: z.string(),
  status: z.string().optional(),
});
export type GraphPermission = z.infer<typeof GraphPermissionSchema>;

/** `GET /{page-id}?fields=id,name,username,link`: the Page as Facebook names it. */
export const GraphPageSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  username: z.string().optional(),
  link: z.string().optional(),
});
export type GraphPage = z.infer<typeof GraphPageSchema>;

/** Where `https://m.me/<username>` lands for a desktop browser: a checked fact, never what the texts give the reviewer. */
export const MmeProbeSchema = z.object({
  /** The address asked, e.g. https://m.me/acmehelp. */
  url: z.string(),
  /** `opens`: it redirects to a facebook.com/messages/t/… conversation; `unchecked`: no answer (offline, timeout). */
  outcome: z.enum(['opens', 'does-not-open', 'unchecked']),
  /** The last address it reached. */
  landedAt: z.string().optional(),
  /** The conversation id in `/messages/t/<id>` when it opens. */
  conversation: z.string().optional(),
  /** HTTP status and page title where it landed, when it does not open. */
  status: z.number().optional(),
  title: z.string().optional(),
  /** Why it was not checked, or why it counts as not opening (a redirect loop). */
  reason: z.string().optional(),
});
export type MmeProbe = z.infer<typeof MmeProbeSchema>;

export const listOf = <T extends z.ZodType>(item: T) => z.looseObject({ data: z.array(item) });

/** A Graph error as people need to see it: message, code/subcode and the trace id for Meta support. */
export const GraphErrorInfoSchema = z.object({
  message: z.string(),
  code: z.number().optional(),
  subcode: z.number().optional(),
  type: z.string().optional(),
  fbtraceId: z.string().optional(),
  httpStatus: z.number().optional(),
  /** What went wrong in our terms: `auth`, `rate-limit`, `timeout`, `malformed`, `network`, `graph`. */
  reason: z.enum(['auth', 'rate-limit', 'timeout', 'malformed', 'network', 'graph', 'cancelled']),
  hint: z.string().optional(),
});
export type GraphErrorInfo = z.infer<typeof GraphErrorInfoSchema>;

export const PreflightReadSchema = z.enum(['app', 'subscriptions', 'roles', 'permissions', 'page']);
export type PreflightRead = z.infer<typeof PreflightReadSchema>;

/** Everything a pre-flight learned; reads that failed carry their error instead of data. */
export const PreflightFactsSchema = z.object({
  baseUrl: z.string(),
  apiVersion: z.string(),
  app: GraphAppSchema.optional(),
  subscriptions: z.array(GraphSubscriptionSchema).optional(),
  roles: z.array(GraphRoleSchema).optional(),
  permissions: z.array(GraphPermissionSchema).optional(),
  /** The profile's first Page as Facebook has it (needs Page Public Metadata Access with an app token; may fail harmlessly). */
  page: GraphPageSchema.optional(),
  /** Where the Page's m.me link lands; absent when the Page has no username. */
  mme: MmeProbeSchema.optional(),
  /** The Facebook Test User's id, when known, to find it among the testers. */
  testUserId: z.string().optional(),
  errors: z.array(z.object({ read: PreflightReadSchema, error: GraphErrorInfoSchema })),
  /** Reads not attempted because an earlier one failed fatally (bad token, rate limit). */
  notRun: z.array(PreflightReadSchema),
});
export type PreflightFacts = z.infer<typeof PreflightFactsSchema>;
