// The checks that judge the Meta app's live settings from the Graph API pre-flight: callbacks, webhooks, roles, permissions, Pages.
import type { GraphErrorInfo, PreflightFacts } from '../../preflight/facts';
import { howTo, type CheckInput, type CheckRule, type RuleOutcome } from '../types';
import { requestedIds } from './texts';

const SETUP = { screen: 'setup' } as const;

/** One line for a Graph error: message, code/subcode and fbtrace_id (Meta support asks for it). */
export function describeGraphError(e: GraphErrorInfo): string {
  const code = e.code !== undefined ? ` (code ${e.code}${e.subcode !== undefined ? `, subcode ${e.subcode}` : ''})` : '';
  const trace = e.fbtraceId ? `, fbtrace_id ${e.fbtraceId}` : '';
  return `${e.message}${code}${trace}`;
}

const PREFLIGHT_HOW = { app: 'press “Pre-flight with Meta” under Check & export', cli: 'use check --preflight' };

function withPreflight(input: CheckInput, f: (p: PreflightFacts) => RuleOutcome[]): RuleOutcome[] {
  if (!input.preflight) return [{ status: 'skip', message: `Pre-flight not run (${howTo(input, PREFLIGHT_HOW)}).`, target: SETUP }];
  return f(input.preflight);
}

const sameUrl = (a: string | undefined, b: string) => (a ?? '').trim().replace(/\/+$/, '') === b.trim().replace(/\/+$/, '');

export const preflightReachable: CheckRule = {
  id: 'preflight.graph',
  severity: 'error',
  source: 'app',
  title: 'The Graph API answers with the app token',
  run(input) {
    return withPreflight(input, (p) => {
      // The Page read needs Page Public Metadata Access with an app token; "preflight.page" reports it.
      const errors = p.errors.filter((e) => e.read !== 'page');
      if (errors.length === 0) return [{ status: 'pass', message: `The Graph API (${p.baseUrl}, ${p.apiVersion}) answered every read.`, target: SETUP }];
      return errors.map(({ read, error }) => ({
        subject: read,
        status: 'fail' as const,
        message: `Reading ${read} failed: ${describeGraphError(error)}.${p.notRun.length ? ` Not attempted: ${p.notRun.join(', ')}.` : ''}`,
        fix: error.hint ?? 'Check the App ID and App Secret and try again.',
        target: error.reason === 'auth' ? { screen: 'gateway' as const, field: 'gateway.appSecret' } : SETUP,
      }));
    });
  },
};

export const callbackUris: CheckRule = {
  id: 'gateway.callback-uris',
  severity: 'error',
  source: 'meta',
  title: 'The gateway URI is the redirect and deauthorize URL',
  run(input) {
    const uri = input.profile.gateway.uri;
    const redirectNote: RuleOutcome = {
      subject: 'redirect',
      status: 'skip',
      severity: 'info',
      message: `The Valid OAuth Redirect URIs cannot be read through the Graph API; confirm by hand that ${uri || 'the gateway URI'} is listed (Facebook Login for Business → Settings).`,
      fix: 'Paste the gateway URI into Valid OAuth Redirect URIs and save, then tick the step in the Setup guide.',
      target: SETUP,
    };
    if (!uri)
      return [
        {
          subject: 'deauthorize',
          status: 'fail',
          message: 'The gateway URI is not filled in.',
          fix: 'Copy the URI from the Webitel gateway form into the Gateway screen.',
          target: { screen: 'gateway', field: 'gateway.uri' },
        },
      ];
    if (!input.preflight)
      return [
        {
          subject: 'deauthorize',
          status: 'skip',
          message: `Pre-flight not run, so the Deauthorize Callback URL was not compared (${howTo(input, PREFLIGHT_HOW)}).`,
          target: SETUP,
        },
        redirectNote,
      ];
    const app = input.preflight.app;
    if (!app)
      return [{ subject: 'deauthorize', status: 'skip', message: 'The app settings could not be read (see preflight.graph).', target: SETUP }, redirectNote];
    const deauth = app.deauth_callback_url;
    const outcome: RuleOutcome = sameUrl(deauth, uri)
      ? { subject: 'deauthorize', status: 'pass', message: `The Deauthorize Callback URL is the gateway URI ${uri}.`, target: SETUP }
      : {
          subject: 'deauthorize',
          status: 'fail',
          message: deauth
            ? `The Deauthorize Callback URL is ${deauth}, not the gateway URI ${uri}.`
            : `The Meta app has no Deauthorize Callback URL; it should be the gateway URI ${uri}.`,
          fix: `In Facebook Login for Business → Settings, set Deauthorize Callback URL to ${uri}. Do not change it while a review is pending.`,
          target: SETUP,
        };
    return [outcome, redirectNote];
  },
};

