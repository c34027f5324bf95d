// Proves the facts read from a real sandbox run's timeline (logged-out start, login, Page selection) and the text heuristics.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TimelineSchema, type TimelineEvent } from '../../../app/recorder/timeline';
import { timelineFacts } from '../../../app/review/checks/timeline-facts';
import { englishVerdict, isNumberedSteps, sharedSentences, splitSentences } from '../../../app/review/checks/text-heuristics';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The step timeline of a real sandbox run of the default scenario (the first two scenes). */
const sandbox = (): TimelineEvent[] => TimelineSchema.parse(JSON.parse(readFileSync(path.join(here, '../../fixtures/checks/sandbox-timeline.json'), 'utf8')));

describe('timeline facts from a real sandbox run', () => {
  it('sees the logged-out start, the login on video and the consent Page selection', () => {
    const f = timelineFacts(sandbox());
    expect(f.login).toMatchObject({ loggedInFirst: false, passwordEntered: true });
    expect(f.login.steps).toBeGreaterThanOrEqual(2);
    expect(f.consent).toEqual({ dialogSeen: true, pageSelectionStep: 'fb-choose-page', pageSelectionSucceeded: true });
    expect(f.scenes.map((s) => s.id)).toEqual(['connect-page', 'subscribe-webhook']);
    expect(f.scenes[0]?.captioned).toBe(f.scenes[0]?.steps);
  });

  it('notices a run that was already signed in (no bounce to the sign-in page, login steps skipped)', () => {
    const t = sandbox()
      .filter((e) => !(e.type === 'url-changed' && e.url.includes('/app/auth')))
      .map((e): TimelineEvent =>
        e.type === 'step-succeeded' && /^(admin-(username|password)|fb-admin-(email|password|submit))/.test(e.stepId)
          ? { type: 'step-skipped', t: e.t, index: e.index, stepId: e.stepId, reason: 'condition not met' }
          : e,
      );
    const f = timelineFacts(t);
    expect(f.login.loggedInFirst).toBe(true);
    expect(f.login.loggedInUrl).toMatch(/\/routing\/chat-gateways$/);
    expect(f.login.passwordEntered).toBe(false);
  });

  it('takes the step named for the Page selection over an earlier one captioned about choosing Pages, else the first so captioned', () => {
    // Today's default scenario first picks "Opt in to current Pages only", whose caption speaks of choosing Pages.
    const events = sandbox();
    const at = events.findIndex((e) => e.type === 'step-started' && e.stepId === 'fb-choose-page');
    const choose = events[at] as Extract<TimelineEvent, { type: 'step-started' }>;
    const optIn: TimelineEvent = {
      ...choose,
      t: choose.t - 1,
      index: choose.index - 1,
      stepId: 'fb-pages-current-only',
      caption: 'Facebook asks which Pages the app may access (pages_show_list); the Page admin chooses "Opt in to current Pages only" to pick them one by one.',
    };
    const withOptIn = [...events.slice(0, at), optIn, ...events.slice(at)];
    expect(timelineFacts(withOptIn).consent.pageSelectionStep).toBe('fb-choose-page');
    // A scenario whose step ids say nothing: the first step captioned as a Page selection.
    const anonymous = withOptIn.map((e) => (e.type === 'step-started' && e.stepId.startsWith('fb-') ? { ...e, stepId: `s${e.index}` } : e));
    expect(timelineFacts(anonymous).consent.pageSelectionStep).toBe(`s${optIn.index}`);
  });

  it('notices a consent dialog whose Page selection failed', () => {
    const t = sandbox().map((e): TimelineEvent =>
      e.type === 'step-succeeded' && e.stepId === 'fb-choose-page'
        ? { type: 'step-failed', t: e.t, index: e.index, stepId: e.stepId, error: 'no checkbox' }
        : e,
    );
    expect(timelineFacts(t).consent).toMatchObject({ dialogSeen: true, pageSelectionSucceeded: false });
  });
});

describe('text heuristics', () => {
  it('splits sentences at punctuation and lines, dropping list markers', () => {
    expect(splitSentences('1. Open the page. Then log in!\n- Send it? Yes')).toEqual(['Open the page.', 'Then log in!', 'Send it?', 'Yes']);
  });

  it('finds a shared sentence despite case and punctuation, ignoring short ones', () => {
    const shared = sharedSentences({
      a: 'Thank you. The operator answers the customer in Workspace.',
      b: 'thank you. the operator answers the customer in workspace!',
    });
    expect(shared).toEqual([{ a: 'a', b: 'b', sentence: 'The operator answers the customer in Workspace.' }]);
    expect(sharedSentences({ a: 'Thank you.', b: 'Thank you.' })).toEqual([]);
  });

  it('accepts numbered steps from 1 and rejects bullets or lists starting elsewhere', () => {
    expect(isNumberedSteps('Intro\n1. a b\n2. c d\n3. e f')).toBe(true);
    expect(isNumberedSteps('1) a\n2) b\n3) c')).toBe(true);
    expect(isNumberedSteps('- a\n- b\n- c')).toBe(false);
    expect(isNumberedSteps('2. a\n3. b\n4. c')).toBe(false);
    expect(isNumberedSteps('1. a\n2. b')).toBe(false);
  });

  it('tells English from other languages', () => {
    expect(englishVerdict('Open the Webitel page and log in with the operator login.').english).toBe(true);
    expect(englishVerdict('Öffnen Sie die Seite und melden Sie sich mit dem Operator-Login an.').english).toBe(false);
    expect(englishVerdict('Відкрийте сторінку та увійдіть як оператор.').english).toBe(false);
  });
});
