// Proves the default scenario's captions burned into the video never show a recording-only login or a secret.
import { describe, expect, it } from 'vitest';
import { sampleProfile } from '../../../app/profile/sample';
import { scenarioContext } from '../../../app/recorder/scenario/context';
import { captionsOf } from '../../../app/recorder/scenario/load';
import { defaultScenario } from '../../../app/recorder/scenarios/index';

describe('default scenario captions (they are burned into the video Meta sees)', () => {
  const profile = sampleProfile();
  profile.recording.webitelAdmin.login = 'boss.admin@acme-retail.example';
  profile.recording.pageAdmin.email = 'page.owner@acme-retail.example';
  const captions = captionsOf(defaultScenario(), scenarioContext(profile)).map((c) => `${c.caption} ${c.explain ?? ''}`);

  it('never name the recording-only logins nor any secret', () => {
    const forbidden = [
      'boss.admin',
      'page.owner@acme-retail.example',
      profile.gateway.appSecret,
      profile.recording.webitelAdmin.password,
      profile.recording.pageAdmin.password,
      profile.reviewer.operator.password,
      profile.reviewer.facebookTestUser.password,
    ].filter((s) => s.length > 0);
    for (const c of captions) for (const f of forbidden) expect(c, c).not.toContain(f);
  });

  it('leave the reviewer test logins to the reviewer instructions', () => {
    const all = captions.join('\n');
    expect(all).not.toContain(profile.reviewer.operator.login);
    expect(all).not.toContain(profile.reviewer.facebookTestUser.email);
    expect(all).toMatch(/test login from the reviewer instructions/);
  });
});
