// The Meta-side setup as a checklist with the profile's values to paste, shown in the UI and written as the setup notes.
import { z } from 'zod';
import type { Profile } from '../profile/schema';
import { accessAdvice, catalogEntry, GENERAL_RULES } from './catalog';
import { textFacts } from './texts/facts';

/**
 * The Meta-side setup as a checklist. The UI renders it (copy buttons, links opened in the
 * system browser) and keeps the done-state in `profile.setup.done[id]`; the setup notes
 * text is rendered from the same list.
 */
export const SetupStepSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  title: z.string().min(1),
  detail: z.string().min(1),
  /** A value from the profile to paste into Meta's dashboard. Absent while the field is empty. */
  copyValue: z.object({ label: z.string().min(1), value: z.string().min(1) }).optional(),
  link: z
    .string()
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'https:' && u.hostname === 'developers.facebook.com';
      } catch {
        return false;
      }
    }, 'must be an https link on developers.facebook.com')
    .optional(),
  /** Profile fields this step takes a value from that are still empty. */
  needs: z.array(z.string()),
});
export type SetupStep = z.infer<typeof SetupStepSchema>;

export const SETUP_STEP_IDS = [
  'create-app',
  'app-type-business',
  'add-products',
  'use-cases-customize',
  'basic-privacy-policy',
  'basic-contact-email',
  'basic-icon-category',
  'oauth-redirect-uri',
  'deauthorize-callback',
  'allow-api-access',
  'advanced-settings-blockers',
  'gateway-credentials',
  'webhook',
  'connect-pages',
  'publish-page',
  'test-user-tester',
  'first-time-consent',
  'english-facebook',
  'data-access-renewal',
  'request-permissions',
  'business-verification',
] as const;
export type SetupStepId = (typeof SETUP_STEP_IDS)[number];

const DEV = 'https://developers.facebook.com';

/** A step and the profile fields it still needs (none unless said). */
type StepDraft = Omit<SetupStep, 'needs'> & { needs?: string[] };

/** What every step builder takes from the profile. */
interface StepContext {
  p: Profile;
  f: ReturnType<typeof textFacts>;
  appId: string;
  /** A page of this app's dashboard (the app list while the App ID is empty). */
  appPage: (sub: string) => string;
  /** A value to paste, when the profile has one. */
  copy: (label: string, value: string) => { copyValue?: { label: string; value: string } };
  /** The profile fields among these pairs whose value is still empty. */
  needs: (...pairs: [string, string][]) => string[];
}

export function setupSteps(p: Profile): SetupStep[] {
  const appId = p.gateway.appId;
  const c: StepContext = {
    p,
    f: textFacts(p),
    appId,
    appPage: (sub) => (appId ? `${DEV}/apps/${appId}/${sub}` : `${DEV}/apps/`),
    copy: (label, value) => (value ? { copyValue: { label, value } } : {}),
    needs: (...pairs) => pairs.filter(([, v]) => !v).map(([k]) => k),
  };
  const drafts = [...appSteps(c), ...loginSettingsSteps(c), ...gatewaySteps(c), ...reviewSteps(c)];
  return drafts.map(({ needs = [], ...s }) => SetupStepSchema.parse({ ...s, needs }));
}

/** Each permission's chosen access level, and this app's advice where it differs. */
function accessLevelLines(f: StepContext['f']): string[] {
  return f.permissions.map((id) => {
    const chosen = f.accessLevels[id] ?? 'advanced';
    const advice = accessAdvice(id, f.deployment);
    const mismatch =
      chosen !== advice.level
        ? ` — this app recommends ${advice.level === 'advanced' ? 'Advanced' : 'Standard'} Access for ${f.deployment}: ${advice.why}`
        : '';
    return `${catalogEntry(id).title}: ${chosen === 'advanced' ? 'Advanced' : 'Standard'} Access${mismatch}`;
  });
}

