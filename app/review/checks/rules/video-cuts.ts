// recording.cuts: says which waits the video leaves out (a hand-over's search, a long page load), so whoever submits knows what was edited.
import { clockText } from '../../../recorder/inspect/lane-frames';
import type { CheckRule } from '../types';

const RECORDER = { screen: 'recorder' } as const;

export const videoCuts: CheckRule = {
  id: 'recording.cuts',
  severity: 'info',
  source: 'app',
  title: 'Waits left out of the video',
  run(input) {
    const r = input.recording;
    if (!r?.demo) return [{ status: 'skip', message: 'No video yet.', target: RECORDER }];
    if (!r.cuts)
      return [{ status: 'skip', message: 'This video was composed before waits could be shortened: it shows every wait as recorded.', target: RECORDER }];
    if (!r.cuts.length) return [{ status: 'pass', message: 'Nothing was left out: the video shows every wait as it was recorded.', target: RECORDER }];
    const total = r.cuts.reduce((a, c) => a + c.removedSec, 0);
    const each = r.cuts.map(
      (c) =>
        `${c.reason === 'assisted' ? `step "${c.stepId}", done by hand` : `a long wait in step "${c.stepId}"`}: ${c.removedSec.toFixed(1)} s at ${clockText(c.atSec)}`,
    );
    return [
      {
        status: 'pass',
        message: `The video leaves out ${total.toFixed(1)} s of waiting (${each.join('; ')}). Each cut keeps the step's caption, cross-fades both lanes at once, and captions, chapters and clips follow it.`,
        target: RECORDER,
      },
    ];
  },
};
