// The `check` command: checks a submission for the reasons Meta rejects App Review requests, optionally with the pre-flight.
import { UserError } from '../../../app/common/errors';
import { formatCheckTable } from '../../../app/review/checks/format';
import { checkSubmission } from '../../../app/review/checks/submission';
import { EXIT, type Command, type CommandContext } from '../command';
import { loadProfileForCommand, openStore } from '../store-context';

/** `test-user=yes|no` → the answer; anything else is a usage error. */
export function parseAnswers(values: string[]): { testUser?: boolean } {
  const out: { testUser?: boolean } = {};
  for (const v of values) {
    const m = /^test-user=(yes|no)$/i.exec(v.trim());
    if (!m?.[1]) throw new UserError('usage', `unknown answer "${v}"`, { hint: 'use --answer test-user=yes or --answer test-user=no' });
    out.testUser = m[1].toLowerCase() === 'yes';
  }
  return out;
}

/** An http(s) base URL for one of the pre-flight's reads, which only makes sense with --preflight. */
function preflightUrl(ctx: CommandContext, flag: 'graph-url' | 'mme-url', example: string): string | undefined {
  const value = ctx.values[flag] as string | undefined;
  if (value === undefined) return undefined;
  try {
    const u = new URL(value);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
  } catch {
    throw new UserError('usage', `--${flag} "${value}" is not an http(s) URL`, { hint: `e.g. --${flag} ${example}` });
  }
  if (!ctx.values.preflight)
    throw new UserError('usage', `--${flag} needs --preflight`, {
      hint: `add --preflight: the pre-flight ${flag === 'graph-url' ? 'reads the app through the Graph API' : 'asks where m.me/<page> lands'}`,
    });
  return value;
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check a submission for the reasons Meta rejects App Review requests',
  usage: '--profile NAME [--preflight] [--graph-url URL] [--mme-url URL] [--recording RUN_FOLDER] [--answer test-user=yes|no] [--json]',
  help: `
Runs every submission check and prints a table: each description is its own and names
the Webitel feature, the reviewer instructions are numbered English steps with the
Webitel URL, both test logins and the trigger message, the Facebook login is a Test
User, the recording (the newest finished one, or --recording) starts logged out, shows
the consent with Page selection, has captions in every scene, is 1080p without audio,
has one clip per permission, no permission is requested "for later", the access levels
fit the deployment, the privacy policy URL is https.

Options:
  --profile NAME            the submission
  --preflight               also read the Meta app through the Graph API with the app
                            token (App ID|App Secret): settings, Deauthorize Callback
                            URL, Page webhook, testers, permissions
  --graph-url URL           Graph API base URL (default https://graph.facebook.com;
                            the API version is the profile's gateway.apiVersion)
  --mme-url URL             where the pre-flight asks whether the Page's m.me link
                            still opens a conversation (default https://m.me)
  --recording RUN_FOLDER    judge this run folder instead of the newest finished one
  --answer test-user=yes|no record whether the Facebook login given to the reviewer is
                            a Facebook Test User (saved in the profile), then check
  --json                    print the report as JSON

Each result says which rule it is: Meta's, Webitel's, or recommended by this app.
Exit code 1 when an error-level check fails (warnings do not fail), 0 otherwise.

Examples:
  review-assistant check --profile sample
  review-assistant check --profile acme --preflight --answer test-user=yes
`,
  options: {
    profile: { type: 'string', short: 'p' },
    preflight: { type: 'boolean' },
    'graph-url': { type: 'string' },
    'mme-url': { type: 'string' },
    recording: { type: 'string' },
    answer: { type: 'string', multiple: true },
  },
  async run(ctx: CommandContext): Promise<number> {
    if (ctx.args.length) throw new UserError('usage', `unexpected argument "${ctx.args[0]}"`, { hint: 'pass the submission as --profile NAME' });
    const answers = parseAnswers((ctx.values.answer as string[] | undefined) ?? []);
    const graphUrl = preflightUrl(ctx, 'graph-url', 'https://graph.facebook.com');
    const mmeUrl = preflightUrl(ctx, 'mme-url', 'https://m.me');
    let profile = await loadProfileForCommand(ctx, ctx.values.profile as string | undefined);
    if (answers.testUser !== undefined) {
      profile.reviewer.facebookTestUser.isTestUser = answers.testUser;
      profile = await (await openStore(ctx)).save(profile);
      ctx.err(`Recorded: the Facebook login is ${answers.testUser ? '' : 'not '}a Facebook Test User.`);
    }
    const { report, recording } = await checkSubmission({
      profile,
      dataDir: ctx.dataDir,
      recordingFolder: ctx.values.recording as string | undefined,
      preflight: ctx.values.preflight ? { baseUrl: graphUrl, mmeUrl, signal: ctx.signal, onProgress: (p) => ctx.err(p.message) } : undefined,
    });
    if (ctx.json) ctx.outJson({ ...report, recording: recording?.folder ?? null });
    else {
      ctx.err(recording ? `Recording: ${recording.folder}` : 'Recording: none finished yet');
      ctx.out(formatCheckTable(report));
    }
    return report.ok ? EXIT.ok : EXIT.failed;
  },
};
