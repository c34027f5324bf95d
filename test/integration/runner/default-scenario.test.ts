// Proves the default scenario passes end to end against the sandbox on every pair of Webitel release, Facebook consent, cookie banner, operator break and gateway-list length.
import { promises as fs } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleProfile } from '../../../app/profile/sample';
import { prepareRun } from '../../../app/recorder/runner/prepare';
import { WEBITEL_RELEASES } from '../../../app/sandbox/site';
import { REVIEWER_NOTES_RULES } from '../../../app/review/checks/rules/reviewer-notes';
import { runRule } from '../../../app/review/checks/run';
import { timelineFacts } from '../../../app/review/checks/timeline-facts';
import type { CheckInput } from '../../../app/review/checks/types';
import { noBrowsersLeft, play, useRunFolder } from './default-scenario-harness';

useRunFolder();

/**
 * The full runs: one scenario, unchanged, on every Webitel release, with either Facebook consent
 * history, with or without the cookie banner, with the operator signing in fresh or left on a
 * break (pause or break out), and with the Meta gateway on the first page of Admin's list or past
 * it (12 other gateways: the scenario searches). A full run takes half a minute or more, so
 * instead of all 3 × 2 × 2 × 2 × 2 = 48 the rows cover every PAIR of values at least once:
 *
 * | release | consent    | cookie banner | operator at start | other gateways |
 * |---------|------------|---------------|-------------------|----------------|
 * | 26.04   | first-time | no            | pause             | 0              |
 * | 26.04   | returning  | yes           | offline           | 12             |
 * | 26.06   | first-time | yes           | offline           | 0              |
 * | 26.06   | returning  | no            | break out         | 12             |
 * | 26.08   | first-time | no            | offline           | 12             |
 * | 26.08   | returning  | yes           | pause             | 0              |
 *
 * release × consent: all 6; each release with and without the banner, a break and a long list;
 * every other pair of two-valued columns: all four. Six is the fewest that can cover release ×
 * consent. The returning rows with the banner also show the account-switch screen; every row
 * reads the Page-selection picture from its step screenshots. RA_FULL_MATRIX=1 runs all twelve
 * of release × consent × banner, a break and a long list on half of them each.
 *
 * Messenger's chat-history PIN dialog (closable) meets the customer on one row per release (rows
 * 1, 4 and 5): a sixth two-valued column fits no six rows pairwise, and it touches only the
 * customer's lane, which no other column changes but the banner (met with and without it).
 * Workspace's live connection drops and comes back a moment after the operator goes online on
 * the other three (its disconnect popup shows meanwhile, and the chat still arrives), so every
 * release meets it once, after the switch (rows 2 and 3) and after "Continue work" (row 6).
 * A queue that answers chats by itself (the chat arrives joined: no "Accept") is on one row per
 * release too (rows 2, 4 and 5), beside the drop and beside the PIN dialog.
 */
type OperatorAtStart = 'offline' | 'pause' | 'breakout';
const PAIRWISE_RUNS = [
  ['26.04', 'first-time', false, 'pause', 0, true, false, false],
  ['26.04', 'returning', true, 'offline', 12, false, true, true],
  ['26.06', 'first-time', true, 'offline', 0, false, true, false],
  ['26.06', 'returning', false, 'breakout', 12, true, false, true],
  ['26.08', 'first-time', false, 'offline', 12, true, false, true],
  ['26.08', 'returning', true, 'pause', 0, false, true, false],
] as const;
/**
 * Release, consent, cookie banner, operator at start, other gateways, Messenger's PIN dialog,
 * Workspace's connection dropping, a queue that answers chats by itself.
 */
