// The `sandbox` command: runs the built-in Webitel, Facebook and Messenger stand-ins for exploring by hand until Ctrl-C.
import { UserError } from '../../../app/common/errors';
import { describeSandbox, formatSandboxDescription } from '../../../app/sandbox/describe';
import { sampleSeed, seedFromProfile } from '../../../app/sandbox/seed';
import { DEFAULT_WEBITEL_RELEASE, startSandbox, type WebitelBehaviours } from '../../../app/sandbox/server';
import { EXIT, type Command, type CommandContext } from '../command';
import { facebookOptions, FACEBOOK_OPTIONS, FACEBOOK_OPTIONS_HELP } from '../facebook-options';
import { loadProfileForCommand } from '../store-context';
import { WEBITEL_RELEASE_HELP, webitelReleaseOption } from '../webitel-release';

export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: 'Run the built-in demo sandbox (Webitel, Facebook and Messenger stand-ins) for exploring by hand',
  usage:
    '[--profile NAME] [--port N] [--webitel-release 26.04|26.06|26.08] [--webitel-2fa] [--webitel-password-change admin|operator] [--webitel-sso-only] [--webitel-admin-read-only] [--facebook-consent first-time|returning] [--cookie-banner] [--json]',
  help: `
Starts local stand-ins for a Webitel host (login, Agent Workspace, Admin chat gateways),
Facebook (login, the Facebook Login for Business consent of "Add or remove pages", and
Messenger at /messages/t/<page id>, the customer's chat with the Page) on 127.0.0.1, prints
their addresses and the logins, and runs until Ctrl-C. The recorder uses the same sandbox
with "review-assistant run --sandbox".

Each site has its own origin, http://webitel.localhost:PORT and http://facebook.localhost:PORT
(browsers resolve *.localhost to this computer); http://m.me.localhost:PORT/<username>
redirects to the Page's conversation on Facebook.

Options:
  --profile NAME      play this submission's world: its logins, gateway (App ID, URI) and
                      Pages; without it, the sample's. Passwords of a real profile are not
                      printed (the vault passphrase comes from REVIEW_ASSISTANT_PASSPHRASE
                      or a prompt).
  --port N            listen on this port (default: a free one)
  ${WEBITEL_RELEASE_HELP}
  --webitel-2fa       Webitel asks for a two-factor "Code" after the password (the sandbox
                      accepts 246810)
  --webitel-password-change W
                      Webitel wants a new password from admin or operator first (HTTP 412)
  --webitel-sso-only  the Webitel domain signs in only through its SSO provider
  --webitel-admin-read-only
                      the admin may view chat gateways but not change them (no "Add or remove
                      pages", the Webhook subscription switches disabled)
${FACEBOOK_OPTIONS_HELP}
  --json              print {urls, logins, gateway, pages} as JSON once started

Examples:
  review-assistant sandbox
  review-assistant sandbox --port 8080 --webitel-release 26.04
  review-assistant sandbox --webitel-release 26.08 --webitel-2fa
  review-assistant sandbox --profile acme
  review-assistant sandbox --facebook-consent returning --cookie-banner
`,
  options: {
    profile: { type: 'string', short: 'p' },
    port: { type: 'string' },
    'webitel-release': { type: 'string' },
    'login-form': { type: 'string' },
    'webitel-2fa': { type: 'boolean' },
    'webitel-password-change': { type: 'string' },
    'webitel-sso-only': { type: 'boolean' },
    'webitel-admin-read-only': { type: 'boolean' },
    ...FACEBOOK_OPTIONS,
  },
  async run(ctx: CommandContext): Promise<number> {
    if (ctx.args.length) throw new UserError('usage', `unexpected argument "${ctx.args[0]}"`, { hint: 'run "review-assistant sandbox --help"' });
    const portText = ctx.values.port as string | undefined;
    let port = 0;
    if (portText !== undefined) {
      port = Number(portText);
      if (!/^\d+$/.test(portText) || port > 65535)
        throw new UserError('usage', `--port must be a number from 0 to 65535, not "${portText}"`, { hint: 'leave --port out to use a free port' });
    }
    const release = webitelReleaseOption(ctx.values) ?? DEFAULT_WEBITEL_RELEASE;
    const change = ctx.values['webitel-password-change'] as string | undefined;
    if (change !== undefined && change !== 'admin' && change !== 'operator') {
      throw new UserError('usage', `--webitel-password-change must be admin or operator, not "${change}"`, {
        hint: 'name the login that must change its password',
      });
    }
    const webitel: WebitelBehaviours = {
      ...(ctx.values['webitel-2fa'] ? { tfa: true } : {}),
      ...(change ? { forcePasswordChange: [change] } : {}),
      ...(ctx.values['webitel-sso-only'] ? { ssoOnly: true } : {}),
      ...(ctx.values['webitel-admin-read-only'] ? { adminReadOnly: true } : {}),
    };
    const fb = facebookOptions(ctx, true);
    const profileName = ctx.values.profile as string | undefined;
    const profile = profileName !== undefined ? await loadProfileForCommand(ctx, profileName) : undefined;
    const seed = profile ? seedFromProfile(profile) : sampleSeed();

    ctx.signal.throwIfAborted();
    // Fake logins (the sample's) may be shown; a real profile's passwords may not.
    const showPasswords = !profile || profile.sample;
    const sb = await startSandbox({ seed, port, webitelRelease: release, webitel, ...fb, showPasswordsOnIndex: showPasswords, log: (line) => ctx.err(line) });
    try {
      const d = describeSandbox(sb, { showPasswords });
      if (ctx.json) ctx.outJson(d);
      else ctx.out(formatSandboxDescription(d));
      await new Promise<void>((resolve) => {
        if (ctx.signal.aborted) return resolve();
        ctx.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      await sb.close();
    }
    return EXIT.ok;
  },
};
