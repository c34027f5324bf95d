// The checks on the demo recording: finished, against the real hosts and recent, one clip per permission, logged-out start, Page selection, captions, resolution, no audio.
import type { RecordingFacts, VideoFacts } from '../recording-facts-schema';
import { howTo, type CheckInput, type CheckRule, type RuleOutcome, type SceneFacts } from '../types';
import { requestedIds } from './texts';
import { videoFrames } from './video-frames';
import { videoCuts } from './video-cuts';

const RECORDER = { screen: 'recorder' } as const;

/** The recording to judge, or the skip outcome to return when there is none (recording.done reports that). */
function withRecording(input: CheckInput, f: (r: RecordingFacts) => RuleOutcome[]): RuleOutcome[] {
  if (!input.recording) return [{ status: 'skip', message: 'No recording yet.', target: RECORDER }];
  return f(input.recording);
}

export const recordingDone: CheckRule = {
  id: 'recording.done',
  severity: 'error',
  source: 'meta',
  title: 'A finished recording exists',
  run(input) {
    const r = input.recording;
    if (!r)
      return [
        {
          status: 'fail',
          message: 'There is no recording of this submission. Meta does not approve a permission without a screen recording.',
          fix: howTo(input, {
            app: 'Record the demo under Recorder → Record.',
            cli: 'Record the demo: "review-assistant record --profile NAME" (or Recorder → Record in the app).',
          }),
          target: RECORDER,
        },
      ];
    if (!r.done)
      return [
        {
          status: 'fail',
          message: `The recording ${r.folder} is not finished (status "${r.status}").`,
          fix: 'Record again and let it finish; a failed run keeps step screenshots in its folder that show where it stopped.',
          target: RECORDER,
        },
      ];
    if (!r.demo)
      return [
        {
          status: 'fail',
          message: `The recording ${r.folder} has no readable demo.mp4.`,
          fix: howTo(input, { app: 'Record again (Recorder → Record).', cli: 'Re-compose the run ("review-assistant compose RUN_FOLDER") or record again.' }),
          target: RECORDER,
        },
      ];
    return [{ status: 'pass', message: `Recording ${r.folder} is finished.`, target: RECORDER }];
  },
};

export const clipPerPermission: CheckRule = {
  id: 'clip.present',
  severity: 'error',
  source: 'meta',
  title: 'Every requested permission has its own clip',
  run(input) {
    return withRecording(input, (r) =>
      requestedIds(input).map((p): RuleOutcome => {
        const clip = r.clips[p];
        return clip
          ? { subject: p, status: 'pass', message: `clips/${p}.mp4 (${clip.durationSec.toFixed(1)} s).`, target: RECORDER }
          : {
              subject: p,
              status: 'fail',
              message: `No clip for ${p}. Meta does not approve a permission without its own screen recording.`,
              fix: `Make sure the scenario has a scene that demonstrates ${p}, then record again.`,
              target: RECORDER,
            };
      }),
    );
  },
};

export const startsLoggedOut: CheckRule = {
  id: 'recording.starts-logged-out',
  severity: 'error',
  source: 'meta',
  title: 'The recording starts logged out and shows the whole login',
  run(input) {
    return withRecording(input, (r) => {
      const { login } = r;
      const fix = 'Record with "start logged out" on (the default), so the video shows the login from the start.';
      if (login.steps === 0)
        return [
          {
            status: 'fail',
            message:
              'The first scene of the recording has no login steps: the video does not show the login from logged-out to logged-in, which Meta requires.',
            fix,
            target: RECORDER,
          },
        ];
      if (login.loggedInFirst)
        return [
          {
            status: 'fail',
            message: `The recording showed a logged-in page${login.loggedInUrl ? ` (${login.loggedInUrl})` : ''} before the login steps: it did not start logged out.`,
            fix,
            target: RECORDER,
          },
        ];
      if (!login.passwordEntered)
        return [
          {
            status: 'fail',
            message: `No sign-in step of the first scene typed a password (${login.succeeded} of ${login.steps} login steps ran; the others were skipped), so the run was already signed in and the login is not on video.`,
            fix,
            target: RECORDER,
          },
        ];
      return [{ status: 'pass', message: `The recording starts logged out; ${login.succeeded} login steps are on video.`, target: RECORDER }];
    });
  },
};