export const appSettings: CheckRule = {
  id: 'preflight.app-settings',
  severity: 'warning',
  source: 'meta',
  title: 'The Meta app settings match the submission',
  run(input) {
    return withPreflight(input, (p) => {
      const app = p.app;
      if (!app) return [{ status: 'skip', message: 'The app settings could not be read.', target: SETUP }];
      const prof = input.profile;
      const out: RuleOutcome[] = [];
      const policy = prof.metaApp.privacyPolicyUrl;
      if (!app.privacy_policy_url)
        out.push({
          subject: 'privacy-policy',
          status: 'fail',
          severity: 'error',
          message: 'The Meta app has no privacy policy URL in its settings.',
          fix: `Enter ${policy || 'the https privacy policy address'} in App settings → Basic → Privacy policy URL.`,
          target: SETUP,
        });
      else if (policy && !sameUrl(app.privacy_policy_url, policy))
        out.push({
          subject: 'privacy-policy',
          status: 'fail',
          message: `The app's privacy policy URL is ${app.privacy_policy_url}, the submission says ${policy}.`,
          fix: 'Make the two the same (App settings → Basic, or the Gateway screen).',
          target: { screen: 'gateway', field: 'metaApp.privacyPolicyUrl' },
        });
      else out.push({ subject: 'privacy-policy', status: 'pass', message: `The app's privacy policy URL is ${app.privacy_policy_url}.`, target: SETUP });
      out.push(
        app.category
          ? { subject: 'category', status: 'pass', message: `The app's category is ${app.category}.`, target: SETUP }
          : {
              subject: 'category',
              status: 'fail',
              message: 'The Meta app has no category.',
              fix: 'Choose a category in App settings → Basic (e.g. Business and pages).',
              target: SETUP,
            },
      );
      out.push(
        app.contact_email
          ? { subject: 'contact-email', status: 'pass', message: `The app's contact e-mail is ${app.contact_email}.`, target: SETUP }
          : {
              subject: 'contact-email',
              status: 'fail',
              message: 'The Meta app has no contact e-mail.',
              fix: 'Enter a business contact e-mail in App settings → Basic.',
              target: SETUP,
            },
      );
      let webitelHost = '';
      try {
        webitelHost = prof.webitel.host ? new URL(prof.webitel.host).hostname : '';
      } catch {
        webitelHost = '';
      }
      if (webitelHost) {
        const domains = app.app_domains ?? [];
        const ok = domains.some((d) => webitelHost === d || webitelHost.endsWith(`.${d}`));
        out.push(
          ok
            ? { subject: 'app-domains', status: 'pass', message: `App domains include ${webitelHost}.`, target: SETUP }
            : {
                subject: 'app-domains',
                status: 'fail',
                message: `App domains (${domains.join(', ') || 'none'}) do not include the Webitel host ${webitelHost}.`,
                fix: `Add ${webitelHost} to App settings → Basic → App domains (recommended by this app).`,
                target: SETUP,
              },
        );
      }
      if (prof.metaApp.name && app.name && app.name !== prof.metaApp.name)
        out.push({
          subject: 'name',
          status: 'fail',
          severity: 'info',
          message: `The Meta app is called "${app.name}", the submission says "${prof.metaApp.name}".`,
          fix: "Use the app's real name in the submission so the texts match what the reviewer sees.",
          target: { screen: 'gateway', field: 'metaApp.name' },
        });
      return out;
    });
  },
};