/** The app itself: created as a Business app with its products, permissions and basic settings. */
function appSteps({ p, f, appPage, copy, needs }: StepContext): StepDraft[] {
  return [
    {
      id: 'create-app',
      title: 'Create the Meta app',
      detail: `On developers.facebook.com open My Apps and click "Create app". Name it "${f.appName}": Page admins see this name in the Facebook Login dialog and reviewers see it in the submission.`,
      ...copy('App name', p.metaApp.name.trim()),
      link: `${DEV}/apps/`,
      needs: needs(['metaApp.name', p.metaApp.name.trim()]),
    },
    {
      id: 'app-type-business',
      title: 'Choose the app type Business',
      detail: `When the dashboard asks for the app type, choose Business, and connect the app to the business portfolio of ${f.company}; Business Verification later runs on that portfolio.`,
      link: `${DEV}/docs/development/create-an-app/`,
      needs: needs(['metaApp.company', p.metaApp.company.trim()]),
    },
    {
      id: 'add-products',
      title: 'Add Messenger and Facebook Login for Business',
      detail:
        'In the app dashboard add the Messenger product (the gateway receives and sends messages through it) and Facebook Login for Business (Page admins connect their Pages through it).',
      link: appPage('dashboard/'),
    },
    {
      id: 'use-cases-customize',
      title: 'Add the permissions to the use case (Use cases → Customize)',
      detail: `In the app dashboard open Use cases, pick the use case that manages Pages and Messenger, click "Customize" and add ${f.permissions.length ? f.permissions.join(', ') : 'the permissions'} there before anything requests them. The gateway asks for pages_show_list, pages_messaging and pages_manage_metadata; a permission missing from the use case makes the Facebook dialog show "Invalid Scopes" instead of the consent.`,
      link: appPage('use_cases/'),
    },
    {
      id: 'basic-privacy-policy',
      title: 'Privacy policy URL',
      detail: 'App settings → Basic → Privacy Policy URL. The page must be public; an unreachable URL fails the review.',
      ...copy('Privacy Policy URL', p.metaApp.privacyPolicyUrl),
      link: appPage('settings/basic/'),
      needs: needs(['metaApp.privacyPolicyUrl', p.metaApp.privacyPolicyUrl]),
    },
    {
      id: 'basic-contact-email',
      title: 'Contact email',
      detail: 'App settings → Basic → Contact email: the business address Meta writes to about the review.',
      ...copy('Contact email', p.metaApp.contactEmail),
      link: appPage('settings/basic/'),
      needs: needs(['metaApp.contactEmail', p.metaApp.contactEmail]),
    },
    {
      id: 'basic-icon-category',
      title: 'App icon and category',
      detail: 'App settings → Basic: upload a 1024×1024 app icon and choose a category; both are part of the app settings App Review looks at.',
      link: appPage('settings/basic/'),
    },
  ];
}

/** Facebook Login's redirect and the advanced settings the gateway's webhook registration depends on. */
function loginSettingsSteps({ p, appPage, copy, needs }: StepContext): StepDraft[] {
  return [
    {
      id: 'oauth-redirect-uri',
      title: 'Valid OAuth Redirect URIs',
      detail:
        'Facebook Login for Business → Settings → Valid OAuth Redirect URIs: add the gateway URI. The "Add or remove pages" window of the Webitel gateway returns there after the Page admin grants access. Do not change it while a review is pending.',
      ...copy('Gateway URI', p.gateway.uri),
      link: appPage('dashboard/'),
      needs: needs(['gateway.uri', p.gateway.uri]),
    },
    {
      id: 'deauthorize-callback',
      title: 'Deauthorize Callback URL',
      detail:
        'Set the Deauthorize Callback URL to the same gateway URI (Facebook Login for Business settings; in some dashboards App settings → Advanced). Meta calls it when a Page admin removes the app.',
      ...copy('Gateway URI', p.gateway.uri),
      link: appPage('settings/advanced/'),
      needs: needs(['gateway.uri', p.gateway.uri]),
    },
    {
      id: 'allow-api-access',
      title: 'Allow API Access to App Settings',
      detail:
        'App settings → Advanced → Security: turn on "Allow API Access to App Settings". The gateway registers its own webhook with POST /{app-id}/subscriptions, which changes an app setting through the API.',
      link: appPage('settings/advanced/'),
    },
    {
      id: 'advanced-settings-blockers',
      title: 'Settings that block the webhook registration',
      detail:
        'App settings → Advanced → Security: "Update Settings IP Whitelist" lets only the listed server addresses change app settings, and "Require 2FA reauth" asks for a second factor before a change. Either one can make the gateway\'s POST /{app-id}/subscriptions fail, so the webhook is never registered. Leave the IP list empty (or add the Webitel server\'s public address) and keep "Require 2FA reauth" off while the gateway registers the webhook.',
      link: appPage('settings/advanced/'),
    },
  ];
}

/** What Webitel's gateway takes from the app, and what it does with it. */
function gatewaySteps({ p, f, appId, appPage, copy, needs }: StepContext): StepDraft[] {
  return [
    {
      id: 'gateway-credentials',
      title: 'App ID and App Secret into the Webitel gateway',
      detail: `Copy the App ID and the App Secret (App settings → Basic) into the Meta gateway form in Webitel Admin ("App ID", "App Secret", API version ${f.apiVersion}) and save it. The App Secret stays in Webitel and in this app's vault; it goes into no text given to Meta.`,
      ...copy('App ID', appId),
      link: appPage('settings/basic/'),
      needs: needs(['gateway.appId', appId]),
    },
    {
      id: 'webhook',
      title: 'Messenger webhook (done by the gateway)',
      detail:
        'Nothing to type: the gateway registers the webhook itself (object page, fields messages and messaging_postbacks, callback URL = the gateway URI). Afterwards the Messenger webhook settings of the app should show the gateway URI as the callback URL.',
      ...copy('Callback URL to expect', p.gateway.uri),
      link: `${DEV}/docs/messenger-platform/webhooks`,
      needs: needs(['gateway.uri', p.gateway.uri]),
    },
    {
      id: 'connect-pages',
      title: 'Connect the Pages',
      detail: `The admin of ${f.pageList} opens the gateway's "Facebook pages" tab in Webitel, clicks "Add or remove pages", selects the Pages in the Facebook dialog, then turns on "Webhook subscription" for each. This is also the part of the screencast that shows pages_show_list and pages_manage_metadata.`,
      needs: needs(['pages', p.pages.length ? 'ok' : '']),
    },
  ];
}

