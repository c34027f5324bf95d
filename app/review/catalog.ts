// The permissions and feature a Webitel Meta gateway asks for, as sourced data that the texts, setup guide, checks and UI all read.
import { z } from 'zod';
import { AccessLevelSchema, PERMISSION_IDS, PermissionIdSchema, type AccessLevel, type PermissionId } from './permission-ids';

/**
 * The permissions and the feature a Webitel Meta gateway asks for, as data: the texts, the
 * setup guide, the checks and the UI all read from here so nothing is written twice.
 *
 * Every claim carries where it comes from (see shared/reference/meta-app-review.md):
 * `meta` = stated by Meta; `meta-quoted` = Meta wording seen only quoted by others;
 * `field` = integrators' experience; `webitel` = Webitel's own advice; `inference` = our
 * reading, never to be shown as a Meta rule ("recommended by this app").
 */
export const SourceSchema = z.enum(['meta', 'meta-quoted', 'field', 'webitel', 'inference']);
export type Source = z.infer<typeof SourceSchema>;

export const DeploymentSchema = z.enum(['cloud', 'on-premise']);
export type Deployment = z.infer<typeof DeploymentSchema>;

export const GraphCallSchema = z.object({
  method: z.enum(['GET', 'POST', 'DELETE']),
  path: z.string().startsWith('/'),
  /** Which token the call runs with. */
  token: z.enum(['user', 'page', 'app']),
  purpose: z.string().min(1),
});
export type GraphCall = z.infer<typeof GraphCallSchema>;

export const DependencySchema = z.object({
  on: PermissionIdSchema,
  source: SourceSchema,
  note: z.string().min(1),
});
export type Dependency = z.infer<typeof DependencySchema>;

export const AccessAdviceSchema = z.object({
  level: AccessLevelSchema,
  why: z.string().min(1),
  source: SourceSchema,
});
export type AccessAdvice = z.infer<typeof AccessAdviceSchema>;

export const CatalogEntrySchema = z.object({
  id: PermissionIdSchema,
  /** The name Meta's App Review form uses. */
  title: z.string().min(1),
  kind: z.enum(['permission', 'feature']),
  /** Meta's allowed usage, in short [meta]. */
  allowedUsage: z.string().min(1),
  /** What the Webitel gateway does with it. */
  webitelUse: z.string().min(1),
  /** Where an operator or admin meets it in Webitel. */
  whereInWebitel: z.string().min(1),
  graphCalls: z.array(GraphCallSchema).min(1),
  dependencies: z.array(DependencySchema),
  /** What the demo recording shows for it: the scene that becomes its own clip. */
  demo: z.object({ sceneId: z.string().regex(/^[a-z][a-z0-9-]*$/), shows: z.string().min(1) }),
  /** Who has to be at the keyboard for the permission to be exercised. */
  exercisedBy: z.enum(['page-admin', 'customer-and-operator', 'operator']),
  accessAdvice: z.object({ cloud: AccessAdviceSchema, 'on-premise': AccessAdviceSchema }),
  docs: z.string().url().startsWith('https://developers.facebook.com/'),
});
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

const ADVANCED_FOR_STRANGERS =
  'people without a role on the Meta app use it, and Standard Access only works for people with a role (admins, developers, testers)';