export const webhookSubscription: CheckRule = {
  id: 'preflight.webhook',
  severity: 'error',
  source: 'app',
  title: "The app's Page webhook points at the gateway and carries messages",
  run(input) {
    return withPreflight(input, (p) => {
      if (!p.subscriptions) return [{ status: 'skip', message: 'The webhook subscriptions could not be read.', target: SETUP }];
      const uri = input.profile.gateway.uri;
      const page = p.subscriptions.find((s) => s.object === 'page');
      const fix =
        'Save the Meta gateway in Webitel (with "Allow API Access to App Settings" on) so it registers its webhook, or set it in the app\'s Webhooks product: object Page, callback = the gateway URI, fields messages and messaging_postbacks.';
      if (!page)
        return [
          {
            status: 'fail',
            message: 'The Meta app has no webhook subscription for the object "page"; customer messages would never reach Webitel.',
            fix,
            target: SETUP,
          },
        ];
      const out: RuleOutcome[] = [];
      if (uri && !sameUrl(page.callback_url, uri))
        out.push({
          subject: 'callback',
          status: 'fail',
          message: `The Page webhook calls ${page.callback_url ?? '(no URL)'}, not the gateway URI ${uri}.`,
          fix,
          target: SETUP,
        });
      const fields = page.fields.map((f) => f.name);
      if (!fields.includes('messages'))
        out.push({
          subject: 'messages',
          status: 'fail',
          message: `The Page webhook does not subscribe to "messages" (fields: ${fields.join(', ') || 'none'}).`,
          fix,
          target: SETUP,
        });
      if (!fields.includes('messaging_postbacks'))
        out.push({
          subject: 'postbacks',
          status: 'fail',
          severity: 'warning',
          message: 'The Page webhook does not subscribe to "messaging_postbacks"; button replies would be lost.',
          fix,
          target: SETUP,
        });
      if (page.active === false) out.push({ subject: 'active', status: 'fail', message: 'The Page webhook subscription is not active.', fix, target: SETUP });
      return out.length ? out : [{ status: 'pass', message: `The Page webhook calls the gateway URI with ${fields.join(', ')}.`, target: SETUP }];
    });
  },
};

export const testerRole: CheckRule = {
  id: 'preflight.tester',
  severity: 'warning',
  source: 'app',
  title: 'The Facebook Test User has a role on the app',
  run(input) {
    return withPreflight(input, (p) => {
      if (!p.roles) return [{ status: 'skip', message: 'The app roles could not be read.', target: SETUP }];
      const testers = p.roles.filter((r) => r.role === 'testers');
      const target = { screen: 'gateway', field: 'reviewer.facebookTestUser.email' } as const;
      if (p.testUserId) {
        const role = p.roles.find((r) => r.user === p.testUserId);
        return role
          ? [{ status: 'pass', message: `The Facebook Test User (${p.testUserId}) has the role "${role.role}".`, target }]
          : [
              {
                status: 'fail',
                severity: 'error',
                message: `The Facebook Test User (${p.testUserId}) has no role on the app; before approval only people with a role reach the Page's bot.`,
                fix: 'Add the Test User under App roles → Roles (Testers).',
                target,
              },
            ];
      }
      return [
        {
          status: 'fail',
          message: `The app has ${testers.length} tester${testers.length === 1 ? '' : 's'} (${p.roles.length} role${p.roles.length === 1 ? '' : 's'} in all); the Graph API does not say which one is the Facebook Test User given to the reviewer. Is it among them?`,
          fix: "Open App roles → Roles and make sure the Test User given to the reviewer is listed; before approval only people with a role reach the Page's bot.",
          target,
        },
      ];
    });
  },
};

export const approvedPermissions: CheckRule = {
  id: 'preflight.permissions',
  severity: 'info',
  source: 'app',
  title: 'Permissions the app already holds',
  run(input) {
    return withPreflight(input, (p) => {
      if (!p.permissions) return [{ status: 'skip', message: 'The app permissions could not be read.', target: SETUP }];
      return requestedIds(input).map((id): RuleOutcome => {
        const found = p.permissions?.find((x) => x.permission === id);
        return {
          subject: id,
          status: 'pass',
          message: found
            ? `${id}: the app already lists it (status "${found.status ?? 'unknown'}").`
            : `${id}: not yet approved for this app; this submission asks for it.`,
          target: { screen: 'permissions' },
        };
      });
    });
  },
};

export const pageOnFacebook: CheckRule = {
  id: 'preflight.page',
  severity: 'warning',
  source: 'meta',
  title: 'The Page is named on Facebook as in the submission',
  run(input) {
    return withPreflight(input, (p) => {
      const mine = input.profile.pages[0];
      const target = { screen: 'gateway' as const, field: 'pages[0].name' };
      if (!mine) return [{ status: 'skip', message: 'The profile names no Page yet.', target }];
      const err = p.errors.find((e) => e.read === 'page');
      if (err)
        return [
          {
            status: 'skip',
            message: `The Page ${mine.id} could not be read with the app token (${describeGraphError(err.error)}); reading a Page this way needs Page Public Metadata Access. Compare its name by hand.`,
            target,
          },
        ];
      if (!p.page) return [{ status: 'skip', message: 'The Page was not read (pre-flight stopped earlier).', target }];
      if (p.page.name && p.page.name.trim().toLowerCase() !== mine.name.trim().toLowerCase())
        return [
          {
            status: 'fail',
            message: `Facebook names the Page ${mine.id} "${p.page.name}", the submission "${mine.name}". The reviewers tie the Page selection, the webhook subscription and the incoming chat to one Page by its name.`,
            fix: `Use the Page's Facebook name "${p.page.name}" in the profile (pages[0].name), then regenerate the texts and record again.`,
            target,
          },
        ];
      return [{ status: 'pass', message: `Facebook names the Page ${mine.id} "${p.page.name ?? mine.name}", as the submission does.`, target }];
    });
  },
};