/** The Page, the tester and the review itself. */
function reviewSteps({ p, f, appPage, copy, needs }: StepContext): StepDraft[] {
  const levels = accessLevelLines(f);
  return [
    {
      id: 'publish-page',
      title: 'Publish the Page and keep someone answering',
      detail: `${f.pageList} must be published with messaging turned on. Reviewers really message the Page and expect an answer, so keep an operator online in Webitel during the review.`,
      ...copy('Messenger conversation', p.pages[0]?.id ? f.messengerUrl : ''),
      needs: needs(['pages[0].id', p.pages[0]?.id ?? '']),
    },
    {
      id: 'test-user-tester',
      title: 'Add the Facebook Test User as a tester',
      detail:
        'App roles: create (or pick) a Facebook Test User and give it the tester role. Reviewers must log in with a Test User, not a real or made-up account, and before approval only people with a role on the app reach the Page through Messenger.',
      ...copy('Test User email', p.reviewer.facebookTestUser.email),
      link: `${DEV}/docs/development/build-and-test/test-users/`,
      needs: needs(['reviewer.facebookTestUser.email', p.reviewer.facebookTestUser.email]),
    },
    {
      id: 'first-time-consent',
      title: 'Record a first-time consent, not "Continue with previous settings"',
      detail:
        'A Page admin who connected the app before is offered "Continue with previous settings" in the Facebook dialog; a video that shows only that has no user granting access, the most reported 2026 rejection ("Screencast Not Aligned"). Before recording, remove the app under Facebook → Settings → Business Integrations (facebook.com/settings?tab=business_tools), or click "Edit settings" in the dialog so that the Page selection and the permission review are on screen (the default scenario does).',
    },
    {
      id: 'english-facebook',
      title: "Set the Page admin's and the Test User's Facebook to English",
      detail:
        'Facebook shows a logged-in account its pages in the account\'s own language, whatever the browser asks for. Reviewers ask for an English interface in the screencast, and the recorder finds Facebook\'s buttons by their English names (it stops and says so otherwise). For both accounts: Settings & privacy → Settings → Language and region → "Facebook language": English (US) (facebook.com/settings?tab=language).',
    },
    {
      id: 'data-access-renewal',
      title: 'Finish any pending Data Access Renewal',
      detail: 'While a Data Access Renewal of the app is pending, "Submit for review" stays greyed out. Complete the renewal in the App Dashboard first.',
      link: appPage('dashboard/'),
    },
    {
      id: 'request-permissions',
      title: 'Request the permissions',
      detail: [
        'App Review → Permissions and Features: request each permission with its access level, each with its own description and its own screen recording.',
        ...(levels.length ? levels.map((l) => `- ${l}`) : ['- (no permission chosen yet)']),
        `${GENERAL_RULES.dependencyOrder} ${GENERAL_RULES.recentApiCall}`,
      ].join('\n'),
      link: `${DEV}/docs/graph-api/overview/access-levels`,
      needs: needs(['permissions', p.permissions.length ? 'ok' : '']),
    },
    {
      id: 'business-verification',
      title: 'Business Verification',
      detail: `Verify ${f.company} in its business portfolio; Advanced Access needs both App Review and Business Verification.`,
      link: `${DEV}/docs/development/release/business-verification`,
    },
  ];
}

export function isSetupStepId(id: string): id is SetupStepId {
  return (SETUP_STEP_IDS as readonly string[]).includes(id);
}

export function setupProgress(p: Profile): { done: number; total: number } {
  const total = SETUP_STEP_IDS.length;
  const done = SETUP_STEP_IDS.filter((id) => p.setup.done[id] === true).length;
  return { done, total };
}

/** The checklist as text: the "Meta-side setup notes". */
export function renderSetupNotes(p: Profile, steps: readonly SetupStep[] = setupSteps(p)): string {
  const f = textFacts(p);
  const lines = [`Meta-side setup for "${f.appName}" (App ID ${f.appId})`, ''];
  steps.forEach((s, i) => {
    lines.push(`${i + 1}. ${s.title}`);
    for (const l of s.detail.split('\n')) lines.push(`   ${l}`);
    if (s.copyValue) lines.push(`   ${s.copyValue.label}: ${s.copyValue.value}`);
    if (s.link) lines.push(`   ${s.link}`);
    lines.push('');
  });
  return lines.join('\n').trimEnd() + '\n';
}
