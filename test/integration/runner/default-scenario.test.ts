// Proves the default scenario passes against the sandbox for every release, consent and cookie banner, and stops clearly where it must.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleProfile } from '../../../app/profile/sample';
import { RunError } from '../../../app/recorder/runner/errors';
import { prepareRun, type PreparedRun } from '../../../app/recorder/runner/prepare';
import { runScenario } from '../../../app/recorder/runner/run';
import { WEBITEL_RELEASES } from '../../../app/sandbox/site';
import { WEBITEL_TFA_CODE } from '../../../app/sandbox/state';
import type { RunOptions } from '../../../app/recorder/runner/types';
import type { TimelineEvent } from '../../../app/recorder/timeline';
import { REVIEWER_NOTES_RULES } from '../../../app/review/checks/rules/reviewer-notes';
import { runRule } from '../../../app/review/checks/run';
import { timelineFacts } from '../../../app/review/checks/timeline-facts';
import type { CheckInput } from '../../../app/review/checks/types';
import { alive, browsersUsing } from './local-site';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'default-scn-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

interface Seen {
  pages: Map<string, Page>;
  popups: Page[];
  pids: Array<number | undefined>;
  events: TimelineEvent[];
}

const newSeen = (): Seen => ({ pages: new Map(), popups: [], pids: [], events: [] });

async function play(prepared: PreparedRun, extra: Partial<RunOptions> = {}, inspect?: (seen: Seen) => Promise<void>, seen: Seen = newSeen()) {
  const profiles = await fs.mkdtemp(path.join(tmp, 'profiles-'));
  const opts: RunOptions = {
    scenario: prepared.scenario,
    context: prepared.context,
    headless: true,
    // What these runs prove is that the scenario works on each release, not how a video paces it.
    pace: 'brisk',
    browserProfilesDir: profiles,
    evidenceDir: await fs.mkdtemp(path.join(tmp, 'evidence-')),
    ...extra,
    onEvent: (e) => {
      seen.events.push(e);
      extra.onEvent?.(e);
    },
    hooks: {
      onLaneReady: async (lane, page: Page, browser: Browser) => {
        seen.pages.set(lane.id, page);
        seen.pids.push(browser.process()?.pid);
      },
      onPopup: (_lane, p) => void seen.popups.push(p),
      // The visible outcome, read from the pages before the browsers close.
      beforeClose: async () => inspect?.(seen),
    },
  };
  try {
    return { result: await runScenario(opts), error: undefined, seen, profiles };
  } catch (e) {
    if (!(e instanceof RunError)) throw e;
    return { result: undefined, error: e, seen, profiles };
  }
}

async function noBrowsersLeft(seen: Seen, profiles: string) {
  expect(seen.pids.length).toBeGreaterThan(0);
  for (const pid of seen.pids) expect(alive(pid)).toBe(false);
  expect(await browsersUsing(profiles)).toEqual([]);
}

/** The scenario's steps up to and including `lastId`, to test one part of it quickly. */
function upTo(prepared: PreparedRun, lastId: string): PreparedRun {
  const steps = prepared.scenario.steps;
  const end = steps.findIndex((s) => s.id === lastId);
  if (end < 0) throw new Error(`no step ${lastId}`);
  const kept = steps.slice(0, end + 1);
  const scenes = prepared.scenario.scenes.filter((sc) => kept.some((s) => s.scene === sc.id));
  return { ...prepared, scenario: { ...prepared.scenario, scenes, steps: kept } };
}

