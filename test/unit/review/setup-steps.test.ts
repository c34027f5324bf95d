// Proves the Meta-side setup checklist: its order, the values to copy, safe links, no secrets, access levels and progress.
import { describe, expect, it } from 'vitest';
import { ProfileSchema } from '../../../app/profile/schema';
import { renderSetupNotes, SETUP_STEP_IDS, setupProgress, setupSteps } from '../../../app/review/setup-steps';
import { forbidden, profile, PROFILES } from './profiles';

describe('Meta-side setup steps', () => {
  it('come in the checklist order with stable ids', () => {
    expect(setupSteps(profile('acme')).map((s) => s.id)).toEqual([...SETUP_STEP_IDS]);
  });

  it.each(PROFILES.map((p) => [p.name, p] as const))('%s: the gateway URI is the copy value for redirect URIs and deauthorize callback', (_n, p) => {
    const steps = new Map(setupSteps(p).map((s) => [s.id, s]));
    expect(steps.get('oauth-redirect-uri')!.copyValue).toEqual({ label: 'Gateway URI', value: p.gateway.uri });
    expect(steps.get('oauth-redirect-uri')!.title).toBe('Valid OAuth Redirect URIs');
    expect(steps.get('deauthorize-callback')!.copyValue).toEqual({ label: 'Gateway URI', value: p.gateway.uri });
    expect(steps.get('allow-api-access')!.detail).toContain('POST /{app-id}/subscriptions');
    expect(steps.get('create-app')!.copyValue?.value).toBe(p.metaApp.name);
  });

  it('links only to https pages on developers.facebook.com, with the App ID where a dashboard page is meant', () => {
    const p = profile('acme');
    for (const s of setupSteps(p)) {
      if (!s.link) continue;
      const u = new URL(s.link);
      expect(u.protocol).toBe('https:');
      expect(u.hostname).toBe('developers.facebook.com');
    }
    expect(setupSteps(p).find((s) => s.id === 'allow-api-access')!.link).toBe(`https://developers.facebook.com/apps/${p.gateway.appId}/settings/advanced/`);
  });

  it('a draft has no copy values for empty fields and says which fields the steps need', () => {
    const draft = ProfileSchema.parse({
      schemaVersion: 1,
      name: 'draft',
      createdAt: 'x',
      updatedAt: 'x',
      webitel: {},
      gateway: {},
      metaApp: {},
      reviewer: { operator: {}, facebookTestUser: {} },
      recording: { webitelAdmin: {}, pageAdmin: {} },
    });
    const steps = setupSteps(draft);
    const redirect = steps.find((s) => s.id === 'oauth-redirect-uri')!;
    expect(redirect.copyValue).toBeUndefined();
    expect(redirect.needs).toEqual(['gateway.uri']);
    expect(steps.find((s) => s.id === 'allow-api-access')!.link).toBe('https://developers.facebook.com/apps/');
  });

  it('carry no secret and no recording-only login', () => {
    for (const p of PROFILES) {
      const all = JSON.stringify(setupSteps(p)) + renderSetupNotes(p);
      for (const v of [...forbidden(p), p.reviewer.operator.password, p.reviewer.facebookTestUser.password]) expect(all).not.toContain(v);
    }
  });

  it("states the chosen access levels and the app's advice when they differ", () => {
    const p = profile('globex'); // on-premise
    const standard = { ...p, permissions: p.permissions.map((x) => (x.id === 'pages_show_list' ? { ...x, accessLevel: 'standard' as const } : x)) };
    const detail = setupSteps(standard).find((s) => s.id === 'request-permissions')!.detail;
    expect(detail).toMatch(/pages_show_list: Standard Access — this app recommends Advanced Access for on-premise/);
    expect(detail).toMatch(/pages_messaging: Advanced Access\n/);
  });

  it('say what changed at Meta in 2026: Use cases, Data Access Renewal, the settings that block the webhook, Business Integrations', () => {
    const p = profile('acme');
    const steps = new Map(setupSteps(p).map((s) => [s.id, s]));
    const useCases = steps.get('use-cases-customize')!;
    expect(useCases.title).toMatch(/Use cases → Customize/);
    expect(useCases.detail).toMatch(/Use cases.*"Customize".*before anything requests them/);
    expect(useCases.detail).toMatch(/a permission missing from the use case makes the Facebook dialog show "Invalid Scopes"/);
    for (const id of p.permissions.map((x) => x.id)) expect(useCases.detail).toContain(id);
    // Added before anything requests a permission: ahead of the gateway's credentials and the review request.
    const order = [...steps.keys()];
    expect(order.indexOf('use-cases-customize')).toBeLessThan(order.indexOf('gateway-credentials'));

    expect(steps.get('data-access-renewal')!.detail).toMatch(/Data Access Renewal.*pending.*"Submit for review" stays greyed out/);
    expect(order.indexOf('data-access-renewal')).toBeLessThan(order.indexOf('request-permissions'));

    const blockers = steps.get('advanced-settings-blockers')!.detail;
    expect(blockers).toMatch(/"Update Settings IP Whitelist" lets only the listed server addresses change app settings/);
    expect(blockers).toMatch(/"Require 2FA reauth" asks for a second factor before a change\. Either one can make/);
    expect(blockers).toMatch(/POST \/\{app-id\}\/subscriptions fail, so the webhook is never registered/);
    expect(blockers).toMatch(/Leave the IP list empty \(or add the Webitel server's public address\) and keep "Require 2FA reauth" off/);

    const consent = steps.get('first-time-consent')!.detail;
    expect(consent).toMatch(/"Continue with previous settings"/);
    expect(consent).toMatch(/remove the app under Facebook → Settings → Business Integrations \(facebook\.com\/settings\?tab=business_tools\)/);
    expect(consent).toMatch(/click "Edit settings" in the dialog so that the Page selection and the permission review are on screen/);

    const english = steps.get('english-facebook')!.detail;
    expect(english).toMatch(/Facebook shows a logged-in account its pages in the account's own language, whatever the browser asks for/);
    expect(english).toMatch(/For both accounts: Settings & privacy → Settings → Language and region → "Facebook language": English \(US\)/);

    // The setup notes carry the same wording.
    const notes = renderSetupNotes(p);
    for (const w of [
      '"Invalid Scopes"',
      'Data Access Renewal',
      '"Facebook language"',
      '"Require 2FA reauth"',
      '"Update Settings IP Whitelist"',
      'Business Integrations',
    ])
      expect(notes).toContain(w);
  });

  it('counts done steps from profile.setup.done, ignoring unknown ids', () => {
    const p = profile('acme');
    expect(setupProgress(p)).toEqual({ done: 0, total: SETUP_STEP_IDS.length });
    const done = { ...p, setup: { done: { 'create-app': true, webhook: true, 'allow-api-access': false, 'no-such-step': true } } };
    expect(setupProgress(done)).toEqual({ done: 2, total: SETUP_STEP_IDS.length });
  });
});
