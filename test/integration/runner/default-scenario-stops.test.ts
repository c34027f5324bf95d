// Proves the default scenario stops clearly where it must (wrong password, SSO-only, forced change, unknown gateway, no agent) and gets through a person's codes.
import { promises as fs } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleProfile } from '../../../app/profile/sample';
import { RunError } from '../../../app/recorder/runner/errors';
import { prepareRun, type PreparedRun } from '../../../app/recorder/runner/prepare';
import { WEBITEL_TFA_CODE } from '../../../app/sandbox/state';
import { between, newSeen, noBrowsersLeft, play, upTo, useRunFolder } from './default-scenario-harness';

useRunFolder();

describe('the default scenario against the sandbox: codes, stops and their causes (real headless Chromium)', () => {
  it('completes the domain-first login and a manual Facebook login-code step done by the person', async () => {
    const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, webitelRelease: '26.04', pageAdminNeedsCode: true });
    const sb = prepared.sandbox!;
    const prompts: string[] = [];
    const seenRef = newSeen();
    try {
      const scenario = { ...prepared.scenario, steps: prepared.scenario.steps.slice(0, prepared.scenario.steps.findIndex((s) => s.id === 'webhook-on') + 1) };
      const r = await play(
        { ...prepared, scenario },
        {
          onManual: (prompt) => {
            prompts.push(prompt);
            // The person types the code from their authenticator app into the popup.
            const popup = seenRef.popups.at(-1);
            void (async () => {
              await popup!.type('#approvals_code', sb.seed.facebook.pageAdmin.code);
              await popup!.click('::-p-text(Continue)');
            })();
          },
        },
        undefined,
        seenRef,
      );
      expect(r.error).toBeUndefined();
      expect(prompts).toHaveLength(1);
      expect(prompts[0]).toMatch(/login code/);
      const status = (id: string) => r.result?.steps.find((s) => s.id === id)?.status;
      expect(status('admin-domain')).toBe('passed');
      expect(status('admin-df-submit')).toBe('passed');
      expect(status('admin-username')).toBe('skipped');
      expect(status('fb-admin-code')).toBe('passed');
      expect(sb.state.connectedPages().map((p) => p.subscribed)).toEqual([true]);
      await noBrowsersLeft(r.seen, r.profiles);
    } finally {
      await prepared.close();
    }
  });

  it('a login to approve on another device ("Check your notifications on another device") is handed to the person, for the Page admin and the customer, and the run goes on once approved', async () => {
    for (const who of ['pageAdmin', 'customer'] as const) {
      const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, loginApproval: [who] });
      const sb = prepared.sandbox!;
      const prompts: string[] = [];
      const approved: number[] = [];
      try {
        // The admin's part up to the consent, or the customer's up to typing.
        const part = who === 'pageAdmin' ? upTo(prepared, 'fb-consent-shown') : between(prepared, 'customer-open-messenger', 'customer-type', 'facebook');
        const r = await play(part, {
          onManual: (prompt) => {
            prompts.push(prompt);
            // The person taps "Yes, it's me" on their phone a moment later.
            setTimeout(() => approved.push(sb.state.approveFacebookLogins()), 1500);
          },
        });
        expect([who, r.error?.message]).toEqual([who, undefined]);
        expect(prompts).toHaveLength(1);
        expect(prompts[0]).toMatch(/approve the login on the other device \("Check your notifications on another device"\)/);
        expect(approved).toEqual([1]);
        expect(r.result?.steps.find((s) => s.id === (who === 'pageAdmin' ? 'fb-admin-code' : 'customer-code'))?.status).toBe('passed');
        await noBrowsersLeft(r.seen, r.profiles);
      } finally {
        await prepared.close();
      }
    }
  });

  it("Messenger's chat-history PIN dialog that cannot be closed is handed to the person, who enters the PIN, and the customer's message goes out", async () => {
    const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, messengerPin: 'required' });
    const prompts: string[] = [];
    const seenRef = newSeen();
    try {
      // The customer's part only: open the conversation, log in, the PIN, write and send.
      const r = await play(
        between(prepared, 'customer-open-messenger', 'customer-send'),
        {
          onManual: (prompt) => {
            prompts.push(prompt);
            void seenRef.pages.get('facebook')!.type('.ms-pin__input', '246810');
          },
        },
        undefined,
        seenRef,
      );
      expect(r.error).toBeUndefined();
      expect(prompts).toEqual([expect.stringMatching(/asks the customer \(the test user\) for the PIN/)]);
      const status = (id: string) => r.result?.steps.find((st) => st.id === id)?.status;
      // Nothing to close it with: the close step gave up quickly and the run went on.
      expect(status('customer-pin-close')).toBe('skipped');
      expect(status('customer-pin')).toBe('passed');
      expect(status('customer-send')).toBe('passed');
      const sent = prepared.context.entries['trigger.message']!.value!;
      expect(prepared.sandbox!.state.snapshot().conversations.flatMap((c) => c.messages.map((m) => m.text))).toContain(sent);
      await noBrowsersLeft(r.seen, r.profiles);
    } finally {
      await prepared.close();
    }
  });

  // The Facebook side as it is in 2026: a Page admin who granted the app before, and the cookie banner.
  const consentSteps = (scenario: PreparedRun['scenario']) => ({
    ...scenario,
    steps: scenario.steps.slice(0, scenario.steps.findIndex((s) => s.id === 'webhook-on') + 1),
  });

  it('the consent ticks every Page the profile lists, and not another Page the admin manages', async () => {
    const profile = sampleProfile();
    profile.pages = [profile.pages[0]!, { id: '104857600123457', name: 'Acme Sales', username: 'acmesales' }];
    const prepared = await prepareRun({ profile, sandbox: true, unrelatedPage: true });
    const sb = prepared.sandbox!;
    const checklist: Array<Promise<Array<[string | null, boolean]>>> = [];
    const seen = newSeen();
    try {
      // The sandbox's Page admin manages three Pages; the profile lists two of them.
      expect(sb.seed.facebook.pageAdmin.managesPages).toHaveLength(3);
      const r = await play(
        { ...prepared, scenario: consentSteps(prepared.scenario) },
        {
          onEvent: (e) => {
            // The checklist as the admin leaves it, read before "Continue" is clicked.
            if (e.type === 'step-started' && e.stepId === 'fb-pages-continue') {
              checklist.push(
                seen.popups
                  .at(-1)!
                  .$$eval('input[name="page_id"]', (els) =>
                    els.map((el) => [el.getAttribute('aria-label'), (el as HTMLInputElement).checked] as [string | null, boolean]),
                  ),
              );
            }
          },
        },
        undefined,
        seen,
      );
      expect(r.error).toBeUndefined();
      const status = (id: string) => r.result?.steps.find((x) => x.id === id)?.status;
      expect(status('fb-choose-page')).toBe('passed');
      expect(status('fb-choose-page-p2')).toBe('passed');
      expect(await Promise.all(checklist)).toEqual([
        [
          ['Acme Support', true],
          ['Acme Sales', true],
          ['Acme Careers', false],
        ],
      ]);
      // Both of the profile's Pages are connected (the first one subscribed by the scenario), the other Page is not.
      expect(sb.state.connectedPages().map((p) => [p.name, p.subscribed])).toEqual([
        ['Acme Support', true],
        ['Acme Sales', false],
      ]);
      await noBrowsersLeft(r.seen, r.profiles);
    } finally {
      await prepared.close();
    }
  });

  it('a cookie banner that appears only after the Facebook login is answered there, and the consent goes on under it', async () => {
    const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, cookieBanner: 'after-login' });
    try {
      const r = await play(upTo(prepared, 'fb-pages-continue'));
      expect(r.error).toBeUndefined();
      const status = (id: string) => r.result?.steps.find((x) => x.id === id)?.status;
      // Not on the login page (nothing to answer there)…
      expect(status('fb-admin-cookies')).toBe('skipped');
      expect(status('fb-admin-email')).toBe('passed');
      // …but over the consent dialog, where it is answered before the dialog is used.
      expect(status('fb-admin-cookies-after-login')).toBe('passed');
      for (const id of ['fb-consent-shown', 'fb-continue-as', 'fb-pages-current-only', 'fb-choose-page', 'fb-pages-continue'])
        expect([id, status(id)]).toEqual([id, 'passed']);
      await noBrowsersLeft(r.seen, r.profiles);
    } finally {
      await prepared.close();
    }
  });

  it("a wrong Webitel password stops the run at the login with the toast's text", async () => {
    const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true });
    try {
      const entry = prepared.context.entries['profile.recording.webitelAdmin.password']!;
      entry.value = 'not-the-password';
      const r = await play(upTo(prepared, 'admin-code'));
      const e = r.error as RunError;
      expect(e).toBeInstanceOf(RunError);
      const at = prepared.scenario.steps.findIndex((s) => s.id === 'admin-password-next');
      expect(e.failure).toMatchObject({ stepId: 'admin-password-next', laneId: 'webitel', field: `steps[${at}].failIf` });
      expect(e.message).toContain('the page reports a problem: "Invalid login or password"');
      expect(e.message).not.toContain('not-the-password');
      expect(e.failure?.url).toContain('/app/auth');
      expect((await fs.stat(e.failure!.screenshot!)).size).toBeGreaterThan(1000);
      await noBrowsersLeft(r.seen, r.profiles);
    } finally {
      await prepared.close();
    }
  });

  it('"Field is required" at load is no failure: the admin login passes on 26.06 and 26.04 with the hints shown', async () => {
    for (const release of ['26.06', '26.04'] as const) {
      const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, webitelRelease: release });
      const hintsAtLoad: Array<Promise<string[]>> = [];
      try {
        const seen = newSeen();
        const r = await play(
          upTo(prepared, 'admin-code'),
          {
            onEvent: (e) => {
              // The form has just appeared: read its hints while the step that must not fail runs.
              if (e.type === 'step-started' && (e.stepId === 'admin-username' || e.stepId === 'admin-domain')) {
                hintsAtLoad.push(seen.pages.get('webitel')!.$$eval('main.auth [role="alert"]', (els) => els.map((x) => (x.textContent ?? '').trim())));
              }
            },
          },
          undefined,
          seen,
        );
        expect(r.error).toBeUndefined();
        expect(await Promise.all(hintsAtLoad)).toEqual([['Field is required']]);
        expect(r.result?.steps.find((s) => s.id === (release === '26.04' ? 'admin-domain-next' : 'admin-username-next'))?.status).toBe('passed');
      } finally {
        await prepared.close();
      }
    }
  });

  it('a stored admin token does not become the operator: without the sign-out steps the run stops at the operator login and says why', async () => {
    const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true });
    try {
      // The admin signs in, then (as an older scenario did) the operator's login page is opened in the same browser.
      const steps = prepared.scenario.steps;
      const adminLogin = steps.slice(0, steps.findIndex((s) => s.id === 'admin-code') + 1);
      const operator = steps
        .filter((s) => s.id === 'operator-open-workspace' || s.id === 'operator-login-form')
        .map((s) => ({ ...s, scene: adminLogin[0]!.scene }));
      const scenario = { ...prepared.scenario, scenes: prepared.scenario.scenes.slice(0, 1), steps: [...adminLogin, ...operator] };
      const r = await play({ ...prepared, scenario });
      const e = r.error as RunError;
      expect(e).toBeInstanceOf(RunError);
      expect(e.failure?.stepId).toBe('operator-login-form');
      expect(e.message).toMatch(/without asking the operator to sign in/);
      expect(e.hint).toMatch(/sign the administrator out first/);
      // With the scenario's own sign-out steps the operator signs in and Workspace is the operator's:
      // every full run in default-scenario.test.ts checks the name Workspace shows.
    } finally {
      await prepared.close();
    }
  });

  it('a Webitel two-factor code is handed to the person (manual step) and the run goes on', async () => {
    const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, webitelRelease: '26.08', webitel: { tfa: true } });
    const prompts: string[] = [];
    const seen = newSeen();
    try {
      const r = await play(
        upTo(prepared, 'admin-gateways-list'),
        {
          onManual: (prompt) => {
            prompts.push(prompt);
            // The person types the code from the authenticator app and clicks Next.
            const w = seen.pages.get('webitel')!;
            void (async () => {
              await w.type('input[placeholder="Code"]', WEBITEL_TFA_CODE);
              await w.click('::-p-aria([name="NEXT"][role="button"])');
            })();
          },
        },
        undefined,
        seen,
      );
      expect(r.error).toBeUndefined();
      expect(prompts).toHaveLength(1);
      expect(prompts[0]).toMatch(/two-factor code/);
      expect(r.result?.steps.find((s) => s.id === 'admin-code')?.status).toBe('passed');
    } finally {
      await prepared.close();
    }
  });

  it('a forced password change (HTTP 412) stops the run at once with its message and what to do', async () => {
    const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, webitel: { forcePasswordChange: ['admin'] } });
    try {
      const r = await play(upTo(prepared, 'admin-code'));
      const e = r.error as RunError;
      expect(e).toBeInstanceOf(RunError);
      expect(e.failure?.stepId).toBe('admin-password-next');
      expect(e.failure?.field).toMatch(/stopIf\[0\]$/);
      expect(e.message).toMatch(/asks the administrator to set a new password before signing in \(a forced or expired password, HTTP 412\)/);
      expect(e.hint).toMatch(/^sign in once by hand at http:\/\/webitel\.localhost:\d+\/app\/auth, set the new password, save it in the profile/);
      // At once: not after the step's 20 s timeout.
      expect(e.failure!.waitedMs).toBeLessThan(20_000);
    } finally {
      await prepared.close();
    }
  });

  it('an SSO-only domain, a gateway Admin does not list and an admin without update access stop the run with the cause', async () => {
    const sso = await prepareRun({ profile: sampleProfile(), sandbox: true, webitel: { ssoOnly: true } });
    try {
      const e = (await play(upTo(sso, 'admin-code'))).error as RunError;
      expect(e.failure?.stepId).toBe('admin-username-next');
      expect(e.message).toMatch(/signs in only through its single sign-on provider/);
    } finally {
      await sso.close();
    }
    // 26.04 has no SSO-only form: it takes a password, which the domain refuses, and offers its provider below.
    const sso04 = await prepareRun({ profile: sampleProfile(), sandbox: true, webitelRelease: '26.04', webitel: { ssoOnly: true } });
    try {
      const shown: boolean[] = [];
      const seen = newSeen();
      const r = await play(
        upTo(sso04, 'admin-code'),
        {
          onEvent: (e) => {
            if (e.type === 'step-started' && e.stepId === 'admin-df-submit') shown.push(true);
          },
        },
        async (s) => {
          shown.push((await s.pages.get('webitel')!.$('.auth-form-footer .auth-form-footer__button')) !== null);
        },
        seen,
      );
      const e = r.error as RunError;
      expect(e).toBeInstanceOf(RunError);
      expect(e.failure?.stepId).toBe('admin-df-submit');
      expect(e.failure?.field).toMatch(/stopIf\[2\]$/);
      expect(e.message).toMatch(/refused the password of the administrator, and the domain offers single sign-on/);
      expect(e.hint).toMatch(/use a login of a domain with password sign-in/);
      expect(e.failure!.waitedMs).toBeLessThan(20_000);
      expect(r.result).toBeUndefined();
      expect(shown).toEqual([true, true]);
      expect(r.seen.events.some((ev) => ev.type === 'step-succeeded' && ev.stepId === 'admin-domain-next')).toBe(true);
    } finally {
      await sso04.close();
    }
    // A gateway name Admin does not list (the sandbox has it under another name), past a full first page.
    const renamed = await prepareRun({ profile: sampleProfile(), sandbox: true, webitel: { otherGateways: 10 } });
    try {
      renamed.context.entries['gateway.name'] = { ...renamed.context.entries['gateway.name']!, value: 'Acme Facebook' };
      const r = await play(upTo(renamed, 'open-gateway'));
      const e = r.error as RunError;
      expect(e.failure?.stepId).toBe('search-gateway');
      expect(e.failure?.field).toMatch(/stopIf\[0\]$/);
      expect(e.message).toMatch(/lists no chat gateway whose name starts with "Acme Facebook"/);
      expect(e.hint).toMatch(/as Webitel Admin shows it under Routing → Chat gateways/);
      expect(e.failure!.waitedMs).toBeLessThan(10_000);
    } finally {
      await renamed.close();
    }
    const ro = await prepareRun({ profile: sampleProfile(), sandbox: true, webitel: { adminReadOnly: true } });
    try {
      const e = (await play(upTo(ro, 'add-pages'))).error as RunError;
      expect(e.failure?.stepId).toBe('add-pages');
      expect(e.message).toMatch(/no "Add or remove pages" button/);
      expect(e.hint).toMatch(/update access to chat gateways/);
    } finally {
      await ro.close();
    }
  });

  it('a Meta app not set up for the gateway ("Invalid Scopes", "URL blocked") stops the run at the Facebook dialog with what to fix', async () => {
    for (const [metaApp, k, said, fix] of [
      [{ useCaseLacks: ['pages_messaging'] }, 0, /refused the gateway's request with "Invalid Scopes"/, /^in the Meta app dashboard open Use cases/],
      [
        { redirectNotAllowed: true },
        1,
        /refused the gateway's request with "URL blocked"/,
        /add the callback URI http:\/\/webitel\.localhost:\d+\/chat\/[a-z]+ under/,
      ],
    ] as const) {
      const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, metaApp });
      try {
        const e = (await play(upTo(prepared, 'fb-consent-shown'))).error as RunError;
        expect(e).toBeInstanceOf(RunError);
        expect(e.failure?.stepId).toBe('fb-consent-shown');
        expect(e.failure?.field).toMatch(new RegExp(`stopIf\\[${k}\\]$`));
        expect(e.message).toMatch(said);
        expect(e.hint).toMatch(fix);
        // At once, not after the step's 20 s.
        expect(e.failure!.waitedMs).toBeLessThan(15_000);
      } finally {
        await prepared.close();
      }
    }
  });

  it("Facebook in another language: pages before the login in the visitor's language pass; an account set to Ukrainian stops the run at the first page past the login", async () => {
    // The Page admin's account in Ukrainian, the login page and its cookie banner too (the visitor's language).
    const admin = await prepareRun({ profile: sampleProfile(), sandbox: true, cookieBanner: true, facebookLanguage: { visitor: 'uk', pageAdmin: 'uk' } });
    try {
      const r = await play(upTo(admin, 'fb-consent-shown'));
      const e = r.error as RunError;
      expect(e).toBeInstanceOf(RunError);
      expect(e.failure?.stepId).toBe('fb-consent-shown');
      expect(e.failure?.field).toMatch(/stopIf\[3\]$/);
      expect(e.message).toMatch(
        /Facebook shows its pages in another language than English to the Page admin, whose account is set to it: Meta's reviewers ask for an English UI/,
      );
      expect(e.hint).toMatch(
        /^sign in to Facebook as the Page admin and set Settings & privacy → Settings → Language and region → "Facebook language" to English \(US\)/,
      );
      expect(e.failure!.waitedMs).toBeLessThan(15_000);
      // The Ukrainian login page and its banner were no stop: the banner was answered by its mark, the login by its fields.
      const done = r.seen.events.flatMap((ev) => (ev.type === 'step-succeeded' ? [ev.stepId] : []));
      expect(done).toEqual(expect.arrayContaining(['fb-admin-cookies', 'fb-admin-email', 'fb-admin-password', 'fb-admin-submit']));
    } finally {
      await admin.close();
    }
    // The customer: visitor pages in Ukrainian are fine, the customer's own account in Ukrainian stops at the login's end.
    for (const [facebookLanguage, stops] of [
      [{ visitor: 'uk' }, false],
      [{ customer: 'uk' }, true],
    ] as const) {
      const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, cookieBanner: true, facebookLanguage });
      try {
        const r = await play(between(prepared, 'customer-open-messenger', 'customer-type', 'facebook'));
        if (!stops) {
          expect(r.error).toBeUndefined();
          continue;
        }
        const e = r.error as RunError;
        expect(e).toBeInstanceOf(RunError);
        expect(e.failure?.stepId).toBe('customer-submit');
        expect(e.message).toMatch(/Facebook shows its pages in another language than English to the customer \(the test user\)/);
        expect(e.failure!.waitedMs).toBeLessThan(15_000);
      } finally {
        await prepared.close();
      }
    }
  });

  it("a Page admin account that does not manage the profile's Page fails at the Page list, saying the Page is missing from it and whose account to use", async () => {
    const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, unrelatedPage: 'instead' });
    try {
      const part = upTo(prepared, 'fb-choose-page');
      const last = part.scenario.steps.at(-1)!;
      // What is checked is what the failure says, not the step's 20 s.
      part.scenario.steps[part.scenario.steps.length - 1] = { ...last, timeoutMs: 3000 };
      const e = (await play(part)).error as RunError;
      const page = prepared.sandbox!.seed.pages[0]!.name;
      expect(e).toBeInstanceOf(RunError);
      expect(e.failure?.stepId).toBe('fb-choose-page');
      expect(e.message).toContain(
        `; most likely Facebook's list of Pages lacks "${page}": the Facebook account that signed in does not have full control of that Page`,
      );
      expect(e.hint).toContain(`sign in with a Facebook account that has full control of the Page "${page}"`);
    } finally {
      await prepared.close();
    }
  });

  it('a chat that never reaches Workspace (here: the Page was never connected, so no webhook) fails with the likely breaks in the chain, in the order worth checking', async () => {
    const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true });
    try {
      // The operator's and the customer's parts without the admin's: the Page is not subscribed.
      const part = between(prepared, 'operator-open-workspace', 'chat-appears');
      const last = part.scenario.steps.at(-1)!;
      // What is checked is what the failure says, not the step's 30 s.
      part.scenario.steps[part.scenario.steps.length - 1] = { ...last, timeoutMs: 3000 };
      const e = (await play(part)).error as RunError;
      expect(e).toBeInstanceOf(RunError);
      expect(e.failure?.stepId).toBe('chat-appears');
      expect(e.message).toMatch(
        /did not happen within 3\.0 s; most likely the customer's message never reached the operator: Facebook did not deliver it to the chat gateway, or Webitel did not offer the chat to this agent/,
      );
      expect(e.hint).toMatch(
        /^check, in order: the Page's "Webhook subscription" is on in Webitel Admin .*; the Test User has a role on the Meta app .*; the operator's agent is in the queue/,
      );
      expect(prepared.sandbox!.state.snapshot().webhookDeliveries).toBe(0);
    } finally {
      await prepared.close();
    }
  });

  it("Workspace's live connection lost for good stops the run 20 s into its disconnect popup, with the cause and what to do", async () => {
    const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, webitelRelease: '26.06', webitel: { connection: 'lost' } });
    try {
      // The operator's part only: sign in, go online (the connection drops a moment later), wait for a chat.
      const shown: boolean[] = [];
      const r = await play(between(prepared, 'operator-open-workspace', 'chat-appears', 'webitel'), {}, async (seen) => {
        shown.push(await seen.pages.get('webitel')!.$eval('.disconnect-popup', (el) => getComputedStyle(el).display !== 'none'));
      });
      const e = r.error as RunError;
      expect(e).toBeInstanceOf(RunError);
      // Waiting for the popup to go (the drop seen before the step began) or for the chat: the machine's pace decides.
      expect(['workspace-connected', 'chat-appears']).toContain(e.failure?.stepId);
      expect(e.failure?.field).toMatch(/stopIf\[0\]$/);
      expect(e.message).toMatch(
        /Workspace lost its connection to the Webitel server \("Connection was accidentally interrupted"\) and did not get it back \(for 2\d\.\d s\)/,
      );
      expect(e.hint).toMatch(/^check that the Webitel host is up and that its proxy passes WebSocket connections to http:\/\/webitel\.localhost:\d+\/ws/);
      // Not at the first sight of the popup (it may close by itself: the message says it lasted 20 s), and before the step's own 30 s.
      expect(e.failure!.waitedMs).toBeLessThan(30_000);
      expect(shown).toEqual([true]);
      await noBrowsersLeft(r.seen, r.profiles);
    } finally {
      await prepared.close();
    }
  });

  it("Workspace's live connection refused from the start (a proxy without WebSocket on /ws) stops at the welcome popup, naming the refused WebSocket", async () => {
    const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, webitelRelease: '26.06', webitel: { connection: 'refused' } });
    try {
      const popup: string[] = [];
      const r = await play(between(prepared, 'operator-open-workspace', 'call-center-shown'), {}, async (seen) => {
        popup.push(await seen.pages.get('webitel')!.$eval('.disconnect-popup', (el) => getComputedStyle(el).display));
      });
      const e = r.error as RunError;
      expect(e).toBeInstanceOf(RunError);
      // The session's start settles without an agent: the popup closes with no switch, as for a login that is no agent.
      expect(['welcome-ok', 'call-center-shown']).toContain(e.failure?.stepId);
      expect(e.message).toMatch(/found no contact-center agent for this login \(or could not ask the server for one over its live connection\)/);
      // What Chrome said on the page's console, which tells the two apart.
      expect(e.message).toMatch(
        /the page's WebSocket connection to ws:\/\/webitel\.localhost:\d+\/ws failed (once|\d+ times) lately \(last: "Error during WebSocket handshake: Unexpected response code: 404"\)/,
      );
      expect(e.hint).toMatch(/check that the host's proxy passes WebSocket connections to http:\/\/webitel\.localhost:\d+\/ws/);
      expect(e.failure!.waitedMs).toBeLessThan(20_000);
      // The release does not show its disconnect popup for a connection that never opened.
      expect(popup).toEqual(['none']);
      await noBrowsersLeft(r.seen, r.profiles);
    } finally {
      await prepared.close();
    }
  });

  it('an operator agent under screen control without DeskTrack stops the run at Workspace, with the cause and what to do', async () => {
    const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, webitelRelease: '26.08', webitel: { screenControl: true } });
    try {
      const r = await play(between(prepared, 'operator-open-workspace', 'call-center-confirmed'));
      const e = r.error as RunError;
      expect(e).toBeInstanceOf(RunError);
      // As the welcome popup closes, or at the next Workspace step, whichever look sees it first.
      expect(['welcome-ok', 'call-center-shown', 'operator-continue-work', 'call-center-on']).toContain(e.failure?.stepId);
      expect(e.failure?.field).toMatch(/stopIf\[\d\]$/);
      expect(e.message).toMatch(/DeskTrack is not running, or you are not logged in": the operator's agent has "Agent screen control" on/);
      expect(e.hint).toMatch(/^turn "Agent screen control" off for the operator's agent \(Webitel Admin → Contact center → Agents/);
      // At once: not after a step's 20 s or more.
      expect(e.failure!.waitedMs).toBeLessThan(15_000);
      expect(prepared.sandbox!.state.agentStatus).toBe('offline');
      await noBrowsersLeft(r.seen, r.profiles);
    } finally {
      await prepared.close();
    }
  });

  it.each(['26.04', '26.08'] as const)(
    "an operator login that is no contact-center agent stops at Workspace's welcome popup on %s, with the cause and what to do",
    async (release) => {
      const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, webitelRelease: release, webitel: { operatorNotAgent: true } });
      try {
        // The operator's part only: sign in, Workspace, the welcome popup, the switch.
        const r = await play(between(prepared, 'operator-open-workspace', 'call-center-shown'));
        const e = r.error as RunError;
        expect(e).toBeInstanceOf(RunError);
        // As the popup closes (welcome-ok) or right after it (call-center-shown), whichever look sees it first.
        expect(['welcome-ok', 'call-center-shown']).toContain(e.failure?.stepId);
        expect(e.failure?.field).toMatch(/stopIf\[0\]$/);
        expect(e.message).toMatch(/without a "Call Center" switch: it found no contact-center agent for this login/);
        expect(e.hint).toMatch(/Contact center → Agents/);
        // At once, not after the step's 45 s or the next step's 30 s.
        expect(e.failure!.waitedMs).toBeLessThan(20_000);
        expect(prepared.sandbox!.state.agentStatus).toBe('offline');
        await noBrowsersLeft(r.seen, r.profiles);
      } finally {
        await prepared.close();
      }
    },
  );
});
