// Checks from Meta's 2026 reviewer notes (Policy 1.6 "Screencast Not Aligned", per-permission notes), read from the take's timeline and captions.
import type { RecordingFacts } from '../recording-facts-schema';
import type { ReviewerNotesFacts } from '../reviewer-notes-facts';
import { englishVerdict } from '../text-heuristics';
import { howTo, type CheckInput, type CheckRule, type RuleOutcome } from '../types';

const RECORDER = { screen: 'recorder' } as const;
const recordAgain = (input: Pick<CheckInput, 'surface'>) =>
  howTo(input, { app: 'then record again (Recorder → Record).', cli: 'then record again ("review-assistant record --profile NAME").' });

/** The take's notes facts, or the skip outcome when there is no recording (recording.done reports that). */
function withNotes(input: CheckInput, f: (n: ReviewerNotesFacts, r: RecordingFacts) => RuleOutcome[]): RuleOutcome[] {
  const r = input.recording;
  if (!r) return [{ status: 'skip', message: 'No recording yet.', target: RECORDER }];
  if (!r.notes) return [{ status: 'skip', message: 'The recording has no step timeline to read.', target: RECORDER }];
  return f(r.notes, r);
}

const at = (step: string | undefined) => (step ? { screen: 'recorder' as const, step } : RECORDER);

/** Why the consent scene does not show a person granting access, or undefined when it does. */
function grantProblem(
  n: ReviewerNotesFacts,
  r: RecordingFacts,
  input: Pick<CheckInput, 'surface'>,
): { message: string; fix: string; step?: string | undefined } | undefined {
  if (n.consent.previousSettingsStep && !n.consent.editSettingsStep) {
    return {
      step: n.consent.previousSettingsStep,
      message: `The consent scene clicks "Continue with previous settings" (step "${n.consent.previousSettingsStep}"): Facebook replays an earlier grant, so nobody selects a Page or reviews the permissions on video. Reviewers reject this as "Screencast Not Aligned" (no user granting access).`,
      fix: `Click "Edit settings" instead (the default scenario does), or remove the app under Facebook → Settings → Business Integrations before recording so the full consent appears; ${recordAgain(input)}`,
    };
  }
  if (!r.consent.dialogSeen) {
    return {
      message: 'No Facebook consent dialog (Facebook Login for Business) is in the recording, so no user granting access is shown.',
      fix: `Keep the consent scene in the scenario ("Add or remove pages" → Facebook login → Pages → access request → Save); ${recordAgain(input)}`,
    };
  }
  if (!r.consent.pageSelectionSucceeded) {
    return {
      step: r.consent.pageSelectionStep,
      message: 'The consent dialog is in the recording, but no step selects the Page in it: the reviewers want the Page visible when it is selected.',
      fix: `Let the scenario choose "Opt in to current Pages only" and tick the Page; if Facebook offered "Continue with previous settings", take "Edit settings"; ${recordAgain(input)}`,
    };
  }
  if (!n.consent.permissionReview.succeeded) {
    return {
      step: n.consent.permissionReview.stepId,
      message: n.consent.permissionReview.stepId
        ? `The permission review ("Review <App>'s access request" → Save, step "${n.consent.permissionReview.stepId}") did not succeed.`
        : 'No step of the consent scene reviews the requested permissions ("Review <App>\'s access request", a switch per permission, then "Save").',
      fix: `Keep the access-request screen in the scenario and caption it; ${recordAgain(input)}`,
    };
  }
  return undefined;
}

export const consentGrant: CheckRule = {
  id: 'notes.consent-grant',
  severity: 'error',
  source: 'meta',
  title: 'A user granting access is on video: Page selection and permission review',
  run(input) {
    return withNotes(input, (n, r) => {
      const p = grantProblem(n, r, input);
      if (p) return [{ status: 'fail', message: p.message, fix: p.fix, target: at(p.step) }];
      const edited = n.consent.editSettingsStep ? ` ("Edit settings" was taken at step "${n.consent.editSettingsStep}")` : '';
      return [
        {
          status: 'pass',
          message: `The consent scene selects the Page (step "${r.consent.pageSelectionStep ?? '?'}") and reviews the permissions (step "${n.consent.permissionReview.stepId ?? '?'}")${edited}.`,
          target: at(r.consent.pageSelectionStep),
        },
      ];
    });
  },
};

function namesIn(captions: readonly string[], names: readonly string[]): string[] {
  return names.filter((name) => captions.some((c) => c.toLowerCase().includes(name.toLowerCase())));
}

