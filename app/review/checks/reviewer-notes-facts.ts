// What Meta's 2026 reviewer notes look for, read from a run's step timeline and captions.
import { z } from 'zod';
import type { TimelineEvent } from '../../recorder/timeline';

type StepStarted = Extract<TimelineEvent, { type: 'step-started' }>;

const StepOutcomeSchema = z.object({ stepId: z.string().optional(), succeeded: z.boolean() });

export const ReviewerNotesFactsSchema = z.object({
  /** A Facebook login page was on screen and the person typed into it (the Meta login flow). */
  facebookLogin: z.boolean(),
  consent: z.object({
    /** A step that clicked "Continue with previous settings" (the old grant replayed, nobody granting on video). */
    previousSettingsStep: z.string().optional(),
    /** A step that clicked "Edit settings" and succeeded. */
    editSettingsStep: z.string().optional(),
    /** The step that saved the permission review ("Review <App>'s access request" → Save). */
    permissionReview: StepOutcomeSchema,
  }),
  /** Captions of the three moments the reviewers tie to one Page. */
  pageMentions: z.object({ selection: z.array(z.string()), subscription: z.array(z.string()), incoming: z.array(z.string()) }),
  /** The lane that plays the customer in Messenger, and the addresses it showed. */
  customerLane: z.string().optional(),
  customerUrls: z.array(z.string()),
  customerSend: StepOutcomeSchema,
  operatorSend: StepOutcomeSchema,
  /** A customer-lane step after the operator's send that shows the reply in Messenger. */
  replyDelivered: StepOutcomeSchema,
  /** Steps whose button is explained under the caption. */
  explained: z.number().int(),
  /** Every caption shown, in order. */
  captions: z.array(z.string()),
});
export type ReviewerNotesFacts = z.infer<typeof ReviewerNotesFactsSchema>;

const FACEBOOK_HOST_RE = /(^|\.)facebook\.(com|localhost)$|(^|\.)messenger\.com$|(^|\.)m\.me(\.localhost)?$/;
const CUSTOMER_LANE_RE = /facebook|messenger|customer/i;
const OPERATOR_LANE_RE = /webitel|operator|agent|admin/i;
const PREVIOUS_SETTINGS_RE = /previous[\s-]settings/i;
const EDIT_SETTINGS_RE = /edit[\s-]settings/i;
const PERMISSION_REVIEW_RE = /access request|\breview\w*\b.*\bpermission|\bpermission\w*\b.*\breview|-review-/i;
const SEND_RE = /\bsend|\bsends\b|\bsent\b/i;
const REPLY_RE = /\brepl|\banswer/i;
const ACTS = new Set(['click', 'press', 'fill']);

