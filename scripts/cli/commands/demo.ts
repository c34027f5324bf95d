// The `demo` command: records the sample submission against the demo sandbox, creating the sample first if needed.
import { isUserError } from '../../../app/common/errors';
import { SAMPLE_NAME, sampleProfile } from '../../../app/profile/sample';
import type { Profile } from '../../../app/profile/schema';
import { recordProfile } from '../../../app/recorder/record';
import { EXIT, type Command, type CommandContext } from '../command';
import { openStore, PASSPHRASE_ENV } from '../store-context';
import { canvasOption } from './record';
import { isBrokenTake, jobPrinter, printBrokenTake, printResult } from './record-output';
import { defaultScenario } from '../../../app/recorder/scenarios/index';

/** The sample submission from the store, created first when missing. */
async function sampleSubmission(ctx: CommandContext): Promise<Profile> {
  const store = await openStore(ctx);
  try {
    if (!(await store.exists(SAMPLE_NAME))) {
      ctx.err(`Creating the sample submission "${SAMPLE_NAME}" (it points at the built-in demo sandbox)…`);
      return await store.create(undefined, { sample: true });
    }
    return await store.load(SAMPLE_NAME);
  } catch (e) {
    // The vault needs a passphrase; with no terminal and no REVIEW_ASSISTANT_PASSPHRASE the demo
    // still runs from the built-in sample (its logins are the sandbox's fake ones).
    if (isUserError(e) && e.kind === 'usage' && !ctx.env[PASSPHRASE_ENV]) {
      ctx.err(`note: could not open the saved sample (${e.message}); recording the built-in sample instead`);
      return sampleProfile();
    }
    throw e;
  }
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Record the sample submission against the demo sandbox (headless) and print the files',
  usage: '[--canvas 1920|1440] [--json]',
  help: `
The quickest way to see what the app makes: creates the sample submission if it is
missing, starts the built-in demo sandbox (local stand-ins for Webitel, Facebook and
Messenger, no accounts needed), records the whole demo headless and prints the paths of
the video, the captions and the per-permission clips.

Creating the sample stores it in the vault: the passphrase comes from
${PASSPHRASE_ENV} or a prompt.

Options:
  --canvas 1920|1440   1920×1080 (default) or 1440×810
  --json               print the result (the files) as JSON

Same as: review-assistant profile create --sample
         review-assistant record --profile sample --sandbox --headless
`,
  options: { canvas: { type: 'string' } },
  async run(ctx) {
    const canvas = canvasOption(ctx);
    const profile = await sampleSubmission(ctx);
    const scenario = defaultScenario();
    const printer = jobPrinter(ctx, 'record', { steps: scenario.steps.length, lanes: scenario.lanes.map((l) => ({ laneId: l.id, title: l.title })) });
    const r = await recordProfile({
      profile,
      dataDir: ctx.dataDir,
      sandbox: true,
      headless: true,
      scenario,
      ...(canvas ? { canvas } : {}),
      signal: ctx.signal,
      env: ctx.env,
      onProgress: printer.onProgress,
      onEvent: printer.onEvent,
    });
    printResult(ctx, r);
    printBrokenTake(ctx, r);
    if (isBrokenTake(r)) return EXIT.failed;
    if (!ctx.json) ctx.out('\nWatch demo.mp4; the clips are what you upload per permission in App Review.');
    return EXIT.ok;
  },
};
