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

  it('counts done steps from profile.setup.done, ignoring unknown ids', () => {
    const p = profile('acme');
    expect(setupProgress(p)).toEqual({ done: 0, total: SETUP_STEP_IDS.length });
    const done = { ...p, setup: { done: { 'create-app': true, webhook: true, 'allow-api-access': false, 'no-such-step': true } } };
    expect(setupProgress(done)).toEqual({ done: 2, total: SETUP_STEP_IDS.length });
  });
});
