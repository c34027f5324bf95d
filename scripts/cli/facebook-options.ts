// The sandbox's Facebook options shared by `sandbox`, `run` and `record`: consent history and cookie banner.
import { UserError } from '../../app/common/errors';
import { FACEBOOK_CONSENTS, type FacebookConsent } from '../../app/sandbox/server';
import type { CommandContext, OptionSpec } from './command';

export const FACEBOOK_OPTIONS: OptionSpec = {
  'facebook-consent': { type: 'string' },
  'cookie-banner': { type: 'boolean' },
};

export const FACEBOOK_OPTIONS_HELP = `  --facebook-consent C  sandbox only: first-time (default) or returning, a Page admin who
                        granted the app before and is offered "Continue with previous
                        settings" (the default scenario takes "Edit settings")
  --cookie-banner       sandbox only: Facebook's cookie banner meets each fresh browser`;

export interface FacebookOptionValues {
  facebookConsent?: FacebookConsent;
  cookieBanner?: boolean;
}

/** Reads and checks the options; `sandbox` says whether the command plays against the sandbox. */
export function facebookOptions(ctx: CommandContext, sandbox: boolean): FacebookOptionValues {
  const consent = ctx.values['facebook-consent'] as string | undefined;
  if (consent !== undefined && !(FACEBOOK_CONSENTS as readonly string[]).includes(consent)) {
    throw new UserError('usage', `--facebook-consent must be ${FACEBOOK_CONSENTS.join(' or ')}, not "${consent}"`, {
      hint: 'returning shows "Continue with previous settings", as Facebook does for a Page admin who granted the app before',
    });
  }
  const banner = ctx.values['cookie-banner'] === true;
  if ((consent || banner) && !sandbox) {
    throw new UserError('usage', `${consent ? '--facebook-consent' : '--cookie-banner'} sets up the sandbox's Facebook; it needs --sandbox`, {
      hint: 'on the real Facebook the default scenario handles both consent kinds and the cookie banner by itself',
    });
  }
  return { ...(consent ? { facebookConsent: consent as FacebookConsent } : {}), ...(banner ? { cookieBanner: true } : {}) };
}
