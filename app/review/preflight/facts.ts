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
  /** The Facebook Test User's id, when known, to find it among the testers. */
  testUserId: z.string().optional(),
  errors: z.array(z.object({ read: PreflightReadSchema, error: GraphErrorInfoSchema })),
  /** Reads not attempted because an earlier one failed fatally (bad token, rate limit). */
  notRun: z.array(PreflightReadSchema),
});
export type PreflightFacts = z.infer<typeof PreflightFactsSchema>;
