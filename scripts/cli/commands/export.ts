// The `export` command: writes the submission bundle (texts, videos, captions, checks, report) for Meta's form.
import path from 'node:path';
import { UserError } from '../../../app/common/errors';
import { exportSubmission } from '../../../app/review/export/index';
import { EXIT, type Command, type CommandContext } from '../command';
import { loadProfileForCommand } from '../store-context';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write the submission bundle: texts, videos, captions, checks and a printable report',
  usage: '--profile NAME --out DIR [--zip] [--recording RUN_FOLDER] [--force] [--json]',
  help: `
Writes everything Meta's App Review form asks for into DIR, in the form's order:
  README.md                      what to paste and upload where
  descriptions/<permission>.md   one description per permission
  reviewer-instructions.md       the reviewer instructions (the only file with the test logins)
  videos/demo.mp4, videos/<permission>.mp4, captions.srt   from the recording
  checks.md, checks.json         the submission checks
  report.html                    all of it on one page, with video frames; prints to PDF
The App Secret and the recording-only logins are never written; the bundle is scanned
for them before it is put in place, and nothing is written if one is found.

Options:
  --profile NAME           the submission
  --out DIR                the bundle folder (must not exist or be empty)
  --zip                    also write DIR.zip
  --recording RUN_FOLDER   use this run folder (default: the newest finished recording)
  --force                  replace DIR (and DIR.zip) when DIR is an earlier export (never another folder)
  --json                   print {folder, zip, files, ok} as JSON

Failed checks do not stop the export (the bundle's checks.md lists them); the exit code
is 1 when an error-level check failed, so scripts notice.

Example:
  review-assistant export --profile acme --out ./acme-review --zip
`,
  options: {
    profile: { type: 'string', short: 'p' },
    out: { type: 'string', short: 'o' },
    zip: { type: 'boolean' },
    recording: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(ctx: CommandContext): Promise<number> {
    if (ctx.args.length) throw new UserError('usage', `unexpected argument "${ctx.args[0]}"`, { hint: 'pass the folder as --out DIR' });
    const out = ctx.values.out as string | undefined;
    if (!out) throw new UserError('usage', 'where to? pass --out DIR', { hint: 'e.g. --out ./review-bundle' });
    const profile = await loadProfileForCommand(ctx, ctx.values.profile as string | undefined);
    const res = await exportSubmission({
      profile,
      dataDir: ctx.dataDir,
      outDir: path.resolve(out),
      zip: ctx.values.zip === true,
      force: ctx.values.force === true,
      recordingFolder: ctx.values.recording as string | undefined,
      signal: ctx.signal,
      onProgress: (p) => ctx.err(`[${Math.round(p.fraction * 100)}%] ${p.message}`),
    });
    if (ctx.json) ctx.outJson({ folder: res.folder, zip: res.zip, files: res.files, recording: res.recording, ok: res.report.ok, counts: res.report.counts });
    else {
      ctx.out(`Bundle: ${res.folder}${res.zip ? `\nZip:    ${res.zip}` : ''}`);
      ctx.out(
        res.recording
          ? `Videos from ${res.recording}`
          : 'No finished recording: the bundle has no videos (record first: review-assistant record --profile NAME)',
      );
      const c = res.report.counts;
      ctx.out(
        `Checks: ${c.errors} errors, ${c.warnings} warnings — ${res.report.ok ? 'open README.md and follow it' : 'see checks.md and fix the errors before submitting'}.`,
      );
    }
    return res.report.ok ? EXIT.ok : EXIT.failed;
  },
};
