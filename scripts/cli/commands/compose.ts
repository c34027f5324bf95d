// The `compose` command: composes a recorded run again (video, captions, chapters, clips) without recording.
import path from 'node:path';
import { UserError } from '../../../app/common/errors';
import { recompose } from '../../../app/recorder/compose/compose';
import { EXIT, type Command } from '../command';
import { canvasOption, waitsHelp, waitsOption, WAITS_OPTIONS } from './record';
import { jobPrinter, printResult } from './record-output';

export const composeCommand: Command = {
  name: 'compose',
  summary: 'Compose a recorded run again (video, captions, chapters, clips) without recording',
  usage: 'RUN_FOLDER [--canvas 1920|1440] [--jobs N] [--ffmpeg PATH] [--keep-waits|--compress-waits] [--json]',
  help: `
Rebuilds demo.mp4, captions.srt, chapters.json, the clips and the step pictures of a run
folder from its lane recordings and manifest.json, e.g. after a caption fix or to switch
the canvas size. The run's lane recordings are not touched. Segments of the video whose
pictures did not change (segments/, each with its key) are kept, so after a caption fix
only the part of the video around that caption is composed again. Without --keep-waits or
--compress-waits the run's own choice (the one it was recorded or last composed with) holds.

Options:
  --canvas 1920|1440   canvas size (default: the one the run was recorded with)
  --jobs N             segments composed at once (default 1; each takes ~350 MB at 1080p
                       and already uses two cores, its lanes decoded by their own ffmpeg:
                       more jobs help on machines with more than two cores)
  --ffmpeg PATH        ffmpeg to use (also REVIEW_ASSISTANT_FFMPEG)
${waitsHelp(23)}
  --json               print the result (the files) as JSON

Example:
  review-assistant compose "~/.config/App Review Assistant/recordings/sample/2026-11-25T04-07-15-123Z"
`,
  options: { canvas: { type: 'string' }, ffmpeg: { type: 'string' }, jobs: { type: 'string' }, ...WAITS_OPTIONS },
  async run(ctx) {
    const dir = ctx.args[0];
    if (!dir || ctx.args.length > 1)
      throw new UserError('usage', dir ? `unexpected argument "${ctx.args[1]}"` : 'which run? pass the RUN_FOLDER', {
        hint: 'run folders are under <data>/recordings/<profile>/',
      });
    const canvas = canvasOption(ctx);
    const waits = waitsOption(ctx);
    const jobs = ctx.values.jobs === undefined ? 1 : Number(ctx.values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16)
      throw new UserError('usage', `--jobs must be a whole number from 1 to 16, not "${String(ctx.values.jobs)}"`);
    const manifest = await recompose(path.resolve(dir), {
      ...(canvas ? { canvas } : {}),
      ...(waits ? { waits } : {}),
      jobs,
      ...(ctx.values.ffmpeg ? { ffmpegPath: ctx.values.ffmpeg as string } : {}),
      signal: ctx.signal,
      onProgress: (
        (p) => (s: 'compose' | 'clips' | 'steps', f: number, message: string) =>
          p({ stage: s === 'steps' ? 'pictures' : s, fraction: f, message })
      )(jobPrinter(ctx, 'compose').onProgress),
    });
    printResult(ctx, { dir: path.resolve(dir), manifest });
    return EXIT.ok;
  },
};
