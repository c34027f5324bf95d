// The `texts` command: prints or writes the App Review texts of a submission.
import path from 'node:path';
import { writeFileAtomic } from '../../../app/common/atomic-write';
import { UserError, type FieldIssue } from '../../../app/common/errors';
import { missingFields } from '../../../app/profile/validate';
import type { Profile } from '../../../app/profile/schema';
import { exportTexts, renderTextsMarkdown, resolveTexts, textFiles, textsMissingFields } from '../../../app/review/texts';
import { EXIT, type Command, type CommandContext } from '../command';
import { loadProfileForCommand } from '../store-context';

/** The profile's own completeness rules for texts, plus what the texts need beyond them. */
export function textsMissing(p: Profile): FieldIssue[] {
  const out = missingFields(p, 'texts');
  const seen = new Set(out.map((i) => i.field));
  for (const i of textsMissingFields(p)) if (!seen.has(i.field)) out.push(i);
  return out;
}

export const textsCommand: Command = {
  name: 'texts',
  summary: 'Print or write the App Review texts of a submission',
  usage: '--profile NAME [--format md|json] [--out DIR]',
  help: `
Writes the texts to paste into Meta's App Review form, from the submission's profile,
with your edits (overrides) applied:
  - one usage description per requested permission,
  - the reviewer instructions (the only text that holds the reviewer's test logins),
  - the Meta-side setup notes (what to enter in the app dashboard).
The App Secret and the recording-only logins are never written into any of them.

Options:
  --profile NAME     the submission (see "review-assistant profile list")
  --format md|json   md (default): a readable document; json: exactly
                     {"descriptions": {"<permission>": "..."}, "reviewerInstructions": "...", "setupNotes": "..."}
  --json             same as --format json
  --out DIR          write files instead of printing: md → DIR/descriptions/<permission>.md,
                     DIR/reviewer-instructions.md, DIR/setup-notes.md; json → DIR/texts.json
                     (files are readable by you only: the instructions hold test passwords)

Fails (exit 1) listing the fields still empty that the texts need.
The vault passphrase comes from REVIEW_ASSISTANT_PASSPHRASE or a prompt.

Examples:
  review-assistant texts --profile sample
  review-assistant texts --profile sample --json
  review-assistant texts --profile acme --out ./review-texts
`,
  options: {
    profile: { type: 'string', short: 'p' },
    format: { type: 'string' },
    out: { type: 'string' },
  },
  async run(ctx: CommandContext): Promise<number> {
    const format = formatOf(ctx);
    if (ctx.args.length) throw new UserError('usage', `unexpected argument "${ctx.args[0]}"`, { hint: 'pass the submission as --profile NAME' });
    const profile = await loadProfileForCommand(ctx, ctx.values.profile as string | undefined);

    const missing = textsMissing(profile);
    if (missing.length) {
      throw new UserError('validation', `the submission "${profile.name}" lacks ${missing.length} field${missing.length > 1 ? 's' : ''} the texts need`, {
        issues: missing,
        hint: `fill them with "review-assistant profile set ${profile.name} FIELD=VALUE" (or in the app), then run this again`,
      });
    }

    const resolved = resolveTexts(profile);
    for (const t of resolved) {
      if (t.stale) ctx.err(`note: ${t.id}: the generated text changed since your edit; compare them in the app, or reset the edit`);
    }

    const outDir = ctx.values.out as string | undefined;
    if (outDir !== undefined) {
      if (!outDir) throw new UserError('usage', '--out needs a folder', { hint: 'e.g. --out ./review-texts' });
      const files = format === 'json' ? new Map([['texts.json', JSON.stringify(exportTexts(profile), null, 2) + '\n']]) : textFiles(resolved);
      for (const [rel, content] of files) {
        ctx.signal.throwIfAborted();
        const file = path.resolve(outDir, rel);
        try {
          await writeFileAtomic(file, content);
        } catch (e) {
          throw new UserError('io', `could not write ${file}: ${(e as Error).message}`, { hint: 'choose a folder you can write to', cause: e });
        }
        ctx.err(`wrote ${file}`);
      }
      return EXIT.ok;
    }

    if (format === 'json') {
      ctx.outJson(exportTexts(profile));
      return EXIT.ok;
    }
    ctx.out(renderTextsMarkdown(resolved, `App Review texts: ${profile.metaApp.name} (${profile.name})`));
    return EXIT.ok;
  },
};

function formatOf(ctx: CommandContext): 'md' | 'json' {
  const f = ctx.values.format;
  if (f !== undefined && f !== 'md' && f !== 'json') {
    throw new UserError('usage', `unknown --format "${String(f)}"`, { hint: 'use --format md or --format json' });
  }
  if (ctx.json && f === 'md') throw new UserError('usage', '--json and --format md contradict each other', { hint: 'pass one of them' });
  return ctx.json || f === 'json' ? 'json' : 'md';
}
