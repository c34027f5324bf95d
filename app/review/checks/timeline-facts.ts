// Reads from a run's timeline what the recording checks need: its scenes, when it logged in, and the consent's Page selection.
import type { TimelineEvent } from '../../recorder/timeline';
import type { RecordedScene, RecordingFacts } from './recording-facts-schema';
import { reviewerNotesFacts } from './reviewer-notes-facts';

type StepStarted = Extract<TimelineEvent, { type: 'step-started' }>;
type UrlChanged = Extract<TimelineEvent, { type: 'url-changed' }>;

/** A step that fills or submits a sign-in form (Webitel or Facebook), by its id or caption. */
export const LOGIN_STEP_RE = /\blog[\s_-]?in\b|\bsign[\s_-]?in\b|\bpassword\b|\busername\b/i;
const LOGIN_ACTIONS = new Set(['fill', 'click', 'press']);
/** The consent dialog's "choose the Pages" step, by its id or caption. */
export const PAGE_SELECTION_RE = /\b(choose|select|pick|tick)\w*\b.*\bpages?\b|\bpages?[\s_-]*(selection|select|choose|picker)/i;
/** Pages only a signed-in Webitel user sees (Workspace, Admin routes). */
export const LOGGED_IN_PATH_RE = /^\/(workspace|routing|admin)(\/|$)/;
const LOGIN_PAGE_RE = /^\/(app\/auth|login)(\/|$)/;
const OAUTH_DIALOG_RE = /\/dialog\/oauth(\/|$|\?)/;

function path(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

const stepText = (s: StepStarted) => `${s.stepId} ${s.caption}`;

export type TimelineFacts = Pick<RecordingFacts, 'scenes' | 'login' | 'consent' | 'notes'>;

/**
 * Reads what the checks need from a run's step timeline: the scenes with their caption
 * counts, whether the first scene's login ran before any signed-in page was shown, and
 * whether the consent dialog's Page selection succeeded.
 */
export function timelineFacts(events: TimelineEvent[]): TimelineFacts {
  const succeeded = new Set(events.filter((e) => e.type === 'step-succeeded').map((e) => e.index));
  const scenes: RecordedScene[] = [];
  for (const e of events) {
    if (e.type === 'scene-started' && !scenes.some((s) => s.id === e.sceneId))
      scenes.push({ id: e.sceneId, title: e.title, permissions: e.permissions, steps: 0, captioned: 0 });
    if (e.type === 'step-started') {
      const s = scenes.find((x) => x.id === e.sceneId);
      if (s) {
        s.steps++;
        if (e.caption.trim()) s.captioned++;
      }
    }
  }

  const firstScene = scenes[0]?.id;
  const loginIdx: number[] = [];
  events.forEach((e, i) => {
    if (e.type === 'step-started' && e.sceneId === firstScene && LOGIN_ACTIONS.has(e.action) && LOGIN_STEP_RE.test(stepText(e))) loginIdx.push(i);
  });
  const loginSteps = loginIdx.map((i) => events[i] as StepStarted);
  const firstLogin = loginIdx[0] ?? -1;

  // A signed-in page before the first login step means the run did not start logged out,
  // unless the app bounced it straight to its login page (a client-side redirect).
  let loggedInUrl: string | undefined;
  if (firstLogin >= 0) {
    for (let i = 0; i < firstLogin && !loggedInUrl; i++) {
      const e = events[i];
      if (e?.type !== 'url-changed' || e.popup || !LOGGED_IN_PATH_RE.test(path(e.url))) continue;
      let bounced = false;
      for (let j = i + 1; j < events.length; j++) {
        const n = events[j];
        if (n?.type === 'step-succeeded') break;
        if (n?.type === 'url-changed' && n.laneId === e.laneId) {
          bounced = LOGIN_PAGE_RE.test(path(n.url));
          break;
        }
      }
      if (!bounced) loggedInUrl = e.url;
    }
  }

  const dialogSeen = events.some((e) => (e.type === 'url-changed' || e.type === 'popup-opened') && OAUTH_DIALOG_RE.test((e as UrlChanged).url));
  // The step named for the selection (the default scenario's "fb-choose-page" ticks the Page), else
  // the first captioned as one ("chooses 'Opt in to current Pages only' to pick them" comes before the tick).
  const started = events.filter((e): e is StepStarted => e.type === 'step-started');
  const selection = started.find((e) => PAGE_SELECTION_RE.test(e.stepId)) ?? started.find((e) => PAGE_SELECTION_RE.test(stepText(e)));

  return {
    scenes,
    login: {
      steps: loginSteps.length,
      succeeded: loginSteps.filter((s) => succeeded.has(s.index)).length,
      passwordEntered: loginSteps.some((s) => s.action === 'fill' && /password/i.test(stepText(s)) && succeeded.has(s.index)),
      loggedInFirst: loggedInUrl !== undefined,
      ...(loggedInUrl ? { loggedInUrl } : {}),
    },
    consent: {
      dialogSeen,
      ...(selection ? { pageSelectionStep: selection.stepId } : {}),
      pageSelectionSucceeded: selection ? succeeded.has(selection.index) : false,
    },
    notes: reviewerNotesFacts(events, PAGE_SELECTION_RE),
  };
}