export const consentPageSelection: CheckRule = {
  id: 'recording.consent-page-selection',
  severity: 'error',
  source: 'meta',
  title: 'The recording shows the Facebook consent with Page selection',
  run(input) {
    return withRecording(input, (r) => {
      const { consent } = r;
      const target = consent.pageSelectionStep ? { screen: 'recorder' as const, step: consent.pageSelectionStep } : RECORDER;
      if (consent.pageSelectionSucceeded)
        return [{ status: 'pass', message: `The consent dialog's Page selection is on video (step ${consent.pageSelectionStep ?? '?'}).`, target }];
      const why = !consent.dialogSeen
        ? 'no Facebook consent dialog appeared in the recording'
        : consent.pageSelectionStep
          ? `the Page-selection step "${consent.pageSelectionStep}" did not succeed`
          : 'the consent dialog appeared but no step selected a Page (a returning user sees only "Continue as …")';
      return [
        {
          status: 'fail',
          message: `The recording does not show the Facebook consent with Page selection: ${why}. Meta wants the grant, including the Page selection, on video.`,
          fix: 'Keep the consent scene in the scenario (Add or remove pages → Facebook login → choose the Page → Save) and record again; the dialog is re-requested with auth_type=rerequest.',
          target,
        },
      ];
    });
  },
};

export const sceneCaptions: CheckRule = {
  id: 'recording.scene-captions',
  severity: 'error',
  source: 'meta',
  title: 'Every scene has captions',
  run(input) {
    return withRecording(input, (r) => {
      const out: RuleOutcome[] = [];
      if (!r.captions.exists || r.captions.cues === 0)
        out.push({
          subject: 'srt',
          status: 'fail',
          message: 'The recording has no captions.srt (or it is empty).',
          fix: 'Re-compose the run so the captions are written, or record again.',
          target: RECORDER,
        });
      if (r.scenes.length === 0)
        out.push({
          subject: 'scenes',
          status: 'fail',
          message: 'The recording has no scenes, so nothing ties the video to a permission.',
          fix: 'Record with a scenario whose steps are grouped in scenes.',
          target: RECORDER,
        });
      for (const s of r.scenes) {
        if (s.captioned === 0)
          out.push({
            subject: s.id,
            status: 'fail',
            message: `Scene "${s.title}" has no captions; Meta asks for captions where the screen does not explain itself.`,
            fix: `Give the steps of scene "${s.title}" English captions on the Recorder screen, then re-compose or record again.`,
            target: { screen: 'recorder', step: s.id },
          });
      }
      return out.length
        ? out
        : [{ status: 'pass', message: `All ${r.scenes.length} scenes have captions (${r.captions.cues} caption cues).`, target: RECORDER }];
    });
  },
};

function videos(r: RecordingFacts): { name: string; v: VideoFacts }[] {
  const out: { name: string; v: VideoFacts }[] = [];
  if (r.demo) out.push({ name: 'demo.mp4', v: r.demo });
  for (const [p, v] of Object.entries(r.clips)) if (v) out.push({ name: `clips/${p}.mp4`, v });
  return out;
}

export const videoResolution: CheckRule = {
  id: 'video.resolution',
  severity: 'error',
  source: 'meta',
  title: 'The video is 1080p or better',
  run(input) {
    return withRecording(input, (r) => {
      const all = videos(r);
      if (all.length === 0) return [{ status: 'skip', message: 'No video files to measure.', target: RECORDER }];
      const low = all.filter(({ v }) => v.height < 1080);
      if (low.length === 0)
        return [
          { status: 'pass', message: `All ${all.length} videos are at least 1080 pixels tall (${all[0]?.v.width}×${all[0]?.v.height}).`, target: RECORDER },
        ];
      return low.map(({ name, v }) => ({
        subject: name,
        status: 'fail' as const,
        message: `${name} is ${v.width}×${v.height}; Meta asks for 1080p or better.`,
        fix: 'Record with the 1920×1080 canvas (the default) and record again.',
        target: RECORDER,
      }));
    });
  },
};

export const videoNoAudio: CheckRule = {
  id: 'video.no-audio',
  severity: 'warning',
  source: 'meta',
  title: 'The video has no audio track',
  run(input) {
    return withRecording(input, (r) => {
      const all = videos(r);
      if (all.length === 0) return [{ status: 'skip', message: 'No video files to inspect.', target: RECORDER }];
      const loud = all.filter(({ v }) => v.hasAudio);
      if (loud.length === 0) return [{ status: 'pass', message: 'No video has an audio track.', target: RECORDER }];
      return loud.map(({ name }) => ({
        subject: name,
        status: 'fail' as const,
        // real-world-2026.md: narration is accepted, captions remain required.
        message: `${name} has an audio track. Meta's guide advises leaving audio out; narration is accepted, but reviewers may not listen, so every point it makes must be in the captions too.`,
        fix: 'If it is narration, make sure the captions say the same; otherwise re-compose the run (the composer writes no audio) or strip the audio track before uploading.',
        target: RECORDER,
      }));
    });
  },
};

