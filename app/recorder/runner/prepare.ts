// Prepares what a run needs besides browsers: the scenario, its template values and, for the sample or --sandbox, a seeded sandbox.
import type { Profile } from '../../profile/schema';
import { seedFromProfile } from '../../sandbox/seed';
import {
  startSandbox,
  type FacebookConsent,
  type FacebookLanguages,
  type LoginForm,
  type MetaAppSetup,
  type RunningSandbox,
  type StartSandboxOptions,
  type WebitelBehaviours,
  type WebitelRelease,
} from '../../sandbox/server';
import { scenarioContext, type ScenarioContext } from '../scenario/context';
import { loadScenario } from '../scenario/load';
import { expandPerPage } from '../scenario/per-page';
import type { Scenario } from '../scenario/schema';
import { defaultScenario } from '../scenarios/index';

export interface PrepareRunOptions {
  profile: Profile;
  /** Run against the built-in sandbox (implied for the sample profile). */
  sandbox?: boolean;
  /** A scenario file; the built-in default scenario when absent. */
  scenarioFile?: string;
  /** Which Webitel release the sandbox draws (default: the newest, 26.06). */
  webitelRelease?: WebitelRelease;
  /** Older option: which Webitel login form the sandbox shows (domain-first = release 26.04). */
  loginForm?: LoginForm;
  /** Sandbox only: whether the Page admin has granted the app before (returning: "Continue with previous settings"). */
  facebookConsent?: FacebookConsent;
  /** Sandbox only: Facebook shows its cookie banner to each fresh browser (`after-login`: only once logged in). */
  cookieBanner?: boolean | 'after-login';
  /** Sandbox only: the consent dialog opens with the account-switch screen. */
  accountSwitch?: boolean;
  /** Sandbox only: Messenger asks the customer for their chat-history PIN, closable or not. */
  messengerPin?: 'closable' | 'required';
  /** Sandbox only: the Meta app's setup as Facebook's dialog checks it (a permission outside its use case, the callback URI not allowed). */
  metaApp?: MetaAppSetup;
  /** Sandbox only: Facebook's pages in another language, before logging in (the visitor's) or for an account. */
  facebookLanguage?: FacebookLanguages;
  /** Sandbox only: Webitel behaviours on request (2FA, a forced password change, SSO only, a read-only admin). */
  webitel?: WebitelBehaviours;
  /** Sandbox only: the Page admin must enter a login code (tests the manual hand-over). */
  pageAdminNeedsCode?: boolean;
  /** Sandbox only: these accounts must approve their login on another device ("Check your notifications on another device"). */
  loginApproval?: ReadonlyArray<'pageAdmin' | 'customer'>;
  /**
   * Sandbox only: the Page admin also manages a Page the profile does not list (it must stay
   * unticked at the consent); `instead`: manages only that one, not the profile's (a wrong account).
   */
  unrelatedPage?: boolean | 'instead';
  sandboxLog?: (line: string) => void;
}

export interface PreparedRun {
  scenario: Scenario;
  context: ScenarioContext;
  /** The running sandbox when the run uses it; `close()` stops it. */
  sandbox: RunningSandbox | undefined;
  close(): Promise<void>;
}

/**
 * Everything a run needs besides the browsers: the scenario, the template values and, for a
 * sample profile or `--sandbox`, a running sandbox seeded from the profile. Shared by `run` and `record`.
 */
export async function prepareRun(o: PrepareRunOptions): Promise<PreparedRun> {
  const scenario = o.scenarioFile ? await loadScenario(o.scenarioFile) : defaultScenario();
  const useSandbox = o.sandbox === true || o.profile.sample;
  if (!useSandbox) {
    const context = scenarioContext(o.profile);
    return { scenario: expandPerPage(scenario, context), context, sandbox: undefined, close: async () => undefined };
  }
  const seed = seedFromProfile(o.profile);
  if (o.pageAdminNeedsCode) seed.facebook.pageAdmin.needsCode = true;
  for (const who of o.loginApproval ?? []) seed.facebook[who].approvesOnDevice = true;
  const profilePageIds = new Set(seed.pages.map((pg) => pg.id));
  if (o.unrelatedPage) {
    let id = BigInt(UNRELATED_PAGE.id);
    while (profilePageIds.has(id.toString())) id++;
    seed.pages.push({ ...UNRELATED_PAGE, id: id.toString() });
    if (o.unrelatedPage === 'instead') seed.facebook.pageAdmin.managesPages = [];
    seed.facebook.pageAdmin.managesPages.push(id.toString());
  }
  const sandbox = await startSandbox({
    seed,
    ...(o.webitelRelease ? { webitelRelease: o.webitelRelease } : {}),
    ...(o.loginForm ? { loginForm: o.loginForm } : {}),
    ...(o.webitel ? { webitel: o.webitel } : {}),
    ...(o.sandboxLog ? { log: o.sandboxLog } : {}),
    ...facebookSandboxOptions(o),
  });
  // The sandbox fills blanks and keeps roles apart, so its logins are the ones to type.
  const p = structuredClone(o.profile);
  p.recording.webitelAdmin = { login: seed.webitel.admin.login, password: seed.webitel.admin.password };
  p.reviewer.operator = { login: seed.webitel.operator.login, password: seed.webitel.operator.password };
  p.recording.pageAdmin = { email: seed.facebook.pageAdmin.email, password: seed.facebook.pageAdmin.password };
  p.reviewer.facebookTestUser = { ...p.reviewer.facebookTestUser, email: seed.facebook.customer.email, password: seed.facebook.customer.password };
  if (!p.gateway.name) p.gateway.name = seed.gateway.name;
  if (!p.gateway.uri) p.gateway.uri = `${sandbox.origins.webitel}/chat/${seed.gateway.uri}`;
  p.pages = seed.pages.filter((pg) => profilePageIds.has(pg.id)).map((pg) => ({ id: pg.id, name: pg.name, username: pg.username }));
  if (!p.reviewer.triggerMessage) p.reviewer.triggerMessage = 'Hello! I have a question about my order.';
  const context = scenarioContext(p, { sandbox: { origins: sandbox.origins } });
  return { scenario: expandPerPage(scenario, context), context, sandbox, close: () => sandbox.close() };
}

/** A Page the sandbox's Page admin manages besides the profile's (`unrelatedPage`). */
const UNRELATED_PAGE = { id: '119999999999001', name: 'Acme Careers', username: 'acmecareersjobs' } as const;

/** The Facebook side's sandbox settings of a run (consent history, cookie banner, account switch, PIN, the app's setup, languages). */
type FacebookSide = 'facebookConsent' | 'cookieBanner' | 'accountSwitch' | 'messengerPin' | 'metaApp' | 'facebookLanguage';

export function facebookSandboxOptions(o: Pick<PrepareRunOptions, FacebookSide>): Pick<StartSandboxOptions, FacebookSide> {
  return {
    ...(o.facebookConsent ? { facebookConsent: o.facebookConsent } : {}),
    ...(o.cookieBanner ? { cookieBanner: o.cookieBanner } : {}),
    ...(o.accountSwitch ? { accountSwitch: true } : {}),
    ...(o.messengerPin ? { messengerPin: o.messengerPin } : {}),
    ...(o.metaApp ? { metaApp: o.metaApp } : {}),
    ...(o.facebookLanguage ? { facebookLanguage: o.facebookLanguage } : {}),
  };
}
