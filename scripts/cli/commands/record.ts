// The `record` command: records a submission's demo as a split-screen MP4 with captions and one clip per permission.
import { UserError } from '../../../app/common/errors';
import { CAPTURE_METHOD_IDS } from '../../../app/recorder/capture/choose';
import { recordProfile } from '../../../app/recorder/record';
import { loadScenario } from '../../../app/recorder/scenario/load';
import { defaultScenario } from '../../../app/recorder/scenarios/index';
import { EXIT, type Command, type CommandContext } from '../command';
import { facebookOptions, FACEBOOK_OPTIONS, FACEBOOK_OPTIONS_HELP } from '../facebook-options';
import { terminalHandOver } from '../hand-over-prompt';
import { loadProfileForCommand } from '../store-context';
import { refuseOnErrors, runDoctor } from '../../../app/doctor/doctor';
import { WEBITEL_RELEASE_HELP, webitelReleaseOption } from '../webitel-release';
import { isBrokenTake, jobPrinter, printBrokenTake, printResult } from './record-output';
import type { WaitsMode } from '../../../app/recorder/run-folder';

export function canvasOption(ctx: CommandContext): 1920 | 1440 | undefined {
  const v = ctx.values.canvas as string | undefined;
  if (v === undefined) return undefined;
  if (v === '1920' || v === '1440') return Number(v) as 1920 | 1440;
  throw new UserError('usage', `--canvas must be 1920 or 1440, not "${v}"`, {
    hint: '1920 gives 1920×1080; 1440 gives 1440×810 (Meta advises at most 1440 px wide)',
  });
}

/** --keep-waits / --compress-waits: which waits the video shortens (compose/time-map.ts); undefined when neither is given. */
export function waitsOption(ctx: CommandContext): WaitsMode | undefined {
  const keep = ctx.values['keep-waits'] === true;
  const all = ctx.values['compress-waits'] === true;
  if (keep && all)
    throw new UserError('usage', '--keep-waits and --compress-waits contradict each other', {
      hint: '--keep-waits shows every wait as it was; --compress-waits also shortens long page loads; give one',
    });
  return keep ? 'keep' : all ? 'all' : undefined;
}

export const WAITS_OPTIONS = { 'keep-waits': { type: 'boolean' }, 'compress-waits': { type: 'boolean' } } as const;

/** The help lines of the two options, their descriptions starting at column `col` (record's and compose's differ). */
export function waitsHelp(col: number): string {
  const opt = (name: string) => `  ${name}`.padEnd(col);
  const more = ' '.repeat(col);
  return [
    `${opt('--keep-waits')}show every wait as it was recorded (by default the time you`,
    `${more}spent on a step handed to you is cut to its first and last`,
    `${more}1.5 s, with a short cross-fade, in both lanes alike)`,
    `${opt('--compress-waits')}also shorten long waits of the page: a goto, click, waitFor or`,
    `${more}expect step that took more than 6 s keeps its first and last 1.5 s`,
  ].join('\n');
}

export function methodOption(ctx: CommandContext): string | undefined {
  const v = ctx.values.capture as string | undefined;
  if (v === undefined) return undefined;
  if (v === 'auto' || CAPTURE_METHOD_IDS.includes(v)) return v;
  throw new UserError('usage', `--capture must be auto, ${CAPTURE_METHOD_IDS.join(', ')}, not "${v}"`, {
    hint: "leave it out: auto reads a virtual screen per lane when headless on Linux with Xvfb, else uses Chrome's recorder (the screencast when the browser has none)",
  });
}

