// Proves the scenario template context, secret masking, the selector mapping and which errors count as transient.
import { describe, expect, it } from 'vitest';
import { UserError, forApp } from '../../../app/common/errors';
import { blankProfile, sampleProfile, SAMPLE_SEED } from '../../../app/profile/sample';
import { checkContext, MASK, maskSecrets, renderTemplate, scenarioContext } from '../../../app/recorder/scenario/context';
import { captionsOf } from '../../../app/recorder/scenario/load';
import { toPuppeteerSelector, describeSelector } from '../../../app/recorder/scenario/selectors';
import { defaultScenario } from '../../../app/recorder/scenarios/index';
import { maskUrl } from '../../../app/recorder/runner/run';

const origins = { webitel: 'http://webitel.localhost:4321', facebook: 'http://facebook.localhost:4321', messenger: 'http://m.me.localhost:4321' };
const v = (text: string, ctx = scenarioContext(sampleProfile())) =>
  renderTemplate(text, ctx, { mode: 'value', vars: { reply: 'Hi!' }, field: 'steps[0].value' });
const d = (text: string, ctx = scenarioContext(sampleProfile())) =>
  renderTemplate(text, ctx, { mode: 'display', vars: { reply: 'Hi!' }, field: 'steps[0].caption' });

describe('scenario context', () => {
  it('uses the real Facebook and m.me for a real profile', () => {
    const p = sampleProfile();
    p.webitel.host = 'https://cloud.webitel.ua';
    const ctx = scenarioContext(p);
    expect(v('{{webitel.origin}}|{{facebook.origin}}|{{messenger.pageUrl}}', ctx)).toBe(
      `https://cloud.webitel.ua|https://www.facebook.com|https://m.me/${SAMPLE_SEED.page.username}`,
    );
    expect(v('{{gateway.url}}', ctx)).toBe(p.gateway.uri);
  });

  it('uses the running sandbox origins with --sandbox', () => {
    const ctx = scenarioContext(sampleProfile(), { sandbox: { origins } });
    expect(v('{{webitel.origin}} {{webitel.host}} {{messenger.pageUrl}} {{facebook.origin}}', ctx)).toBe(
      `${origins.webitel} webitel.localhost:4321 ${origins.messenger}/${SAMPLE_SEED.page.username} ${origins.facebook}`,
    );
    expect(v('{{gateway.url}}', ctx)).toBe(`${origins.webitel}/chat/${SAMPLE_SEED.gateway.uriId}`);
    expect(ctx.sandbox).toBe(true);
  });

  it('splits logins into user and domain, reads profile paths, vars and filters', () => {
    expect(v('{{admin.user}} @ {{admin.domain}} / {{operator.login}}')).toBe(`admin @ acme-retail.example / ${SAMPLE_SEED.operator.login}`);
    expect(v('{{profile.pages[0].name}} {{page.id}} {{vars.reply}}')).toBe(`${SAMPLE_SEED.page.name} ${SAMPLE_SEED.page.id} Hi!`);
    expect(v('/app/auth?redirectTo={{webitel.workspaceUrl|urlencode}}', scenarioContext(sampleProfile(), { sandbox: { origins } }))).toBe(
      `/app/auth?redirectTo=${encodeURIComponent(origins.webitel + '/workspace/')}`,
    );
  });

  it('an empty profile field is named in the error by its label on the form', () => {
    const ctx = scenarioContext(blankProfile('draft'));
    let err: unknown;
    try {
      v('{{page.name}} and {{admin.domain}}', ctx);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).issues).toEqual([
      { field: 'steps[0].value', message: 'uses {{page.name}}, which has no value: fill in “Page name (Page 1)”' },
      { field: 'steps[0].value', message: 'uses {{admin.domain}}, which has no value: fill in “Webitel admin login”' },
    ]);
  });

  it('a missing value names its step from 1 and by caption, as the app shows it, with no path or command', () => {
    const scenario = defaultScenario();
    const p = sampleProfile();
    p.recording.webitelAdmin.login = '';
    // The first string of the scenario that needs the admin's login (lanes are walked before steps, and none of them does).
    const i = scenario.steps.findIndex((st) => /\{\{admin\./.test(JSON.stringify(st)));
    expect(i).toBeGreaterThan(0);
    expect(JSON.stringify(scenario.lanes)).not.toMatch(/\{\{admin\./);
    let err: UserError | undefined;
    try {
      checkContext(scenario, scenarioContext(p));
    } catch (e) {
      err = e as UserError;
    }
    expect(err?.issues[0]?.field).toMatch(new RegExp(`^steps\\[${i}\\]`));
    const step = scenario.steps[i]!;
    const name = step.caption ? `Step ${i + 1}, “${step.caption}”` : `Step ${i + 1} (${step.id})`;
    const app = forApp(err as UserError);
    expect(app.message.startsWith(`The scenario needs values the submission does not have: ${name}: the `)).toBe(true);
    expect(app.message).toMatch(/ uses \{\{admin\.(login|user|domain)\}\}, which has no value: fill in “Webitel admin login”/);
    expect(app.message).not.toMatch(/steps\[|review-assistant|--[a-z]/);
    expect(app.hint).toBe('fill in the named fields on the Submission screen, or change the scenario under Recorder → Scenario steps');
  });

  it('a missing value in a step rendered on its own (the runner’s step loop) names the step too', () => {
    const steps = [
      { id: 'open', caption: 'Open the inbox' },
      { id: 'login', caption: 'The admin logs in' },
    ];
    expect(() =>
      renderTemplate('{{admin.domain}}', scenarioContext(blankProfile('draft')), { mode: 'value', vars: {}, field: 'steps[1].value', steps }),
    ).toThrow(
      'The scenario needs values the submission does not have: Step 2, “The admin logs in”: the text to type uses {{admin.domain}}, which has no value: fill in “Webitel admin login”',
    );
  });

  it('a missing value in a window’s settings names the window by its title', () => {
    const lanes = [{ id: 'webitel', title: 'Webitel — operator' }];
    expect(() =>
      renderTemplate('{{webitel.origin}}', scenarioContext(blankProfile('draft')), { mode: 'value', vars: {}, field: 'lanes[0].startUrl', lanes }),
    ).toThrow(
      /^The scenario needs values the submission does not have: Window 1, “Webitel — operator”: the start url uses \{\{webitel\.origin\}\}, which has no value/,
    );
  });

  it('checkContext reports every missing value of the default scenario for a blank profile, by step field', () => {
    let err: UserError | undefined;
    try {
      checkContext(defaultScenario(), scenarioContext(blankProfile('draft')));
    } catch (e) {
      err = e as UserError;
    }
    expect(err?.kind).toBe('validation');
    const fields = err?.issues.map((i) => i.field) ?? [];
    expect(fields).toEqual(expect.arrayContaining(['steps[0].url', 'lanes[0].grant[0].origin']));
    expect(err?.issues.some((i) => i.message.includes('“Trigger message the reviewer sends”'))).toBe(true);
  });
});

describe('secret masking', () => {
  it('masks {{secret:…}} and secret profile paths in display mode, and keeps the value for typing', () => {
    const p = sampleProfile();
    expect(v('{{secret:reviewer.operator.password}}')).toBe(SAMPLE_SEED.operator.password);
    expect(d('password {{secret:reviewer.operator.password}}')).toBe(`password ${MASK}`);
    expect(d('{{profile.gateway.appSecret}}')).toBe(MASK);
    expect(d('{{profile.reviewer.operator.login}}')).toBe(p.reviewer.operator.login);
  });

  it('masks a secret typed literally into a caption', () => {
    const ctx = scenarioContext(sampleProfile());
    expect(maskSecrets(`the password is ${SAMPLE_SEED.webitelAdmin.password}.`, ctx)).toBe(`the password is ${MASK}.`);
    expect(d(`App Secret ${SAMPLE_SEED.gateway.appSecret}`)).toBe(`App Secret ${MASK}`);
  });

  it('captionsOf gives every caption with its scene permissions and no secret', () => {
    const p = sampleProfile();
    const lines = captionsOf(defaultScenario(), scenarioContext(p));
    expect(lines.length).toBeGreaterThan(20);
    const all = JSON.stringify(lines);
    for (const secret of [
      p.gateway.appSecret,
      p.reviewer.operator.password,
      p.reviewer.facebookTestUser.password,
      p.recording.webitelAdmin.password,
      p.recording.pageAdmin.password,
    ]) {
      expect(all).not.toContain(secret);
    }
    const cc = lines.find((l) => l.stepId === 'call-center-on');
    expect(cc).toMatchObject({ sceneId: 'receive-message', permissions: ['pages_messaging'], laneId: 'webitel', explain: expect.stringMatching(/online/) });
    expect(lines.find((l) => l.stepId === 'customer-type')?.caption).toContain(p.reviewer.triggerMessage);
    expect(lines.find((l) => l.stepId === 'admin-domain')).toMatchObject({ branch: 'login:domain-first', conditional: true });
  });

  it('masks tokens and codes in addresses', () => {
    expect(maskUrl('http://w.localhost:1/workspace/?accessToken=abc123&x=1')).toBe(
      'http://w.localhost:1/workspace/?accessToken=%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2&x=1',
    );
    expect(maskUrl('https://h/chat/x?code=SECRET&state=s')).not.toContain('SECRET');
    expect(maskUrl('https://m.me/acme')).toBe('https://m.me/acme');
  });
});

describe('selector fallbacks map to puppeteer selectors', () => {
  it('css, aria, text and xpath', () => {
    expect(toPuppeteerSelector({ css: 'input[name="username"]' })).toBe('input[name="username"]');
    expect(toPuppeteerSelector({ aria: { role: 'button', name: 'Next' } })).toBe('::-p-aria([name="Next"][role="button"])');
    expect(toPuppeteerSelector({ aria: { name: 'Message' } })).toBe('::-p-aria([name="Message"])');
    expect(toPuppeteerSelector({ aria: { role: 'checkbox', name: 'Joe\'s "Shop"' } })).toBe('::-p-aria([name=\'Joe\'s "Shop"\'][role="checkbox"])');
    expect(toPuppeteerSelector({ text: 'Add or remove pages' })).toBe('::-p-text("Add or remove pages")');
    expect(toPuppeteerSelector({ xpath: '//tr[1]' })).toBe('::-p-xpath(//tr[1])');
    expect(describeSelector({ css: 'input[role="switch"]', within: { css: 'tr', text: 'Acme' } })).toBe('input[role="switch"] within tr containing "Acme"');
  });
});

describe('isTransient', () => {
  it('treats errors of a document replaced by a navigation as "between pages", not as a wrong selector', async () => {
    const { isTransient } = await import('../../../app/recorder/runner/resolve');
    expect(isTransient(new Error('Protocol error (DOM.resolveNode): Node with given id does not belong to the document'))).toBe(true);
    expect(isTransient(new Error('Execution context was destroyed, most likely because of a navigation.'))).toBe(true);
    expect(isTransient(new Error('Waiting for selector `#x` failed'))).toBe(false);
  });
});