export const samePage: CheckRule = {
  id: 'notes.same-page',
  severity: 'error',
  source: 'meta',
  title: 'The same Page at the selection, the webhook subscription and the incoming chat',
  run(input) {
    return withNotes(input, (n) => {
      const names = input.profile.pages.map((p) => p.name.trim()).filter(Boolean);
      if (!names.length) return [{ status: 'skip', message: 'The profile names no Page yet.', target: { screen: 'gateway', field: 'pages' } }];
      const moments = [
        ['the Page selection in the consent', n.pageMentions.selection],
        ['the webhook subscription', n.pageMentions.subscription],
        ['the incoming chat in Messenger', n.pageMentions.incoming],
      ] as const;
      const found = moments.map(([label, caps]) => ({ label, names: namesIn(caps, names) }));
      const missing = found.filter((m) => m.names.length === 0).map((m) => m.label);
      const common = names.filter((name) => found.every((m) => m.names.includes(name)));
      if (missing.length || !common.length) {
        return [
          {
            status: 'fail',
            message: missing.length
              ? `No caption names the Page at ${missing.join(', ')}. The pages_manage_metadata reviewers want the webhook event tied to the same Page shown during setup, and the pages_messaging reviewers the Page visible when selected.`
              : `The captions name different Pages at the three moments (${found.map((m) => `${m.label}: ${m.names.join(', ')}`).join('; ')}).`,
            fix: `Name the Page ("${names[0]}") in the captions of the Page selection, the webhook subscription switch and the customer's conversation (the default scenario does, with {{page.name}}); then re-compose or record again.`,
            target: RECORDER,
          },
        ];
      }
      return [{ status: 'pass', message: `"${common[0]}" is named at the selection, the webhook subscription and the incoming chat.`, target: RECORDER }];
    });
  },
};

export const replyDelivered: CheckRule = {
  id: 'notes.reply-delivered',
  severity: 'error',
  source: 'meta',
  title: "The customer's Messenger shows the operator's reply",
  run(input) {
    return withNotes(input, (n) => {
      if (!n.customerLane)
        return [
          {
            status: 'fail',
            message: 'No lane of the recording shows the customer in Messenger, so the delivered message is not shown in the native client.',
            fix: `Record with the customer lane (facebook.com/messages/t/<page id>); ${recordAgain(input)}`,
            target: RECORDER,
          },
        ];
      if (!n.replyDelivered.succeeded)
        return [
          {
            status: 'fail',
            message: n.replyDelivered.stepId
              ? `The step "${n.replyDelivered.stepId}" that shows the reply in the customer's Messenger did not succeed.`
              : "After the operator's send, no step of the customer lane shows the reply arriving in Messenger (pages_messaging reviewers want the delivered message in the native client).",
            fix: `Keep a step on the customer lane that waits for the reply in the conversation, captioned, after the operator sends it; ${recordAgain(input)}`,
            target: at(n.replyDelivered.stepId),
          },
        ];
      return [
        { status: 'pass', message: `The reply arrives in the customer's Messenger (step "${n.replyDelivered.stepId}").`, target: at(n.replyDelivered.stepId) },
      ];
    });
  },
};

export const operatorSend: CheckRule = {
  id: 'notes.operator-send',
  severity: 'error',
  source: 'meta',
  title: "The operator's send from the app is on video",
  run(input) {
    return withNotes(input, (n) => {
      if (n.operatorSend.succeeded)
        return [
          {
            status: 'pass',
            message: `The operator sends the reply from Webitel on video (step "${n.operatorSend.stepId}").`,
            target: at(n.operatorSend.stepId),
          },
        ];
      return [
        {
          status: 'fail',
          message: n.operatorSend.stepId
            ? `The operator's send (step "${n.operatorSend.stepId}") did not succeed.`
            : 'No step of a pages_messaging scene shows the operator sending a message from the app (pages_messaging reviewers want a live send action).',
          fix: `Keep the reply steps (type the reply, send it) in a pages_messaging scene, captioned; ${recordAgain(input)}`,
          target: at(n.operatorSend.stepId),
        },
      ];
    });
  },
};