function host(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

const text = (s: StepStarted) => `${s.stepId} ${s.caption}`;

/** `pageSelection` tells the consent's Page-selection step by its id or caption (timeline-facts' PAGE_SELECTION_RE). */
export function reviewerNotesFacts(events: TimelineEvent[], pageSelection: RegExp): ReviewerNotesFacts {
  const succeeded = new Set(events.filter((e) => e.type === 'step-succeeded').map((e) => e.index));
  const steps = events.filter((e): e is StepStarted => e.type === 'step-started');
  const scenePerms = new Map<string, string[]>();
  for (const e of events) if (e.type === 'scene-started' && !scenePerms.has(e.sceneId)) scenePerms.set(e.sceneId, e.permissions);
  const inScene = (perm: string) => (s: StepStarted) => (scenePerms.get(s.sceneId) ?? []).includes(perm);
  const outcome = (s: StepStarted | undefined) => ({ ...(s ? { stepId: s.stepId } : {}), succeeded: s ? succeeded.has(s.index) : false });

  // The customer is the lane whose own window shows Facebook or Messenger (not a popup); else named so.
  const laneIds = [...new Set(steps.map((s) => s.laneId))];
  const ownWindow = events.find(
    (e): e is Extract<TimelineEvent, { type: 'url-changed' }> => e.type === 'url-changed' && !e.popup && FACEBOOK_HOST_RE.test(host(e.url)),
  );
  const customerLane = ownWindow?.laneId ?? laneIds.find((l) => CUSTOMER_LANE_RE.test(l) && !OPERATOR_LANE_RE.test(l));
  const operatorLane = laneIds.find((l) => l !== customerLane && OPERATOR_LANE_RE.test(l)) ?? laneIds.find((l) => l !== customerLane);
  const customerUrls = events.flatMap((e) => (e.type === 'url-changed' && !e.popup && e.laneId === customerLane && e.url !== 'about:blank' ? [e.url] : []));

  // The Meta login flow: Facebook's login page on screen, then the person types into it (e-mail, password).
  const loginAt = events.findIndex(
    (e) => (e.type === 'url-changed' || e.type === 'popup-opened') && FACEBOOK_HOST_RE.test(host(e.url)) && /^\/login(\/|$)/.test(pathOf(e.url)),
  );
  const fbTyped =
    loginAt >= 0 &&
    events
      .slice(loginAt)
      .some(
        (e) =>
          e.type === 'step-started' && e.action === 'fill' && /e-?mail|password/i.test(text(e)) && /facebook|\bfb-/i.test(text(e)) && succeeded.has(e.index),
      );

  const clicks = steps.filter((s) => s.action === 'click');
  const previous = clicks.find((s) => PREVIOUS_SETTINGS_RE.test(text(s)) && !EDIT_SETTINGS_RE.test(text(s)));
  const edit = clicks.find((s) => EDIT_SETTINGS_RE.test(text(s)) && succeeded.has(s.index));
  // "Edit settings" and "previous settings" steps talk about the review without being it.
  const review = steps.filter(
    (s) => ACTS.has(s.action) && PERMISSION_REVIEW_RE.test(text(s)) && !EDIT_SETTINGS_RE.test(text(s)) && !PREVIOUS_SETTINGS_RE.test(text(s)),
  );
  const reviewDone = review.find((s) => succeeded.has(s.index)) ?? review[0];

  const messaging = steps.filter(inScene('pages_messaging'));
  const lastOf = (list: StepStarted[]) => list.find((s) => succeeded.has(s.index)) ?? list[0];
  const operatorSends = messaging.filter((s) => s.laneId === operatorLane && (s.action === 'click' || s.action === 'press') && SEND_RE.test(text(s)));
  const operatorSend = [...operatorSends].reverse().find((s) => succeeded.has(s.index)) ?? operatorSends.at(-1);
  const customerSend = lastOf(messaging.filter((s) => s.laneId === customerLane && (s.action === 'click' || s.action === 'press') && SEND_RE.test(text(s))));
  const sentAt = operatorSend ? events.indexOf(operatorSend) : -1;
  const reply =
    sentAt < 0
      ? undefined
      : lastOf(events.slice(sentAt + 1).filter((e): e is StepStarted => e.type === 'step-started' && e.laneId === customerLane && REPLY_RE.test(text(e))));

  return {
    facebookLogin: fbTyped,
    consent: {
      ...(previous ? { previousSettingsStep: previous.stepId } : {}),
      ...(edit ? { editSettingsStep: edit.stepId } : {}),
      permissionReview: outcome(reviewDone),
    },
    pageMentions: {
      selection: steps.filter((s) => pageSelection.test(text(s))).map((s) => s.caption),
      subscription: steps.filter(inScene('pages_manage_metadata')).map((s) => s.caption),
      incoming: messaging.filter((s) => s.laneId === customerLane).map((s) => s.caption),
    },
    ...(customerLane ? { customerLane } : {}),
    customerUrls,
    customerSend: outcome(customerSend),
    operatorSend: outcome(operatorSend),
    replyDelivered: outcome(reply),
    explained: steps.filter((s) => s.explanation?.trim()).length,
    captions: steps.map((s) => s.caption).filter((c) => c.trim()),
  };
}