/**
 * The full runs: one scenario, unchanged, on every Webitel release, with either Facebook consent
 * history and with or without the cookie banner. A full headless run takes a minute or more, so
 * instead of all 3 × 2 × 2 = 12 the rows cover every PAIR of values at least once (pairwise):
 *
 * | release | consent    | cookie banner |
 * |---------|------------|---------------|
 * | 26.04   | first-time | no            |
 * | 26.04   | returning  | yes           |
 * | 26.06   | first-time | yes           |
 * | 26.06   | returning  | no            |
 * | 26.08   | first-time | no            |
 * | 26.08   | returning  | yes           |
 *
 * release × consent: all 6; release × banner: each release with and without; consent × banner:
 * (first-time, no), (first-time, yes), (returning, no), (returning, yes). Six is the fewest that
 * can cover release × consent. The returning rows with the banner also show the account-switch
 * screen; every row reads the Page-selection picture from its step screenshots.
 */
const FULL_RUNS = [
  ['26.04', 'first-time', false],
  ['26.04', 'returning', true],
  ['26.06', 'first-time', true],
  ['26.06', 'returning', false],
  ['26.08', 'first-time', false],
  ['26.08', 'returning', true],
] as const;

describe('the default scenario against the sandbox (real headless Chromium)', () => {
  it('the full runs cover every pair of release, consent and cookie banner', () => {
    const pairs = (a: number, b: number) => new Set(FULL_RUNS.map((r) => `${r[a]}|${r[b]}`));
    expect(pairs(0, 1).size).toBe(WEBITEL_RELEASES.length * 2);
    expect(pairs(0, 2).size).toBe(WEBITEL_RELEASES.length * 2);
    expect(pairs(1, 2).size).toBe(4);
    expect(new Set(FULL_RUNS.map((r) => r[0]))).toEqual(new Set(WEBITEL_RELEASES));
  });

  it.each(FULL_RUNS)(
    'runs end to end on Webitel %s, consent %s, cookie banner %s, and shows every scene’s outcome',
    async (release, consent, banner) => {
      // A returning admin with the banner also meets the account-switch screen.
      const accountSwitch = consent === 'returning' && banner;
      const prepared = await prepareRun({
        profile: sampleProfile(),
        sandbox: true,
        webitelRelease: release,
        facebookConsent: consent,
        cookieBanner: banner,
        accountSwitch,
      });
      const sb = prepared.sandbox!;
      expect(sb.webitelRelease).toBe(release);
      const customer = sb.seed.facebook.customer.name;
      const reply = prepared.scenario.vars.reply as string;
      const dom: Record<string, unknown> = {};
      try {
        const r = await play(prepared, { screenshotEveryStep: true }, async (seen) => {
          const w = seen.pages.get('webitel')!;
          const f = seen.pages.get('facebook')!;
          dom.cc = await w.$eval('.ws-agent-controls .wt-switcher .p-toggleswitch', (el) => el.getAttribute('data-p-checked'));
          dom.sdkSwitch = (await w.$('.wt-cc-agent-status-select__call-center-switcher')) !== null;
          dom.workspaceUser = await w.$eval('.wt-header-actions__name', (el) => el.textContent);
          dom.previewNames = await w.$$eval('article[class*="chat-queue-preview"] h3', (els) => els.map((e) => e.textContent?.trim()));
          dom.pictures = await w.$$eval('.ws-main img', (els) => els.length);
          dom.operatorMessages = await w.$$eval('.chat-message--right .chat-message-text', (els) => els.map((e) => e.textContent?.trim()));
          dom.customerPage = await f.$eval('[role="grid"]', (el) => (el as HTMLElement).innerText);
          dom.customerUrl = f.url();
        });
        expect(r.error).toBeUndefined();
        expect(r.result?.ok).toBe(true);
        const status = (id: string) => r.result?.steps.find((s) => s.id === id)?.status;
        // The release's own login form was the one used.
        const domainFirst = release === '26.04';
        for (const who of ['admin', 'operator']) {
          expect(status(`${who}-domain-next`)).toBe(domainFirst ? 'passed' : 'skipped');
          expect(status(`${who}-df-submit`)).toBe(domainFirst ? 'passed' : 'skipped');
          expect(status(`${who}-username-next`)).toBe(domainFirst ? 'skipped' : 'passed');
          expect(status(`${who}-password-next`)).toBe(domainFirst ? 'skipped' : 'passed');
          expect(status(`${who}-code`)).toBe('skipped');
        }
        // The administrator signed out; the operator signed in with its own login and is the one in Workspace.
        expect(status('admin-sign-out')).toBe('passed');
        expect(dom.workspaceUser).toBe(sb.seed.webitel.operator.name);
        // Only 26.08 has the SDK's switch and its activity-type popup.
        expect(dom.sdkSwitch).toBe(release === '26.08');
        expect(status('activity-type-ok')).toBe(release === '26.08' ? 'passed' : 'skipped');
        // pages_show_list + pages_manage_metadata: the Page is connected and subscribed.
        const pages = sb.state.connectedPages();
        expect(pages.map((p) => [p.name, p.subscribed])).toEqual([[sb.seed.pages[0]!.name, true]]);
        // Call Center on, in the DOM and on the server.
        expect(dom.cc).toBe('true');
        expect(sb.state.agentStatus).not.toBe('offline');
        // The chat under the customer's name in Workspace; no picture anywhere in Workspace.
        expect(dom.previewNames).toContain(customer);
        expect(dom.pictures).toBe(0);
        expect(sb.state.chats()[0]?.customer.name).toBe(customer);
        // The reply, sent in Workspace, on the customer's page.
        expect(dom.operatorMessages).toContain(reply);
        expect(dom.customerPage).toContain(reply);
        expect(dom.customerPage).toContain(prepared.context.entries['trigger.message']?.value);
        // Messenger on facebook.com: every address the customer lane showed is the Page's thread.
        const threadUrl = `${sb.origins.facebook}/messages/t/${sb.seed.pages[0]!.id}`;
        expect(String(dom.customerUrl)).toBe(threadUrl);
        const customerUrls = r.seen.events.flatMap((e) =>
          e.type === 'url-changed' && e.laneId === 'facebook' && !e.popup && e.url !== 'about:blank' ? [e.url] : [],
        );
        expect(customerUrls.length).toBeGreaterThan(0);
        for (const u of customerUrls) expect(new URL(u).pathname).toBe(`/messages/t/${sb.seed.pages[0]!.id}`);
        // A returning Page admin is offered "Continue with previous settings": the scenario takes
        // "Edit settings", so the Page selection and the review are on video either way.
        expect(status('fb-edit-settings')).toBe(consent === 'returning' ? 'passed' : 'skipped');
        expect(status('fb-continue-as')).toBe(consent === 'returning' ? 'skipped' : 'passed');
        expect(status('fb-account-switch')).toBe(accountSwitch ? 'passed' : 'skipped');
        for (const id of ['fb-pages-current-only', 'fb-choose-page', 'fb-pages-continue', 'fb-review-save', 'fb-got-it'])
          expect([id, status(id)]).toEqual([id, 'passed']);
        // The timeline (what captions and checks are made from) holds the selection, then the review…
        const started = r.seen.events.flatMap((e) => (e.type === 'step-started' ? [e.stepId] : []));
        expect(started.indexOf('fb-choose-page')).toBeGreaterThan(started.indexOf('fb-pages-current-only'));
        expect(started.indexOf('fb-review-save')).toBeGreaterThan(started.indexOf('fb-choose-page'));
        expect(timelineFacts(r.seen.events).notes?.consent).toEqual({
          ...(consent === 'returning' ? { editSettingsStep: 'fb-edit-settings' } : {}),
          permissionReview: { stepId: 'fb-review-save', succeeded: true },
        });
        // …and the step's picture is the popup on the Page-selection screen.
        const pic = r.result?.steps.find((s) => s.id === 'fb-choose-page')?.screenshot;
        expect(pic).toBeTruthy();
        expect((await fs.stat(pic!)).size).toBeGreaterThan(5000);
        // The banner is answered in each browser at its first Facebook page: the admin's popup and the customer's lane.
        expect(status('fb-admin-cookies')).toBe(banner ? 'passed' : 'skipped');
        expect(status('fb-admin-cookies-after-login')).toBe('skipped');
        expect(status('customer-cookies')).toBe(banner ? 'passed' : 'skipped');
        // The take meets every check from the reviewers' 2026 notes, read from its own timeline.
        const profile = sampleProfile();
        profile.pages = sb.seed.pages.map((p) => ({ id: p.id, name: p.name, username: p.username }));
        const recording = {
          folder: 'run',
          status: 'done',
          done: true,
          demo: null,
          clips: {},
          captions: { exists: true, cues: 1 },
          ...timelineFacts(r.seen.events),
        };
        const input: CheckInput = { profile, texts: { descriptions: {}, reviewerInstructions: '' }, recording };
        for (const rule of REVIEWER_NOTES_RULES) {
          const results = runRule(rule, input);
          expect(results.filter((x) => x.status !== 'pass').map((x) => `${x.id}: ${x.message}`)).toEqual([]);
        }
        // Scenes in order, one per permission group, and the timeline never holds a password.
        const scenes = r.seen.events.filter((e) => e.type === 'scene-started').map((e) => (e as { sceneId: string }).sceneId);
        expect(scenes).toEqual(prepared.scenario.scenes.map((s) => s.id));
        const json = JSON.stringify(r.seen.events);
        for (const s of [
          sb.seed.webitel.admin.password,
          sb.seed.webitel.operator.password,
          sb.seed.facebook.pageAdmin.password,
          sb.seed.facebook.customer.password,
        ]) {
          expect(json).not.toContain(s);
        }
        expect(r.seen.events.some((e) => e.type === 'url-changed' && e.popup && e.url.startsWith(sb.origins.facebook))).toBe(true);
        await noBrowsersLeft(r.seen, r.profiles);
      } finally {
        await prepared.close();
      }
    },
    240_000,
  );

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

      // With the scenario's own sign-out, the operator signs in and Workspace is the operator's.
      const withSignOut = upTo(prepared, 'workspace-loaded');
      const user: string[] = [];
      const r2 = await play(withSignOut, {}, async (seen) => {
        const w = seen.pages.get('webitel')!;
        await w.waitForSelector('.wt-header-actions__name');
        user.push((await w.$eval('.wt-header-actions__name', (el) => el.textContent)) ?? '');
      });
      expect(r2.error).toBeUndefined();
      expect(r2.result?.steps.find((s) => s.id === 'operator-password-next')?.status).toBe('passed');
      expect(user).toEqual([prepared.sandbox!.seed.webitel.operator.name]);
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

  it('an SSO-only domain and an admin without update access stop the run with the cause', async () => {
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

  it.each(['26.04', '26.08'] as const)(
    "an operator login that is no contact-center agent stops at Workspace's welcome popup on %s, with the cause and what to do",
    async (release) => {
      const prepared = await prepareRun({ profile: sampleProfile(), sandbox: true, webitelRelease: release, webitel: { operatorNotAgent: true } });
      try {
        // The operator's part only: sign in, Workspace, the welcome popup, the switch.
        const steps = prepared.scenario.steps;
        const from = steps.findIndex((s) => s.id === 'operator-open-workspace');
        const to = steps.findIndex((s) => s.id === 'call-center-shown');
        const scenario = {
          ...prepared.scenario,
          scenes: prepared.scenario.scenes.filter((sc) => sc.id === 'receive-message'),
          steps: steps.slice(from, to + 1),
        };
        const r = await play({ ...prepared, scenario });
        const e = r.error as RunError;
        expect(e).toBeInstanceOf(RunError);
        // As the popup closes (welcome-ok) or right after it (call-center-shown), whichever look sees it first.
        expect(['welcome-ok', 'call-center-shown']).toContain(e.failure?.stepId);
        expect(e.failure?.field).toMatch(/stopIf\[0\]$/);
        expect(e.message).toMatch(/without a "Call Center" switch: this login is not a contact-center agent/);
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
