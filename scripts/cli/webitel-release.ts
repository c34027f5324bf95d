// The --webitel-release option (and its older alias --login-form) shared by sandbox, run and record.
import { UserError } from '../../app/common/errors';
import { DEFAULT_WEBITEL_RELEASE, isWebitelRelease, WEBITEL_RELEASES, type WebitelRelease } from '../../app/sandbox/site';

export const WEBITEL_RELEASE_HELP = `--webitel-release R sandbox only: which Webitel release the sandbox draws: 26.04 (login with
                       the domain first), 26.06 (default, the newest release: login, then
                       password) or 26.08 (today's public main); the scenario handles all three
  --login-form F       older alias: domain-first = 26.04, two-step = 26.06`;

/** The release asked for, or undefined when neither option was given. Refuses unknown values and a contradiction. */
export function webitelReleaseOption(values: Record<string, unknown>): WebitelRelease | undefined {
  const release = values['webitel-release'] as string | undefined;
  const form = values['login-form'] as string | undefined;
  if (release !== undefined && !isWebitelRelease(release)) {
    throw new UserError('usage', `--webitel-release must be ${WEBITEL_RELEASES.join(', ')}, not "${release}"`, {
      hint: `${DEFAULT_WEBITEL_RELEASE} is the newest release; see "Supported Webitel releases" in the README`,
    });
  }
  if (form !== undefined && form !== 'two-step' && form !== 'domain-first') {
    throw new UserError('usage', `--login-form must be two-step or domain-first, not "${form}"`, { hint: 'prefer --webitel-release 26.04|26.06|26.08' });
  }
  const fromForm: WebitelRelease | undefined = form === undefined ? undefined : form === 'domain-first' ? '26.04' : DEFAULT_WEBITEL_RELEASE;
  if (release !== undefined && fromForm !== undefined && (release === '26.04') !== (fromForm === '26.04')) {
    throw new UserError('usage', `--login-form ${form} contradicts --webitel-release ${release}`, { hint: 'give only --webitel-release' });
  }
  return (release as WebitelRelease | undefined) ?? fromForm;
}