/** Policy 1.6 ("Screencast Not Aligned with Use Case Details"), item by item, each tied to the check that proves it. */
export const policy16: CheckRule = {
  id: 'notes.policy-1-6',
  severity: 'error',
  source: 'meta',
  title: 'Policy 1.6: every item of "Screencast Not Aligned" is covered',
  run(input) {
    return withNotes(input, (n, r) => {
      const out: RuleOutcome[] = [];
      const item = (subject: string, ok: boolean, label: string, proof: string, fix: string, step?: string) =>
        out.push(
          ok
            ? { subject, status: 'pass', message: `${label}: ${proof}.`, target: at(step) }
            : { subject, status: 'fail', message: `${label}: missing (${proof}).`, fix, target: at(step) },
        );
      item(
        'meta-login',
        n.facebookLogin,
        'The complete Meta login flow',
        n.facebookLogin
          ? 'the Facebook login page and the typed (masked) password are on video'
          : 'no Facebook login page with a typed password in the recording; it must start logged out of Facebook',
        `Record with "start logged out" on (the default) so the Page admin logs in to Facebook in the popup; ${recordAgain(input)}`,
      );
      const grant = grantProblem(n, r, input);
      item('user-grants-access', !grant, 'A user granting access', grant ? grant.message : 'see "notes.consent-grant"', grant?.fix ?? '', grant?.step);
      const e2e = n.customerSend.succeeded && n.operatorSend.succeeded && n.replyDelivered.succeeded;
      item(
        'end-to-end',
        e2e,
        'The end-to-end use case',
        e2e
          ? 'the customer writes in Messenger, the operator replies from Webitel and the reply arrives (see "notes.operator-send", "notes.reply-delivered")'
          : `customer's send ${n.customerSend.succeeded ? 'shown' : 'missing'}, operator's send ${n.operatorSend.succeeded ? 'shown' : 'missing'}, reply in Messenger ${n.replyDelivered.succeeded ? 'shown' : 'missing'}`,
        `Keep the whole demo in one take: connect the Page, the customer's message, the operator's reply and its arrival in Messenger; ${recordAgain(input)}`,
      );
      const uncaptioned = r.scenes.filter((s) => s.captioned === 0).map((s) => s.title);
      const english = n.captions.length > 0 && englishVerdict(n.captions.join(' ')).english;
      const explainedOk = n.explained > 0;
      item(
        'english-captions',
        english && uncaptioned.length === 0 && explainedOk,
        'English UI with captions and explained buttons',
        [
          english ? `${n.captions.length} English captions` : 'the captions do not read as English',
          uncaptioned.length ? `scenes without captions: ${uncaptioned.join(', ')}` : 'every scene captioned (see "recording.scene-captions")',
          explainedOk ? `${n.explained} buttons explained under their captions` : 'no button is explained under its caption',
        ].join('; '),
        `Write English captions for every scene and an "explain" for each non-obvious button (e.g. "Add or remove pages", "Webhook subscription", "Edit settings"); record the Webitel and Facebook pages in English; ${recordAgain(input)}`,
      );
      return out;
    });
  },
};

const DECLARED_RE = /server[\s-]to[\s-]server|system[\s-]user/i;

export const serverToServerDeclared: CheckRule = {
  id: 'notes.server-to-server',
  severity: 'warning',
  source: 'meta',
  title: 'A server-to-server or system-user path is declared',
  run(input) {
    if (DECLARED_RE.test(input.texts.reviewerInstructions))
      return [
        {
          status: 'pass',
          message: 'The reviewer instructions declare the server-to-server (system user) path.',
          target: { screen: 'texts', textId: 'reviewerInstructions' },
        },
      ];
    // Without a take there is nothing to judge yet: "not run yet", as every recording check says, not a warning.
    return withNotes(input, (n, r) => {
      if (r.consent.dialogSeen && n.facebookLogin)
        return [
          { status: 'pass', message: 'The Facebook login and consent are on video, so no hidden server-to-server path needs declaring.', target: RECORDER },
        ];
      return [
        {
          status: 'fail',
          message:
            'The recording does not show the Facebook login and consent. If the app reaches the Pages through a server-to-server path or a system user token, the reviewers ask for that to be declared; otherwise they reject for a missing login.',
          fix: 'Either record the Facebook login and consent (the default scenario does), or add a sentence to the reviewer instructions saying that the app uses a server-to-server (system user) path and why no login is shown.',
          target: { screen: 'texts', textId: 'reviewerInstructions' },
        },
      ];
    });
  },
};

export const REVIEWER_NOTES_RULES: CheckRule[] = [consentGrant, samePage, operatorSend, replyDelivered, policy16, serverToServerDeclared];
