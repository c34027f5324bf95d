// `review-assistant doctor`: checks the Webitel host, the logins and this computer before a recording.
import { UserError } from '../../../app/common/errors';
import { formatDoctorReport, runDoctor } from '../../../app/doctor/doctor';
import { seedFromProfile } from '../../../app/sandbox/seed';
import { startSandbox } from '../../../app/sandbox/server';
import { EXIT, type Command, type CommandContext } from '../command';
import { loadProfileForCommand } from '../store-context';
import { WEBITEL_RELEASE_HELP, webitelReleaseOption } from '../webitel-release';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check the Webitel host, the logins and this computer before recording',
  usage: '--profile NAME [--sandbox] [--webitel-release 26.04|26.06|26.08] [--browser PATH] [--json]',
  help: `
Checks what a recording needs, each finding ok, warning or error with what to do:
  - the Webitel host answers over https;
  - which Webitel release and login form it serves (read from its public files);
  - the admin and operator logins have the name@domain form, and the host knows the domain
    (and whether it asks for a two-factor code or signs in only through SSO);
  - a browser, ffmpeg, the screen capture's Xvfb (Linux) and free disk;
  - that no other recording or compose runs with this data folder (one at a time).
Exit code 0 when there is no error (warnings allowed), 1 otherwise.

Options:
  --profile NAME       the submission to check
  --sandbox            check against the built-in sandbox instead of the profile's host
                       (always on for the sample profile)
  ${WEBITEL_RELEASE_HELP}
  --browser PATH       the browser to check for (else REVIEW_ASSISTANT_BROWSER, else the installed one)
  --json               print {ok, findings: [{id, level, title, detail, todo}]}

Examples:
  review-assistant doctor --profile acme
  review-assistant doctor --profile sample --webitel-release 26.04 --json
`,
  options: {
    profile: { type: 'string', short: 'p' },
    sandbox: { type: 'boolean' },
    'webitel-release': { type: 'string' },
    'login-form': { type: 'string' },
    browser: { type: 'string' },
  },
  async run(ctx: CommandContext): Promise<number> {
    if (ctx.args.length) throw new UserError('usage', `unexpected argument "${ctx.args[0]}"`, { hint: 'pass the submission as --profile NAME' });
    const release = webitelReleaseOption(ctx.values);
    const profile = await loadProfileForCommand(ctx, ctx.values.profile as string | undefined);
    const useSandbox = ctx.values.sandbox === true || profile.sample;
    if (release && !useSandbox)
      throw new UserError('usage', '--webitel-release chooses the release the sandbox draws; it needs --sandbox', {
        hint: 'doctor reads the release of a real host from its files',
      });
    const browser = ctx.values.browser as string | undefined;
    let report;
    if (useSandbox) {
      const seed = seedFromProfile(profile);
      const sb = await startSandbox({ seed, ...(release ? { webitelRelease: release } : {}) });
      try {
        // As in a sandbox run: the sandbox's own logins are the ones typed.
        const p = structuredClone(profile);
        p.recording.webitelAdmin.login = seed.webitel.admin.login;
        p.reviewer.operator.login = seed.webitel.operator.login;
        report = await runDoctor({
          profile: p,
          dataDir: ctx.dataDir,
          env: ctx.env,
          sandbox: { origin: sb.origins.webitel, release: sb.webitelRelease },
          ...(browser ? { browserPath: browser } : {}),
        });
      } finally {
        await sb.close();
      }
    } else {
      report = await runDoctor({ profile, dataDir: ctx.dataDir, env: ctx.env, ...(browser ? { browserPath: browser } : {}) });
    }
    if (ctx.json) ctx.outJson(report);
    else ctx.out(formatDoctorReport(report));
    return report.ok ? EXIT.ok : EXIT.failed;
  },
};