export const usedByScene: CheckRule = {
  id: 'permissions.used-by-scene',
  severity: 'error',
  source: 'meta',
  title: 'No permission is requested "for later"',
  run(input) {
    const scenes: SceneFacts[] | undefined = input.recording?.scenes ?? input.scenes;
    const ids = requestedIds(input);
    if (!scenes || scenes.length === 0) return [{ status: 'skip', message: 'No recording or scenario to compare the permissions with.', target: RECORDER }];
    if (ids.length === 0) return [{ status: 'skip', message: 'No permissions are requested yet.', target: { screen: 'permissions' } }];
    return ids.map((p): RuleOutcome => {
      const scene = scenes.find((s) => s.permissions.includes(p));
      return scene
        ? { subject: p, status: 'pass', message: `${p} is demonstrated in scene "${scene.title}".`, target: { screen: 'recorder', step: scene.id } }
        : {
            subject: p,
            status: 'fail',
            message: `${p} is requested but no scene uses it. Meta rejects permissions requested "for later".`,
            fix: `Remove ${p} from the requested permissions, or add a scene that demonstrates it and record again.`,
            target: { screen: 'permissions', field: 'permissions' },
          };
    });
  },
};

/**
 * The demo sandbox is a rehearsal: its pages are stand-ins, and its Graph calls go nowhere. The
 * sample submission is recorded there by design; a real one must be recorded against its hosts.
 */
export const recordingRealHosts: CheckRule = {
  id: 'recording.real-hosts',
  severity: 'error',
  source: 'app',
  title: 'The recording shows the real Webitel and Facebook',
  run: (input) =>
    withRecording(input, (r) => {
      if (r.hosts !== 'sandbox')
        return [
          {
            status: 'pass',
            message:
              r.hosts === 'real'
                ? `Recording ${r.folder} was made against the real hosts.`
                : `Recording ${r.folder} does not say it was made against the demo sandbox.`,
            target: RECORDER,
          },
        ];
      if (input.profile.sample)
        return [{ status: 'pass', message: 'The sample submission is recorded against the demo sandbox, as it is meant to be.', target: RECORDER }];
      return [
        {
          status: 'fail',
          message: `Recording ${r.folder} was made against the built-in demo sandbox: its pages are stand-ins for Webitel and Facebook, and Meta's reviewers must see the real ones.`,
          fix: howTo(input, {
            app: 'Record again with "Built-in demo sandbox" off (Recorder), so the browsers open your Webitel host and Facebook.',
            cli: 'Record again without --sandbox: "review-assistant record --profile NAME".',
          }),
          target: RECORDER,
        },
      ];
    }),
};

/** Meta's own window for "at least one successful API call per requested permission" before submitting. */
const API_CALL_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * The take on the real hosts makes each permission's Graph call (the gateway lists the Pages,
 * subscribes the webhook, reads the customer's name, sends the reply: webitel/chat_manager
 * bot/facebook/client.go); Meta wants one within the 30 days before submitting.
 */
export const recordingRecentCalls: CheckRule = {
  id: 'recording.recent-api-calls',
  severity: 'warning',
  source: 'meta',
  title: 'The API calls of each permission are recent',
  run: (input) =>
    withRecording(input, (r) => {
      if (r.hosts === 'sandbox') return [{ status: 'skip', message: 'A recording against the demo sandbox makes no calls to Meta.', target: RECORDER }];
      const at = r.recordedAt ? Date.parse(r.recordedAt) : Number.NaN;
      if (Number.isNaN(at)) return [{ status: 'skip', message: `Recording ${r.folder} does not say when it was made.`, target: RECORDER }];
      const days = Math.floor(((input.now ?? new Date()).getTime() - at) / DAY_MS);
      const when = days <= 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
      if (days <= API_CALL_WINDOW_DAYS)
        return [
          {
            status: 'pass',
            message: `Recorded ${when}: its take made each permission's API call within Meta's ${API_CALL_WINDOW_DAYS} days.`,
            target: RECORDER,
          },
        ];
      return [
        {
          status: 'fail',
          message: `Recording ${r.folder} was made ${when}. Meta asks for at least one successful API call per requested permission within the ${API_CALL_WINDOW_DAYS} days before submitting; the calls of that take no longer count.`,
          fix: howTo(input, {
            app: 'Record again shortly before submitting (Recorder → Record), or let a real chat go through the gateway (a customer message, an operator reply) so that every call is made again.',
            cli: 'Record again shortly before submitting ("review-assistant record --profile NAME"), or let a real chat go through the gateway (a customer message, an operator reply) so that every call is made again.',
          }),
          target: RECORDER,
        },
      ];
    }),
};

export const RECORDING_RULES: CheckRule[] = [
  recordingDone,
  recordingRealHosts,
  recordingRecentCalls,
  videoFrames,
  videoCuts,
  clipPerPermission,
  startsLoggedOut,
  consentPageSelection,
  sceneCaptions,
  videoResolution,
  videoNoAudio,
  usedByScene,
];