const entries: CatalogEntry[] = [
  {
    id: 'pages_show_list',
    title: 'pages_show_list',
    kind: 'permission',
    allowedUsage: 'Show a person the list of Pages they manage; verify that a person manages a Page.',
    webitelUse:
      'When an admin clicks "Add or remove pages" on the Meta gateway, Facebook Login for Business asks them to pick Pages; the gateway then lists the Pages they manage so they can choose which ones to connect, which also proves they manage each Page.',
    whereInWebitel: 'Admin → Routing → Chat gateways → the Meta gateway → Facebook pages → "Add or remove pages"',
    graphCalls: [{ method: 'GET', path: '/me/accounts', token: 'user', purpose: 'list the Pages the signed-in admin manages, with their Page tokens' }],
    dependencies: [],
    demo: {
      sceneId: 'connect-pages',
      shows:
        'The admin opens the gateway\'s Facebook pages tab, clicks "Add or remove pages", logs in to Facebook, selects the Page in the consent dialog and the Page appears in the table.',
    },
    exercisedBy: 'page-admin',
    accessAdvice: {
      cloud: {
        level: 'standard',
        why: "On a cloud installation only the app's own admins connect Pages, and they have a role on the app, so Standard Access is enough.",
        source: 'webitel',
      },
      'on-premise': {
        level: 'advanced',
        why: `On an on-premise installation the customer's staff connect their own Pages; ${ADVANCED_FOR_STRANGERS}.`,
        source: 'webitel',
      },
    },
    docs: 'https://developers.facebook.com/docs/pages/overview/permissions-features',
  },
  {
    id: 'pages_manage_metadata',
    title: 'pages_manage_metadata',
    kind: 'permission',
    allowedUsage: 'Subscribe to webhooks about activity on the Page and manage Page settings, to help a Page admin manage the Page.',
    webitelUse:
      'The "Webhook subscription" switch next to each connected Page ("enable message retrieval") subscribes the gateway\'s webhook to the Page, shows whether it is subscribed and removes the subscription.',
    whereInWebitel: 'Admin → the Meta gateway → Facebook pages → the "Webhook subscription" switch of a Page',
    graphCalls: [
      { method: 'POST', path: '/{page-id}/subscribed_apps', token: 'page', purpose: "subscribe the app to the Page's messages and messaging_postbacks" },
      { method: 'GET', path: '/{page-id}/subscribed_apps', token: 'page', purpose: 'show whether the Page is subscribed' },
      { method: 'DELETE', path: '/{page-id}/subscribed_apps', token: 'page', purpose: 'stop message retrieval for the Page' },
    ],
    dependencies: [
      {
        on: 'pages_show_list',
        source: 'meta',
        note: 'The subscribed_apps endpoint needs both pages_manage_metadata and pages_show_list; a dependent permission must be approved in the same or an earlier submission.',
      },
    ],
    demo: {
      sceneId: 'subscribe-webhook',
      shows: 'The admin turns on the Page\'s "Webhook subscription" switch in the gateway\'s Facebook pages table and it stays on.',
    },
    exercisedBy: 'page-admin',
    accessAdvice: {
      cloud: { level: 'advanced', why: `Advanced Access is needed as soon as ${ADVANCED_FOR_STRANGERS}.`, source: 'webitel' },
      'on-premise': { level: 'advanced', why: `The customer's staff subscribe their own Pages; ${ADVANCED_FOR_STRANGERS}.`, source: 'webitel' },
    },
    docs: 'https://developers.facebook.com/docs/pages/overview/permissions-features',
  },
  {
    id: 'pages_messaging',
    title: 'pages_messaging',
    kind: 'permission',
    allowedUsage: 'User-initiated interactive experiences, customer support messages and confirming bookings or orders on Messenger.',
    webitelUse:
      "Receives the messages customers send to the Page (webhook fields messages and messaging_postbacks) as chats in Agent Workspace and sends the operators' replies back through the Send API.",
    whereInWebitel: "Agent Workspace → chat tab: the customer's message arrives as a new chat; the operator accepts it and replies",
    graphCalls: [{ method: 'POST', path: '/{page-id}/messages', token: 'page', purpose: "send the operator's reply (Send API, messaging_type RESPONSE)" }],
    dependencies: [
      {
        on: 'pages_show_list',
        source: 'inference',
        note: 'The gateway gets the Page token it sends with from the list of managed Pages; not a quoted Meta rule.',
      },
      {
        on: 'pages_manage_metadata',
        source: 'inference',
        note: "Without the Page's webhook subscription no message reaches the gateway, so there is nothing to answer; not a quoted Meta rule.",
      },
    ],
    demo: {
      sceneId: 'message-and-reply',
      shows:
        "The customer sends the trigger message to the Page on Messenger, it arrives as a chat in Workspace, the operator accepts it and replies, and the reply appears on the customer's side.",
    },
    exercisedBy: 'customer-and-operator',
    accessAdvice: {
      cloud: { level: 'advanced', why: `Customers have no role on the Meta app; ${ADVANCED_FOR_STRANGERS}.`, source: 'webitel' },
      'on-premise': { level: 'advanced', why: `Customers have no role on the Meta app; ${ADVANCED_FOR_STRANGERS}.`, source: 'webitel' },
    },
    docs: 'https://developers.facebook.com/docs/messenger-platform/send-messages',
  },
  {
    id: 'business_asset_user_profile_access',
    title: 'Business Asset User Profile Access',
    kind: 'feature',
    allowedUsage: "Read the id, ids_for_business, name and picture of people who engage with the business's assets, inside a business experience.",
    webitelUse:
      "Shows the customer's Facebook name to the operator in the chat list and the chat header of Agent Workspace (its avatar shows the name's initials); without it senders show up with placeholder names.",
    whereInWebitel: "Agent Workspace → the new chat's title in the chat queue and the name at the top of the open chat",
    graphCalls: [
      {
        method: 'GET',
        path: '/{psid}?fields=name,first_name,last_name,profile_pic',
        token: 'page',
        purpose: 'the public profile (the name Workspace shows) of the person who wrote to the Page',
      },
    ],
    dependencies: [
      {
        on: 'pages_messaging',
        source: 'inference',
        note: 'The gateway reads the profile of people who messaged the Page, which it only learns through pages_messaging; not a quoted Meta rule.',
      },
    ],
    demo: {
      sceneId: 'customer-profile',
      shows: "The new chat in Workspace carries the customer's real Facebook name, not a placeholder.",
    },
    exercisedBy: 'operator',
    accessAdvice: {
      cloud: { level: 'advanced', why: `Customers have no role on the Meta app; ${ADVANCED_FOR_STRANGERS}.`, source: 'webitel' },
      'on-premise': { level: 'advanced', why: `Customers have no role on the Meta app; ${ADVANCED_FOR_STRANGERS}.`, source: 'webitel' },
    },
    docs: 'https://developers.facebook.com/docs/messenger-platform/identity/user-profile',
  },
];

