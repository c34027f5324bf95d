// Proves every submission check passes a complete submission and fails its own defect, with stable ids and the app's own wording.
import { describe, expect, it } from 'vitest';
import { CHECK_RULES, runChecks, runRule } from '../../../app/review/checks/run';
import type { CheckRule } from '../../../app/review/checks/types';
import { goodFrames, goodInput, goodTimeline, goodRecording, video } from '../../fixtures/checks/submission';
import { PREFLIGHT_2026_FAIL_CASES, REVIEWER_NOTES_FAIL_CASES, type CheckFailCase } from '../../fixtures/checks/reviewer-notes-cases';

function rule(id: string): CheckRule {
  const r = CHECK_RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}

const FAIL_CASES: CheckFailCase[] = [
  {
    name: 'missing App ID',
    rule: 'profile.required',
    change: (i) => void (i.profile.gateway.appId = ''),
    message: /gateway.appId is empty/,
    target: { field: 'gateway.appId', screen: 'gateway' },
  },
  {
    name: 'test user unanswered',
    rule: 'reviewer.test-user',
    change: (i) => void (i.profile.reviewer.facebookTestUser.isTestUser = null),
    message: /Not answered yet/,
    severity: 'warning',
  },
  {
    name: 'test user is a real account',
    rule: 'reviewer.test-user',
    change: (i) => void (i.profile.reviewer.facebookTestUser.isTestUser = false),
    message: /is not a Facebook Test User/,
    severity: 'error',
  },
  {
    name: 'privacy policy missing',
    rule: 'meta.privacy-policy',
    change: (i) => void (i.profile.metaApp.privacyPolicyUrl = ''),
    message: /No privacy policy URL/,
  },
  {
    name: 'privacy policy http',
    rule: 'meta.privacy-policy',
    change: (i) => void (i.profile.metaApp.privacyPolicyUrl = 'http://acme.example/privacy'),
    message: /not an https/,
  },
  {
    name: 'cloud asks Advanced for pages_show_list',
    rule: 'permissions.access-level',
    change: (i) => void (i.profile.permissions = i.profile.permissions.map((p) => ({ ...p, accessLevel: 'advanced' as const }))),
    message: /cloud deployment, yet pages_show_list asks for Advanced/,
    severity: 'warning',
  },
  {
    name: 'on-premise with Standard',
    rule: 'permissions.access-level',
    change: (i) => void (i.profile.metaApp.deployment = 'on-premise'),
    message: /On-premise deployment, yet pages_show_list asks only for Standard/,
  },
  {
    name: 'description missing',
    rule: 'description.present',
    change: (i) => void delete i.texts.descriptions.pages_messaging,
    message: /pages_messaging has no description/,
    target: { screen: 'texts', field: 'texts.overrides.description:pages_messaging' },
  },
  {
    name: 'copied description sentence',
    rule: 'description.distinct',
    change: (i) => void (i.texts.descriptions.pages_messaging += ' We use pages_show_list only to show that list and to confirm the person manages the Page.'),
    message: /descriptions of pages_show_list and pages_messaging share the sentence "We use pages_show_list only/,
  },
  {
    name: 'description without feature',
    rule: 'description.feature',
    change: (i) => void (i.texts.descriptions.pages_manage_metadata = 'We use this permission for our integration with the Page of the company.'),
    message: /pages_manage_metadata does not name the Webitel feature/,
    severity: 'warning',
  },
  {
    name: 'App Secret in a description',
    rule: 'texts.no-secrets',
    change: (i) => void (i.texts.descriptions.pages_messaging += ` Secret: ${i.profile.gateway.appSecret}`),
    message: /description:pages_messaging contains the App Secret/,
    target: { textId: 'description:pages_messaging' },
  },
  {
    name: 'test password in the setup notes',
    rule: 'texts.no-secrets',
    change: (i) => void (i.texts.setupNotes += ` ${i.profile.reviewer.operator.password}`),
    message: /setupNotes contains the operator test password/,
  },
  {
    name: 'instructions not numbered',
    rule: 'instructions.numbered',
    change: (i) => void (i.texts.reviewerInstructions = i.texts.reviewerInstructions.replace(/^\d+\. /gm, '- ')),
    message: /not a numbered list/,
  },
  {
    name: 'instructions missing entirely',
    rule: 'instructions.numbered',
    change: (i) => void (i.texts.reviewerInstructions = ''),
    message: /no reviewer instructions/,
  },
  {
    name: 'instructions in Ukrainian',
    rule: 'instructions.english',
    change: (i) =>
      void (i.texts.reviewerInstructions =
        '1. Відкрийте https://cloud.acme-support.example у браузері.\n2. Увійдіть як оператор reviewer@acme з паролем Op-Review-7431.\n3. Надішліть повідомлення сторінці: Hello, I need help with my order'),
    message: /do not read as English/,
  },
  {
    name: 'instructions without URL',
    rule: 'instructions.webitel-url',
    change: (i) => void (i.texts.reviewerInstructions = i.texts.reviewerInstructions.replaceAll('https://cloud.acme-support.example', 'our site')),
    message: /do not contain the Webitel URL https:\/\/cloud\.acme-support\.example/,
  },
  {
    name: 'instructions without operator password',
    rule: 'instructions.operator-login',
    change: (i) => void (i.texts.reviewerInstructions = i.texts.reviewerInstructions.replace('Op-Review-7431', '(ask us)')),
    message: /lack the Webitel operator test password/,
  },
  {
    name: 'operator login not filled',
    rule: 'instructions.operator-login',
    change: (i) => void (i.profile.reviewer.operator.login = ''),
    message: /operator test login is not filled in/,
    target: { screen: 'gateway', field: 'reviewer.operator.login' },
  },
  {
    name: 'instructions without test user',
    rule: 'instructions.test-user-login',
    change: (i) => void (i.texts.reviewerInstructions = i.texts.reviewerInstructions.replace(/^4\..*$/m, '4. Log in to Facebook.')),
    message: /lack the Facebook Test User login and password\. /,
  },
  {
    name: 'instructions without trigger',
    rule: 'instructions.trigger-message',
    change: (i) => void (i.texts.reviewerInstructions = i.texts.reviewerInstructions.replace('Hello, I need help with my order', 'hi')),
    message: /do not contain the trigger message "Hello, I need help with my order"/,
  },
  { name: 'no recording', rule: 'recording.done', change: (i) => void (i.recording = undefined), message: /no recording of this submission/ },
  {
    name: 'failed recording',
    rule: 'recording.done',
    change: (i) => void (i.recording = { ...goodRecording(), status: 'failed', done: false }),
    message: /is not finished \(status "failed"\)/,
  },
  {
    name: 'recorded against the demo sandbox',
    rule: 'recording.real-hosts',
    change: (i) => void (i.recording && (i.recording.hosts = 'sandbox')),
    message: /was made against the built-in demo sandbox: its pages are stand-ins for Webitel and Facebook/,
  },
  {
    name: 'recorded more than 30 days before the checks',
    rule: 'recording.recent-api-calls',
    change: (i) => void (i.now = new Date('2026-09-15T09:00:00.000Z')),
    message: /was made 44 days ago\. Meta asks for at least one successful API call per requested permission within the 30 days before submitting/,
    severity: 'warning',
  },
  {
    name: 'missing clip',
    rule: 'clip.present',
    change: (i) => void (i.recording && (i.recording.clips.pages_messaging = null)),
    message: /No clip for pages_messaging/,
  },
  {
    name: 'starts logged in',
    rule: 'recording.starts-logged-out',
    // The redirect to /app/auth is gone: the admin page stayed, so the user was already signed in.
    change: (i) => void (i.recording = goodRecording(goodTimeline().filter((e) => !(e.type === 'url-changed' && e.url.includes('/app/auth'))))),
    message: /showed a logged-in page \(https:\/\/cloud\.acme-support\.example\/routing\/chat-gateways\/7\/facebook-pages\) before the login steps/,
  },
  {
    name: 'login steps skipped',
    rule: 'recording.starts-logged-out',
    change: (i) =>
      void (i.recording = goodRecording(
        goodTimeline().map((e) =>
          e.type === 'step-succeeded' && e.stepId.startsWith('admin-login')
            ? { type: 'step-skipped' as const, t: e.t, index: e.index, stepId: e.stepId, reason: 'already signed in' }
            : e,
        ),
      )),
    message: /No sign-in step of the first scene typed a password \(0 of 2 login steps ran/,
  },
  {
    name: 'no login at all',
    rule: 'recording.starts-logged-out',
    change: (i) => void (i.recording = goodRecording(goodTimeline().filter((e) => !('stepId' in e && e.stepId.startsWith('admin-login'))))),
    message: /has no login steps/,
  },
  {
    name: 'no consent scene',
    rule: 'recording.consent-page-selection',
    change: (i) =>
      void (i.recording = goodRecording(goodTimeline().filter((e) => !(e.type === 'popup-opened') && !('stepId' in e && e.stepId === 'consent-select-page')))),
    message: /does not show the Facebook consent with Page selection: no Facebook consent dialog appeared/,
  },
  {
    name: 'consent without page selection success',
    rule: 'recording.consent-page-selection',
    change: (i) => void (i.recording = goodRecording(goodTimeline().filter((e) => !(e.type === 'step-succeeded' && e.stepId === 'consent-select-page')))),
    message: /Page-selection step "consent-select-page" did not succeed/,
    target: { screen: 'recorder', step: 'consent-select-page' },
  },
  {
    name: 'scene without captions',
    rule: 'recording.scene-captions',
    change: (i) =>
      void (i.recording = goodRecording(goodTimeline().map((e) => (e.type === 'step-started' && e.sceneId === 'subscribe' ? { ...e, caption: '' } : e)))),
    message: /Scene "Turn on the Webhook subscription" has no captions/,
    target: { screen: 'recorder', step: 'subscribe' },
  },
  {
    name: 'no srt',
    rule: 'recording.scene-captions',
    change: (i) => void (i.recording && (i.recording.captions = { exists: false, cues: 0 })),
    message: /no captions\.srt/,
  },
  {
    name: '720p demo',
    rule: 'video.resolution',
    change: (i) => void (i.recording && (i.recording.demo = video('demo.mp4', { width: 1280, height: 720 }))),
    message: /demo\.mp4 is 1280×720; Meta asks for 1080p/,
  },
  {
    name: 'audio in a clip',
    rule: 'video.no-audio',
    change: (i) => void (i.recording?.clips.pages_messaging && (i.recording.clips.pages_messaging.hasAudio = true)),
    message: /clips\/pages_messaging\.mp4 has an audio track/,
    severity: 'warning',
  },
  {
    name: 'permission for later',
    rule: 'permissions.used-by-scene',
    change: (i) =>
      void (i.recording = goodRecording(
        goodTimeline().map((e) => (e.type === 'scene-started' && e.sceneId === 'message' ? { ...e, permissions: ['pages_messaging'] } : e)),
      )),
    message: /business_asset_user_profile_access is requested but no scene uses it/,
  },
  {
    name: 'graph error',
    rule: 'preflight.graph',
    change: (i) =>
      void (
        i.preflight &&
        (i.preflight.errors = [{ read: 'app', error: { message: 'Error validating application.', code: 190, reason: 'auth', fbtraceId: 'AbC123' } }])
      ),
    message: /Reading app failed: Error validating application\. \(code 190\), fbtrace_id AbC123/,
    target: { screen: 'gateway', field: 'gateway.appSecret' },
  },
  {
    name: 'deauthorize URL differs',
    rule: 'gateway.callback-uris',
    change: (i) => void (i.preflight?.app && (i.preflight.app.deauth_callback_url = 'https://old.example/chat/x')),
    message: /Deauthorize Callback URL is https:\/\/old\.example\/chat\/x, not the gateway URI/,
  },
  {
    name: 'app has no category',
    rule: 'preflight.app-settings',
    change: (i) => void (i.preflight?.app && delete i.preflight.app.category),
    message: /has no category/,
  },
  {
    name: 'app domains lack the host',
    rule: 'preflight.app-settings',
    change: (i) => void (i.preflight?.app && (i.preflight.app.app_domains = ['other.example'])),
    message: /do not include the Webitel host cloud\.acme-support\.example/,
  },
  {
    name: 'webhook missing',
    rule: 'preflight.webhook',
    change: (i) => void (i.preflight && (i.preflight.subscriptions = [])),
    message: /no webhook subscription for the object "page"/,
  },
  {
    name: 'webhook without messages',
    rule: 'preflight.webhook',
    change: (i) => void (i.preflight?.subscriptions?.[0] && (i.preflight.subscriptions[0].fields = [{ name: 'feed' }])),
    message: /does not subscribe to "messages"/,
  },
  {
    name: 'a lane drawn too small (the broken take)',
    rule: 'recording.frames',
    change: (i) =>
      void (i.recording!.frames = {
        source: 'stored',
        check: goodFrames([
          { kind: 'underfill', laneId: 'webitel', fromSec: 7, toSec: 23, message: '' },
          { kind: 'underfill', laneId: 'webitel', fromSec: 44.5, toSec: 106, message: '' },
        ]),
      }),
    message: /^The Webitel lane's page fills only the top-left part of its lane from 0:07 to 0:23 and from 0:44 to 1:46.*The take is broken/,
    target: { screen: 'recorder' },
  },
  {
    name: 'a frozen lane',
    rule: 'recording.frames',
    change: (i) => void (i.recording!.frames = { check: goodFrames([{ kind: 'frozen', laneId: 'facebook', fromSec: 80, toSec: 95, steps: 3, message: '' }]) }),
    message: /^The Facebook Messenger lane's picture does not change from 1:20 to 1:35, while 3 steps act on it/,
  },
  {
    name: 'test user without a role',
    rule: 'preflight.tester',
    change: (i) => void (i.preflight && (i.preflight.testUserId = '999')),
    message: /\(999\) has no role on the app/,
    severity: 'error',
  },
  {
    name: 'test user id unknown',
    rule: 'preflight.tester',
    change: (i) => void (i.preflight && delete i.preflight.testUserId),
    message: /has 1 tester \(2 roles in all\)/,
    severity: 'warning',
  },
];

// The checks from Meta's 2026 reviewer notes (rules/reviewer-notes.ts), each with its failing takes.
FAIL_CASES.push(...REVIEWER_NOTES_FAIL_CASES, ...PREFLIGHT_2026_FAIL_CASES);

describe('submission checks', () => {
  it('pass on a complete, well-formed submission', () => {
    const input = goodInput();
    for (const r of CHECK_RULES) {
      const results = runRule(r, input);
      expect(
        results.filter((x) => x.status === 'fail'),
        r.id,
      ).toEqual([]);
      expect(
        results.some((x) => x.status === 'pass'),
        `${r.id} passes`,
      ).toBe(true);
    }
    const report = runChecks(input);
    expect(report.ok).toBe(true);
    expect(report.counts.fail).toBe(0);
  });

  it('a sandbox recording passes for the sample submission only, and is no reason to ask for recent API calls', () => {
    const input = goodInput();
    input.recording!.hosts = 'sandbox';
    input.profile.sample = true;
    expect(runRule(rule('recording.real-hosts'), input).map((r) => [r.status, r.message])).toEqual([
      ['pass', 'The sample submission is recorded against the demo sandbox, as it is meant to be.'],
    ]);
    expect(runRule(rule('recording.recent-api-calls'), input).map((r) => r.status)).toEqual(['skip']);
    // The day of the window's edge still counts; the next does not.
    const edge = goodInput();
    edge.now = new Date('2026-08-31T10:00:00.000Z');
    expect(runRule(rule('recording.recent-api-calls'), edge)[0]).toMatchObject({ status: 'pass', message: expect.stringMatching(/^Recorded 30 days ago/) });
    edge.now = new Date('2026-09-01T10:00:00.000Z');
    expect(runRule(rule('recording.recent-api-calls'), edge)[0]?.status).toBe('fail');
    // A run folder that does not say when: nothing to judge.
    delete edge.recording!.recordedAt;
    expect(runRule(rule('recording.recent-api-calls'), edge)[0]?.status).toBe('skip');
  });

  it.each(FAIL_CASES)('$rule fails: $name', (c) => {
    const input = goodInput();
    c.change(input);
    const fails = runRule(rule(c.rule), input).filter((r) => r.status === 'fail');
    expect(fails.length, JSON.stringify(runRule(rule(c.rule), input), null, 1)).toBeGreaterThan(0);
    const hit = fails.find((f) => c.message.test(f.message));
    expect(hit, fails.map((f) => f.message).join('\n')).toBeDefined();
    expect(hit?.fix.length).toBeGreaterThan(10);
    if (c.severity) expect(hit?.severity).toBe(c.severity);
    if (c.target) expect(hit?.target).toMatchObject(c.target);
  });

  it('says which waits the video left out, and skips a video composed before cuts existed', () => {
    const input = goodInput();
    const cuts = () => runRule(rule('recording.cuts'), input);
    expect(cuts()[0]).toMatchObject({ status: 'pass', severity: 'info', message: expect.stringMatching(/Nothing was left out/) });
    input.recording!.cuts = [
      { atSec: 42.5, removedSec: 12.25, reason: 'assisted', stepId: 'admin-next' },
      { atSec: 70, removedSec: 4, reason: 'wait', stepId: 'open-workspace' },
    ];
    expect(cuts()[0]!.message).toBe(
      'The video leaves out 16.3 s of waiting (step "admin-next", done by hand: 12.3 s at 0:42; a long wait in step "open-workspace": 4.0 s at 1:10). Each cut keeps the step\'s caption, cross-fades both lanes at once, and captions, chapters and clips follow it.',
    );
    delete input.recording!.cuts;
    expect(cuts()[0]).toMatchObject({ status: 'skip' });
  });

  it('has a failing case for every rule except the informational one', () => {
    const covered = new Set(FAIL_CASES.map((c) => c.rule));
    const missing = CHECK_RULES.filter((r) => r.severity !== 'info' && !covered.has(r.id)).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  it('gives stable, unique result ids', () => {
    const input = goodInput();
    input.texts.reviewerInstructions = '';
    const ids = runChecks(input).results.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('description.present:pages_messaging');
  });

  it('skips recording and pre-flight checks with a reason when those are absent', () => {
    const input = goodInput();
    input.preflight = undefined;
    const byId = new Map(runChecks(input).results.map((r) => [r.id, r]));
    expect(byId.get('preflight.webhook')?.status).toBe('skip');
    expect(byId.get('gateway.callback-uris:deauthorize')?.message).toMatch(/--preflight/);
    expect(byId.get('gateway.callback-uris:redirect')?.message).toMatch(/cannot be read through the Graph API/);
  });

  it('without a recording, every recording check (the server-to-server note too) waits under one "No recording yet", none warns', () => {
    const input = goodInput();
    input.recording = undefined;
    const results = runChecks({ ...input, surface: 'app' }).results;
    const s2s = results.find((r) => r.id === 'notes.server-to-server');
    expect(s2s).toMatchObject({ status: 'skip', message: 'No recording yet.' });
    // Every other reviewer-notes check waits for the same reason, so the Checks screen lists it once.
    const notes = results.filter((r) => r.id.startsWith('notes.'));
    expect(notes.length).toBeGreaterThan(3);
    expect(new Set(notes.map((r) => `${r.status} ${r.message}`))).toEqual(new Set(['skip No recording yet.']));
    // Declared in the instructions, it passes with or without a take.
    input.texts.reviewerInstructions += '\nThe app reaches the Page through a server-to-server (system user) path.';
    expect(runChecks(input).results.find((r) => r.id === 'notes.server-to-server')?.status).toBe('pass');
  });

  it('in the app, no result names a command-line flag or command: the app names its own buttons', () => {
    const cli = /(^|[\s("])--[a-z]|review-assistant/;
    const inputs = [
      ...FAIL_CASES.map((c) => {
        const i = goodInput();
        c.change(i);
        return i;
      }),
    ];
    const bare = goodInput();
    bare.preflight = undefined;
    bare.recording = undefined;
    inputs.push(bare);
    let said = 0;
    for (const i of inputs) {
      for (const r of runChecks({ ...i, surface: 'app' }).results) {
        expect(`${r.message} ${r.fix ?? ''}`, r.id).not.toMatch(cli);
        said++;
      }
    }
    expect(said).toBeGreaterThan(100);
    // The same results on the command line say the command.
    expect(runChecks(bare).results.find((r) => r.id === 'preflight.webhook')?.message).toMatch(/check --preflight/);
    expect(runChecks({ ...bare, surface: 'app' }).results.find((r) => r.id === 'preflight.webhook')?.message).toMatch(/Pre-flight with Meta/);
  });

  it('reports an empty field once, however many rules need it (one result per problem)', () => {
    const blank = goodInput();
    const p = blank.profile;
    p.webitel.host = '';
    p.metaApp.privacyPolicyUrl = '';
    p.reviewer.operator.login = '';
    p.reviewer.operator.password = '';
    p.reviewer.triggerMessage = '';
    p.gateway.uri = '';
    const failed = runChecks({ ...blank, surface: 'app' }).results.filter((r) => r.status === 'fail' && r.target.field);
    const perField = new Map<string, string[]>();
    for (const r of failed) perField.set(r.target.field as string, [...(perField.get(r.target.field as string) ?? []), r.id]);
    for (const f of [
      'webitel.host',
      'metaApp.privacyPolicyUrl',
      'reviewer.operator.login',
      'reviewer.operator.password',
      'reviewer.triggerMessage',
      'gateway.uri',
    ])
      expect(perField.get(f), f).toEqual([`profile.required:${f}`]);
    // In the app the field is named by its label, not its path.
    expect(failed.find((r) => r.id === 'profile.required:webitel.host')?.message).toBe('“Webitel host” is empty.');
    // Each rule alone still fails on it (the command line's single-rule runs and the rule tests see every rule).
    expect(runRule(rule('instructions.webitel-url'), blank).some((o) => o.status === 'fail')).toBe(true);
  });

  it('fails the report (ok=false) only for error-level failures', () => {
    const warn = goodInput();
    warn.profile.reviewer.facebookTestUser.isTestUser = null;
    expect(runChecks(warn).ok).toBe(true);
    expect(runChecks(warn).counts.warnings).toBe(1);
    const err = goodInput();
    err.profile.reviewer.facebookTestUser.isTestUser = false;
    expect(runChecks(err).ok).toBe(false);
  });

  it('never puts a login, a password or the App Secret into a result', () => {
    const input = goodInput();
    input.texts.reviewerInstructions = input.texts.reviewerInstructions.replace('reviewer@acme', 'someone');
    const p = input.profile;
    const text = JSON.stringify(runChecks(input));
    for (const secret of [
      p.reviewer.operator.login,
      p.reviewer.facebookTestUser.email,
      p.recording.webitelAdmin.login,
      p.recording.pageAdmin.email,
      p.gateway.appSecret,
      p.reviewer.operator.password,
      p.reviewer.facebookTestUser.password,
      p.recording.webitelAdmin.password,
      p.recording.pageAdmin.password,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