export const mmeLink: CheckRule = {
  id: 'preflight.mme',
  severity: 'info',
  source: 'app',
  title: "Whether the Page's m.me link opens a conversation",
  run(input) {
    return withPreflight(input, (p) => {
      const mine = input.profile.pages[0];
      const target = { screen: 'gateway' as const, field: 'pages[0].username' };
      if (!mine) return [{ status: 'skip', message: 'The profile names no Page yet.', target }];
      const thread = `https://www.facebook.com/messages/t/${mine.id}`;
      const m = p.mme;
      if (!m) return [{ status: 'skip', message: `The Page has no username, so it has no m.me link; the texts send the reviewer to ${thread}.`, target }];
      const link = m.url.replace(/^https?:\/\//, '');
      const texts = `The texts send the reviewer to ${thread} whatever m.me does.`;
      if (m.outcome === 'unchecked') return [{ status: 'skip', message: `Could not check where ${link} lands (${m.reason ?? 'no answer'}). ${texts}`, target }];
      if (m.outcome === 'opens') {
        const other = m.conversation && /^\d+$/.test(m.conversation) && m.conversation !== mine.id;
        return [
          other
            ? {
                status: 'fail',
                severity: 'warning',
                message: `${link} opens a conversation, but with ${m.conversation}, not the Page ${mine.id} (it lands on ${m.landedAt}). ${texts}`,
                fix: `Check the Page username in the profile (pages[0].username): m.me/<username> should lead to the Page ${mine.id}.`,
                target,
              }
            : { status: 'pass', message: `${link} still opens a conversation on a desktop browser (it lands on ${m.landedAt}). ${texts}`, target },
        ];
      }
      const where = [m.status !== undefined ? `HTTP ${m.status}` : '', m.title ? `"${m.title}"` : '', m.reason ?? ''].filter(Boolean).join(', ');
      return [
        {
          status: 'fail',
          severity: 'warning',
          message: `${link} does not open a conversation on a desktop browser: it lands on ${m.landedAt ?? 'no page'}${where ? ` (${where})` : ''}. messenger.com was retired in April 2026. ${texts}`,
          fix: `Give people ${thread} instead of ${link} (the Page's website, e-mails, the reviewer instructions you write by hand).`,
          target,
        },
      ];
    });
  },
};

export const settingsBlockers: CheckRule = {
  id: 'preflight.settings-blockers',
  severity: 'warning',
  source: 'app',
  title: "No app setting blocks the gateway's webhook registration or the submission",
  run(input) {
    return withPreflight(input, (p) => {
      // Neither is in the app node the Graph API returns, so both are named for checking by hand.
      const renewal: RuleOutcome = {
        subject: 'data-access-renewal',
        status: 'skip',
        severity: 'info',
        message:
          'A pending Data Access Renewal cannot be read through the Graph API; while one is pending "Submit for review" stays greyed out. Look for a renewal notice in the App Dashboard and complete it before submitting.',
        target: SETUP,
      };
      if (!p.app) return [{ status: 'skip', message: 'The app settings were not read.', target: SETUP }, renewal];
      const raw = p.app.server_ip_whitelist;
      const ips = (Array.isArray(raw) ? raw : (raw ?? '').split(',')).map((x) => x.trim()).filter(Boolean);
      const twoFa = '"Require 2FA reauth" cannot be read through the Graph API: check it under App settings → Advanced → Security.';
      if (ips.length)
        return [
          {
            status: 'fail',
            message: `"Update Settings IP Whitelist" is set (${ips.join(', ')}): only these addresses may change the app's settings, so the gateway's POST /{app-id}/subscriptions from any other address fails and the webhook is never registered. ${twoFa}`,
            fix: "Add the Webitel server's public address to the list, or empty it (App settings → Advanced → Security), then save the gateway in Webitel again so it registers the webhook.",
            target: SETUP,
          },
          renewal,
        ];
      return [{ status: 'pass', message: `"Update Settings IP Whitelist" is empty. ${twoFa}`, target: SETUP }, renewal];
    });
  },
};

export const PREFLIGHT_RULES: CheckRule[] = [
  preflightReachable,
  callbackUris,
  appSettings,
  webhookSubscription,
  testerRole,
  approvedPermissions,
  pageOnFacebook,
  mmeLink,
  settingsBlockers,
];