export const CatalogSchema = z
  .array(CatalogEntrySchema)
  .refine((es) => es.length === PERMISSION_IDS.length && PERMISSION_IDS.every((id, i) => es[i]?.id === id), 'one entry per permission id, in order');

/** Parsed at load so a broken entry fails the first test that imports it, not a user. */
export const CATALOG: readonly CatalogEntry[] = Object.freeze(CatalogSchema.parse(entries));

/** Rules that hold for every permission [meta]; shown once, not per entry. */
export const GENERAL_RULES = {
  advancedAccess:
    'All four need Advanced Access (App Review + Business Verification) when people without a role on the app use them; Standard Access is automatic but only works for people with a role on the app.',
  dependencyOrder: 'A dependent permission must be approved in the same or an earlier submission.',
  recentApiCall: 'Make at least one successful API call per requested permission within 30 days before submitting.',
} as const;

export function catalogEntry(id: PermissionId): CatalogEntry {
  const e = CATALOG.find((c) => c.id === id);
  // PERMISSION_IDS and CATALOG are checked equal at load, so this only fires on a programming error.
  if (!e) throw new Error(`no catalog entry for ${id}`);
  return e;
}

export function recommendedAccessLevel(id: PermissionId, deployment: Deployment): AccessLevel {
  return catalogEntry(id).accessAdvice[deployment].level;
}

export function accessAdvice(id: PermissionId, deployment: Deployment): AccessAdvice {
  return catalogEntry(id).accessAdvice[deployment];
}

/** Permissions that `ids` depends on but does not include, with the kind of claim behind each. */
export function missingDependencies(ids: readonly PermissionId[]): { id: PermissionId; needs: PermissionId; source: Source; note: string }[] {
  const have = new Set(ids);
  const out: { id: PermissionId; needs: PermissionId; source: Source; note: string }[] = [];
  for (const id of ids) {
    for (const d of catalogEntry(id).dependencies) if (!have.has(d.on)) out.push({ id, needs: d.on, source: d.source, note: d.note });
  }
  return out;
}

export function permissionTitle(id: PermissionId): string {
  return catalogEntry(id).title;
}
