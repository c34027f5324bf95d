// Runs the Graph API pre-flight: reads the Meta app's settings, webhooks, roles, permissions and Page one by one for the checks.
import { UserError } from '../../common/errors';
import type { ProgressListener } from '../../common/progress';
import type { Profile } from '../../profile/schema';
import {
  GraphAppSchema,
  GraphPageSchema,
  GraphPermissionSchema,
  GraphRoleSchema,
  GraphSubscriptionSchema,
  listOf,
  type PreflightFacts,
  type PreflightRead,
} from './facts';
import { DEFAULT_GRAPH_URL, GraphClient, GraphError, type GraphClientOptions } from './graph-client';
import { probeMmeLink } from './mme-probe';

export const APP_FIELDS =
  'id,name,category,app_domains,privacy_policy_url,terms_of_service_url,deauth_callback_url,contact_email,website_url,server_ip_whitelist';
export const PAGE_FIELDS = 'id,name,username,link';

export interface PreflightOptions extends Omit<GraphClientOptions, 'appId' | 'appSecret' | 'apiVersion'> {
  /** Defaults to the profile's `gateway.apiVersion`. */
  apiVersion?: string;
  /** The Facebook Test User's numeric id, when known, to find it among the app's roles. */
  testUserId?: string;
  onProgress?: ProgressListener;
  /** Where the Page's m.me link is asked (default https://m.me); a local stand-in in tests. */
  mmeUrl?: string | undefined;
  /** For the whole m.me probe, redirects included. Default 10 s. */
  mmeTimeoutMs?: number | undefined;
}

/** Failures after which further reads are pointless or harmful (the token is bad, we are throttled, the API is unreachable). */
const FATAL = new Set(['auth', 'rate-limit', 'timeout', 'network']);

/**
 * Reads the Meta app through the Graph API with the app token: settings, webhook
 * subscriptions, roles and permissions, one after another (never in parallel, to stay
 * gentle with rate limits). A read that fails is recorded with its error; the checks turn
 * the facts into results.
 */
export async function runPreflight(profile: Profile, opts: PreflightOptions = {}): Promise<PreflightFacts> {
  const { appId, appSecret } = profile.gateway;
  const missing = [
    !appId && { field: 'gateway.appId', message: 'needed for the app token' },
    !appSecret && { field: 'gateway.appSecret', message: 'needed for the app token' },
  ].filter((x): x is { field: string; message: string } => Boolean(x));
  if (missing.length)
    throw new UserError('validation', `the pre-flight needs the ${missing.map((m) => m.field).join(' and ')}`, {
      issues: missing,
      hint: 'fill them in on the Gateway screen (or "review-assistant profile set")',
    });
  const apiVersion = opts.apiVersion ?? profile.gateway.apiVersion;
  const client = new GraphClient({ ...opts, appId, appSecret, apiVersion });
  const facts: PreflightFacts = {
    baseUrl: opts.baseUrl ?? DEFAULT_GRAPH_URL,
    apiVersion,
    errors: [],
    notRun: [],
    ...(opts.testUserId ? { testUserId: opts.testUserId } : {}),
  };

  const reads: { read: PreflightRead; run: () => Promise<void> }[] = [
    { read: 'app', run: async () => void (facts.app = await client.get(appId, { fields: APP_FIELDS }, GraphAppSchema)) },
    {
      read: 'subscriptions',
      run: async () => void (facts.subscriptions = (await client.get(`${appId}/subscriptions`, {}, listOf(GraphSubscriptionSchema))).data),
    },
    { read: 'roles', run: async () => void (facts.roles = (await client.get(`${appId}/roles`, { limit: '500' }, listOf(GraphRoleSchema))).data) },
    { read: 'permissions', run: async () => void (facts.permissions = (await client.get(`${appId}/permissions`, {}, listOf(GraphPermissionSchema))).data) },
  ];
  // The Page's name and username as Facebook has them: the reviewers tie every step to one Page, and m.me/<username> is only a checked fact.
  const pageId = profile.pages[0]?.id;
  if (pageId) reads.push({ read: 'page', run: async () => void (facts.page = await client.get(pageId, { fields: PAGE_FIELDS }, GraphPageSchema)) });
  let stopped = false;
  for (const [i, r] of reads.entries()) {
    if (stopped) {
      facts.notRun.push(r.read);
      continue;
    }
    opts.onProgress?.({ stage: 'preflight', fraction: i / reads.length, message: `Reading the app's ${r.read} from the Graph API` });
    try {
      await r.run();
    } catch (e) {
      if (!(e instanceof GraphError)) throw e;
      if (e.info.reason === 'cancelled') throw new UserError('cancelled', 'pre-flight cancelled');
      facts.errors.push({ read: r.read, error: e.info });
      if (FATAL.has(e.info.reason)) stopped = true;
    }
  }
  // Not a Graph read: m.me is asked like a browser would, and its answer never stops the pre-flight.
  const username = facts.page?.username ?? profile.pages[0]?.username;
  if (username) {
    opts.onProgress?.({ stage: 'preflight', fraction: reads.length / (reads.length + 1), message: `Asking where m.me/${username} lands` });
    try {
      facts.mme = await probeMmeLink(username, { baseUrl: opts.mmeUrl, timeoutMs: opts.mmeTimeoutMs, signal: opts.signal });
    } catch (e) {
      if (opts.signal?.aborted) throw new UserError('cancelled', 'pre-flight cancelled');
      throw e;
    }
  }
  opts.onProgress?.({ stage: 'preflight', fraction: 1, message: 'Pre-flight finished' });
  return facts;
}
