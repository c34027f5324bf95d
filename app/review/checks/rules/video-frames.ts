// recording.frames: the video's own pictures show every lane's page whole, never blank or frozen (the frame check, recorder/inspect).
import type { FrameFinding, FrameFindingKind } from '../../../recorder/inspect/frame-check-schema';
import { clockText, laneName } from '../../../recorder/inspect/lane-frames';
import { howTo, type CheckRule, type CheckSurface, type RuleOutcome } from '../types';

const RECORDER = { screen: 'recorder' } as const;

const RECORD_AGAIN = 'Record again, and leave the browsers alone while it records: nothing may screenshot, zoom or resize their pages.';

/** What each kind of finding means for the take, and what to do about it. */
const SAYS: Record<FrameFindingKind, { what: (who: string, when: string, steps: number) => string; fix: string | Record<CheckSurface, string> }> = {
  underfill: {
    what: (who, when) =>
      `${who}'s page fills only the top-left part of its lane ${when}, the rest of the lane one flat colour: the page was drawn smaller than its window, and a reviewer cannot read it. The take is broken`,
    fix: `Watch demo.mp4 at those times to see it. ${RECORD_AGAIN} README, Troubleshooting: "a lane's page fills only part of its lane".`,
  },
  blank: {
    what: (who, when) => `${who} is blank (one flat colour) ${when}: a reviewer sees nothing there. The take is broken`,
    fix: `Watch demo.mp4 at those times. ${RECORD_AGAIN} If the lane stays blank again, open its address in a browser: the site may be down, or need a step the scenario lacks.`,
  },
  frozen: {
    what: (who, when, steps) =>
      `${who}'s picture does not change ${when}, while ${steps} steps act on it: the recording stopped following that browser. The take is broken`,
    fix: `${RECORD_AGAIN} If it freezes again, close other programs (the machine may be too busy) and see README, Troubleshooting.`,
  },
  'video-frozen': {
    what: (who, when, steps) => `${who} stands still ${when}, while ${steps} steps start. The take is broken`,
    fix: {
      app: 'Record again (Recorder → Record); if the video stands still again, close other programs while it records.',
      cli: 'Compose the run again ("review-assistant compose RUN_FOLDER"); if the video still stands still, record again.',
    },
  },
};

/** "from 0:07 to 0:23 and from 0:44 to 1:46" */
function whenText(list: FrameFinding[]): string {
  return list.map((f) => `from ${clockText(f.fromSec)} to ${clockText(f.toSec)}`).join(' and ');
}

export const videoFrames: CheckRule = {
  id: 'recording.frames',
  severity: 'error',
  source: 'app',
  title: "The video's pictures show every lane's page whole, never blank or frozen",
  run(input) {
    const r = input.recording;
    if (!r) return [{ status: 'skip', message: 'No recording yet.', target: RECORDER }];
    if (!r.demo) return [{ status: 'skip', message: 'No video to look at (recording.done says why).', target: RECORDER }];
    const check = r.frames?.check;
    if (!check) return [{ status: 'skip', message: `The video's pictures were not checked${r.frames?.note ? `: ${r.frames.note}` : ''}.`, target: RECORDER }];
    if (check.ok || check.findings.length === 0)
      return [
        {
          status: 'pass',
          message: `${check.samples} pictures of the ${clockText(check.video.durationSec)} video checked: every lane's page fills its lane, none is blank or frozen.`,
          target: RECORDER,
        },
      ];
    const titles = new Map(check.lanes.map((l) => [l.id, l.title]));
    const groups = new Map<string, FrameFinding[]>();
    for (const f of check.findings) {
      const key = `${f.laneId ?? 'video'}:${f.kind}`;
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    return [...groups.entries()].map(([subject, list]): RuleOutcome => {
      const first = list[0]!;
      const who = first.laneId ? `The ${laneName(titles.get(first.laneId) ?? first.laneId, first.laneId)} lane` : 'The video';
      const says = SAYS[first.kind];
      return {
        subject,
        status: 'fail',
        message: `${says.what(
          who,
          whenText(list),
          list.reduce((a, f) => a + (f.steps ?? 0), 0),
        )}; do not upload it.`,
        fix: typeof says.fix === 'string' ? says.fix : howTo(input, says.fix),
        target: RECORDER,
      };
    });
  },
};