export const recordCommand: Command = {
  name: 'record',
  summary: 'Record the demo of a submission: split-screen MP4, captions, one clip per permission',
  usage:
    '--profile NAME [--sandbox] [--headless] [--webitel-release 26.04|26.06|26.08] [--facebook-consent first-time|returning] [--cookie-banner] [--canvas 1920|1440] [--scenario FILE] [--capture auto|display|chrome-recorder|screencast] [--ffmpeg PATH] [--keep-waits|--compress-waits] [--json]',
  help: `
Plays the scenario in two browsers (Webitel operator on the left, the Facebook/Messenger
customer on the right), records each one, and composes a captioned 30 fps H.264 video:
title card, a chapter card per scene, each lane's address strip, the step captions.
Then cuts one clip per requested permission.

Everything goes to <data>/recordings/<profile>/<timestamp>/:
  demo.mp4, clips/<permission>.mp4, captions.srt, chapters.json, steps/NN-<step>.png,
  lanes/ (the raw lane recordings), manifest.json (status, timeline, settings).
A failed or cancelled run keeps its folder (status failed/cancelled in manifest.json) as evidence.
At the end the finished video's pictures are checked (manifest.json "frames"): a lane whose
page fills only part of it, a blank lane or a frozen picture makes a broken take. Its files
are still written; a warning says what is wrong and when, and the exit code is 1.

With visible windows (no --headless), a step whose element is not found is handed to you
(">>> Your turn …": do it in that window; Enter = done, q = stop) and the recording goes on;
"review-assistant scenario suggest RUN_FOLDER" then learns what you clicked. The video
keeps that step's caption and the first and last 1.5 s of your time on it; the rest is cut
(the same in both lanes; captions, chapters and clips follow), unless --keep-waits.

Before recording it runs the checks of "review-assistant doctor" (for the sandbox: only this
computer's) and refuses to start on an error.

Options:
  --profile NAME        the submission (see "review-assistant profile list")
  --sandbox             play against the built-in demo sandbox instead of the real hosts
  --headless            no visible windows (default: visible, so you can step in when
                        Facebook asks for a code)
  ${WEBITEL_RELEASE_HELP}
  --canvas 1920|1440    1920×1080 (default) or 1440×810
  --scenario FILE       a scenario file instead of the built-in one
  --capture METHOD      auto (default), display, chrome-recorder or screencast:
                        display (headless on Linux, needs Xvfb) gives each browser a
                        virtual screen that ffmpeg reads; auto uses it when it can,
                        else Chrome's own recorder
  --ffmpeg PATH         ffmpeg to use (also REVIEW_ASSISTANT_FFMPEG)
${waitsHelp(24)}
${FACEBOOK_OPTIONS_HELP}
  --json                print the result (the files) as JSON

Examples:
  review-assistant record --profile sample --sandbox --headless
  review-assistant record --profile acme --canvas 1440
  review-assistant record --profile sample --headless --facebook-consent returning
`,
  options: {
    profile: { type: 'string', short: 'p' },
    sandbox: { type: 'boolean' },
    headless: { type: 'boolean' },
    'webitel-release': { type: 'string' },
    'login-form': { type: 'string' },
    canvas: { type: 'string' },
    scenario: { type: 'string' },
    capture: { type: 'string' },
    ffmpeg: { type: 'string' },
    ...WAITS_OPTIONS,
    ...FACEBOOK_OPTIONS,
  },
  async run(ctx) {
    if (ctx.args.length) throw new UserError('usage', `unexpected argument "${ctx.args[0]}"`, { hint: 'pass the submission as --profile NAME' });
    const canvas = canvasOption(ctx);
    const captureMethod = methodOption(ctx);
    const waits = waitsOption(ctx);
    const release = webitelReleaseOption(ctx.values);
    const profile = await loadProfileForCommand(ctx, ctx.values.profile as string | undefined);
    if (release && !(ctx.values.sandbox || profile.sample)) {
      throw new UserError('usage', '--webitel-release chooses the release the sandbox draws; it needs --sandbox', {
        hint: 'the scenario handles the release of a real Webitel host by itself',
      });
    }
    // The same checks as "review-assistant doctor" first: a recording that cannot succeed does not start.
    const sandboxed = ctx.values.sandbox === true || profile.sample;
    const doctor = await runDoctor({
      profile,
      dataDir: ctx.dataDir,
      env: ctx.env,
      machineOnly: sandboxed,
      ...(ctx.values.ffmpeg ? { ffmpegPath: ctx.values.ffmpeg as string } : {}),
    });
    for (const f of doctor.findings) if (f.level === 'warning') ctx.err(`warning: ${f.title}: ${f.detail}${f.todo ? ` (${f.todo})` : ''}`);
    refuseOnErrors(doctor, 'run "review-assistant doctor --profile NAME" for details');
    const scenario = ctx.values.scenario ? await loadScenario(ctx.values.scenario as string) : defaultScenario();
    const printer = jobPrinter(ctx, 'record', { steps: scenario.steps.length, lanes: scenario.lanes.map((l) => ({ laneId: l.id, title: l.title })) });
    const fb = facebookOptions(ctx, ctx.values.sandbox === true || profile.sample);
    const r = await recordProfile({
      profile,
      ...fb,
      dataDir: ctx.dataDir,
      sandbox: ctx.values.sandbox === true,
      ...(release ? { webitelRelease: release } : {}),
      headless: ctx.values.headless === true,
      scenario,
      ...(canvas ? { canvas } : {}),
      ...(captureMethod ? { captureMethod } : {}),
      ...(waits ? { waits } : {}),
      ...(ctx.values.ffmpeg ? { ffmpegPath: ctx.values.ffmpeg as string } : {}),
      signal: ctx.signal,
      env: ctx.env,
      onProgress: printer.onProgress,
      onEvent: printer.onEvent,
      onManual: (prompt) => ctx.err(`\n>>> Your turn: ${prompt}\n`),
      handOver: terminalHandOver(ctx),
    });
    printResult(ctx, r);
    const learnt = r.manifest.timeline.filter((e) => e.type === 'assist-ended' && e.target).length;
    if (learnt) {
      const from = ctx.values.scenario ? ` --scenario ${JSON.stringify(ctx.values.scenario)}` : '';
      ctx.err(
        `You did ${learnt} step${learnt === 1 ? '' : 's'} by hand. To learn them: review-assistant scenario suggest ${JSON.stringify(r.dir)}${from} --out FILE`,
      );
    }
    printBrokenTake(ctx, r);
    return isBrokenTake(r) ? EXIT.failed : EXIT.ok;
  },
};