type FullRun = readonly [(typeof WEBITEL_RELEASES)[number], 'first-time' | 'returning', boolean, OperatorAtStart, number, boolean, boolean, boolean];
/** `RA_FULL_MATRIX=1`: all twelve, for a release or a change to the consent (about twice as long). */
const FULL_RUNS: readonly FullRun[] = process.env.RA_FULL_MATRIX
  ? WEBITEL_RELEASES.flatMap((r) =>
      (['first-time', 'returning'] as const).flatMap((c) =>
        [false, true].map(
          (b) =>
            [
              r,
              c,
              b,
              (c === 'returning') === b ? 'offline' : r === '26.06' ? 'breakout' : 'pause',
              b !== (r === '26.06') ? 12 : 0,
              b !== (c === 'returning'),
              b === (c === 'returning'),
              c === 'returning',
            ] as const,
        ),
      ),
    )
  : PAIRWISE_RUNS;

describe('the default scenario against the sandbox (real headless Chromium)', () => {
  it('the full runs cover every pair of release, consent, cookie banner, operator break and list length', () => {
    // Columns 1–4 as two values each: consent, banner, on a break or not, a long list or not.
    const value = (r: FullRun, i: number) => (i === 3 ? r[3] !== 'offline' : i === 4 ? r[4] > 0 : r[i]);
    const pairs = (a: number, b: number) => new Set(FULL_RUNS.map((r) => `${value(r, a)}|${value(r, b)}`));
    for (const b of [1, 2, 3, 4]) expect([b, pairs(0, b).size]).toEqual([b, WEBITEL_RELEASES.length * 2]);
    for (const [a, b] of [
      [1, 2],
      [1, 3],
      [1, 4],
      [2, 3],
      [2, 4],
      [3, 4],
    ] as const)
      expect([a, b, pairs(a, b).size]).toEqual([a, b, 4]);
    expect(new Set(FULL_RUNS.map((r) => r[3]))).toEqual(new Set(['offline', 'pause', 'breakout']));
    expect(new Set(FULL_RUNS.map((r) => r[0]))).toEqual(new Set(WEBITEL_RELEASES));
    // The PIN dialog and the connection drop: each met on every release, on the rows the other is not.
    for (const col of [5, 6, 7]) expect(new Set(FULL_RUNS.filter((r) => r[col]).map((r) => r[0]))).toEqual(new Set(WEBITEL_RELEASES));
    expect(FULL_RUNS.every((r) => r[5] !== r[6])).toBe(true);
  });

  it.each(FULL_RUNS)(
    'runs end to end on Webitel %s, consent %s, cookie banner %s, operator %s at start, %i other gateways, PIN dialog %s, connection drop %s, auto-answer %s, and shows every scene’s outcome',
    async (release, consent, banner, operatorAtStart, otherGateways, pin, drops, autoAnswer) => {
      // A returning admin with the banner also meets the account-switch screen.
      const accountSwitch = consent === 'returning' && banner;
      const prepared = await prepareRun({
        profile: sampleProfile(),
        sandbox: true,
        webitelRelease: release,
        facebookConsent: consent,
        cookieBanner: banner,
        accountSwitch,
        ...(pin ? { messengerPin: 'closable' as const } : {}),
        webitel: {
          ...(operatorAtStart === 'offline' ? {} : { operatorOnBreak: operatorAtStart }),
          otherGateways,
          ...(drops ? { connection: 'drops' as const } : {}),
          autoAnswerChats: autoAnswer,
        },
      });
      const sb = prepared.sandbox!;
      expect(sb.webitelRelease).toBe(release);
      expect(sb.state.agentStatus).toBe(operatorAtStart);
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
          dom.breakPopups = await w.$$eval('.break-timer-popup', (els) => els.length);
          dom.disconnectShown = await w.$eval('.disconnect-popup', (el) => getComputedStyle(el).display !== 'none');
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
        // Messenger's PIN dialog was closed, and the person was asked for nothing.
        expect(status('customer-pin-close')).toBe(pin ? 'passed' : 'skipped');
        expect(status('customer-pin')).toBe('skipped');
        // Past the first page of Admin's list, the gateway was found by searching for it.
        expect(status('search-gateway')).toBe(otherGateways >= 10 ? 'passed' : 'skipped');
        // The administrator signed out; the operator signed in with its own login and is the one in Workspace.
        expect(status('admin-sign-out')).toBe('passed');
        expect(dom.workspaceUser).toBe(sb.seed.webitel.operator.name);
        // Only 26.08 has the SDK's switch and its activity-type popup.
        expect(dom.sdkSwitch).toBe(release === '26.08');
        // "Continue work" goes online without asking an activity type.
        expect(status('activity-type-ok')).toBe(release === '26.08' && operatorAtStart === 'offline' ? 'passed' : 'skipped');
        // pages_show_list + pages_manage_metadata: the Page is connected and subscribed.
        const pages = sb.state.connectedPages();
        expect(pages.map((p) => [p.name, p.subscribed])).toEqual([[sb.seed.pages[0]!.name, true]]);
        // Call Center on, in the DOM and on the server: online, not left on a break (where the switch reads on too).
        expect(dom.cc).toBe('true');
        expect(sb.state.agentStatus).toBe('online');
        expect(status('operator-continue-work')).toBe(operatorAtStart === 'offline' ? 'skipped' : 'passed');
        expect(status('call-center-on')).toBe(operatorAtStart === 'offline' ? 'passed' : 'skipped');
        expect(dom.breakPopups).toBe(0);
        // A connection that dropped came back: the popup hid itself, and the chat arrived over the new one.
        expect([sb.state.workspaceLinkDrops, dom.disconnectShown]).toEqual([drops ? 1 : 0, false]);
        // A queue that answers by itself opens the chat joined: nothing to accept, the reply goes out all the same.
        expect(status('accept-chat')).toBe(autoAnswer ? 'skipped' : 'passed');
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
        expect(timelineFacts(r.seen.events).consent.pageSelectionStep).toBe('fb-choose-page');
        expect(timelineFacts(r.seen.events).notes?.consent).toEqual({
          ...(consent === 'returning' ? { editSettingsStep: 'fb-edit-settings' } : {}),
          permissionReview: { stepId: 'fb-review-save', succeeded: true },
        });
        // …and the step's picture is the popup on the Page-selection screen: a picture of the
        // popup window (its size, not the lane's)…
        const pictureOf = async (id: string) => {
          const file = r.result?.steps.find((s) => s.id === id)?.screenshot;
          expect(file, `${id} has a picture`).toBeTruthy();
          const png = await fs.readFile(file!);
          return { bytes: png.length, size: [png.readUInt32BE(16), png.readUInt32BE(20)] }; // the IHDR chunk
        };
        const popupSize = r.seen.popupSizes.find((p) => p.laneId === 'webitel');
        expect(popupSize).toBeDefined();
        const { bytes, size: choosePicture } = await pictureOf('fb-choose-page');
        expect(bytes).toBeGreaterThan(5000);
        expect(choosePicture).toEqual([popupSize!.width, popupSize!.height]);
        expect(choosePicture).not.toEqual((await pictureOf('open-gateway')).size);
        // …taken while the dialog showed the Page checklist with the profile's Pages, the Page
        // clicked there and ticked when the picture was taken (read at the next click, "Continue").
        const pageNames = sb.seed.pages.map((p) => p.name);
        const pagesScreen = /^Choose the Pages you want .+ to access$/;
        const choose = r.seen.popupClicks.find((c) => c.target === pageNames[0]);
        expect(choose).toMatchObject({ screen: expect.stringMatching(pagesScreen), pages: pageNames });
        // (A checkbox is ticked before its click event is delivered, so the next control clicked says what the picture shows.)
        const next = r.seen.popupClicks.slice(r.seen.popupClicks.indexOf(choose!) + 1).find((c) => c.target !== pageNames[0]);
        expect(next).toMatchObject({ screen: expect.stringMatching(pagesScreen), target: 'Continue', pages: pageNames, ticked: pageNames });
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
});
