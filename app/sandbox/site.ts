// What every sandbox site shares: the host names, the Webitel releases it draws, their behaviours, and the context a handler gets.
import type { Assets, Req } from './http';
import type { SandboxState } from './state';

export const SANDBOX_HOSTS = { webitel: 'webitel.localhost', facebook: 'facebook.localhost', messenger: 'm.me.localhost', sso: 'sso.localhost' } as const;

export type LoginForm = 'two-step' | 'domain-first';

/** The Webitel releases the sandbox draws (CONTRACT.md): 26.08 is the public main of late 2026. */
export const WEBITEL_RELEASES = ['26.04', '26.06', '26.08'] as const;
export type WebitelRelease = (typeof WEBITEL_RELEASES)[number];
/** The newest release customers run. */
export const DEFAULT_WEBITEL_RELEASE: WebitelRelease = '26.06';

export function isWebitelRelease(v: string): v is WebitelRelease {
  return (WEBITEL_RELEASES as readonly string[]).includes(v);
}

/** 26.04 asks for the domain first; 26.06 and later for `name@domain`, then the password. */
export function loginFormOf(release: WebitelRelease): LoginForm {
  return release === '26.04' ? 'domain-first' : 'two-step';
}

/** The old `--login-form` choice as a release: the newest release that draws that form. */
export function releaseOfLoginForm(form: LoginForm): WebitelRelease {
  return form === 'domain-first' ? '26.04' : DEFAULT_WEBITEL_RELEASE;
}

/** Webitel behaviours a real host may show, on request (tests, rehearsals). */
export interface WebitelBehaviours {
  /** The domain asks for a two-factor code after the password (the code is WEBITEL_TFA_CODE). */
  tfa?: boolean;
  /** These users must change their password first (HTTP 412 app.password.force_change). */
  forcePasswordChange?: Array<'admin' | 'operator'>;
  /** The domain signs in only through its SSO provider (26.06+: straight to it; 26.04: offered below a password form that is refused). */
  ssoOnly?: boolean;
  /** The operator's login is no contact-center agent: Workspace draws no Call Center switch (cc-workspaces app-header.vue `v-if="isAgent"`). */
  operatorNotAgent?: boolean;
  /**
   * The operator's agent was left on a break before the demo: a pause (cause "Lunch") or a break
   * out (one the contact center sets). Workspace opens with its break popup, the Call Center switch
   * reads on, and no chat is offered until "Continue work" (cc-workspaces break-timer-popup.vue).
   */
  operatorOnBreak?: 'pause' | 'breakout';
  /**
   * The host has this many other chat gateways (Telegram, Viber, web chat…), created before the
   * Meta one: from 10 on, the Meta gateway is not on the first page of Admin's list (10 a page).
   */
  otherGateways?: number;
  /**
   * Workspace's live connection drops a moment after the agent goes online (a proxy restart, a
   * server update, a Wi-Fi hiccup): `drops`: it is back four seconds later; `lost`: it never comes
   * back. Workspace shows its disconnect popup meanwhile (cc-workspaces disconnect-popup.vue).
   * `refused`: the connection never opens (a proxy that does not pass WebSocket connections to
   * `/ws`): Workspace settles its session start without an agent, so no Call Center switch.
   */
  connection?: 'drops' | 'lost' | 'refused';
  /**
   * The chat queue answers for the agent: a new chat arrives already joined, so Workspace shows
   * the reply box and no "Accept" (an earlier reading of Webitel's auto-answer queues).
   */
  autoAnswerChats?: boolean;
  /**
   * The operator's agent has "Agent screen control" on and DeskTrack is not running: Workspace
   * shows its popup that cannot be closed and takes the agent offline (desc-track-auth-error-popup.vue).
   */
  screenControl?: boolean;
  /** The admin may read but not update chat gateways: no "Add or remove pages", switches disabled. */
  adminReadOnly?: boolean;
  /** How long Workspace's "Ok" stays loading while the agent session opens (default 1200 ms). */
  sessionOpenMs?: number;
  /** 26.08: how long the activity types take to load before their popup (default 600 ms). */
  activityTypesMs?: number;
}

/** How the Meta app is set up, as Facebook's OAuth dialog checks it (default: ready for the gateway). */
export interface MetaAppSetup {
  /** Permissions the app's use case lacks: the dialog answers "Invalid Scopes" when the gateway asks for one. */
  useCaseLacks?: readonly string[];
  /** The gateway's callback URI is not among the Valid OAuth Redirect URIs: "URL blocked". */
  redirectNotAllowed?: boolean;
}

/**
 * The language Facebook draws its pages in (a BCP 47 code such as `uk`; default English): the
 * visitor's before logging in (Facebook picks it by location, among others), and each account's
 * own once logged in (Settings → Language and region → Facebook language).
 */
export interface FacebookLanguages {
  visitor?: string;
  pageAdmin?: string;
  customer?: string;
}

/** Only a language code goes into a page (`<html lang>`). */
export const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

export interface SandboxOrigins {
  webitel: string;
  facebook: string;
  messenger: string;
}

/** What every site handler gets: the shared state and the settings of this sandbox. */
export interface SiteContext {
  state: SandboxState;
  origins: SandboxOrigins;
  assets: Assets;
  release: WebitelRelease;
  loginForm: LoginForm;
  webitel: WebitelBehaviours;
  ccSwitchDelayMs: number;
  /** Facebook shows its cookie banner to a browser that has not answered it yet; `after-login`: only once it is logged in. */
  cookieBanner: boolean | 'after-login';
  /** The consent dialog opens with the account-switch screen ("Continue"). */
  accountSwitch: boolean;
  /** Messenger opens with its chat-history PIN dialog, with a Close button or without. */
  messengerPin: 'closable' | 'required' | null;
  facebookLanguage: FacebookLanguages;
  metaApp: MetaAppSetup;
  log: (line: string) => void;
  /** Resolves after `ms`, or at once when the sandbox closes. */
  sleep: (ms: number) => Promise<void>;
  /** Registers cleanup for a long-lived response (event streams) so close() does not hang. */
  track: (close: () => void) => () => void;
}

export type SiteHandler = (r: Req, ctx: SiteContext) => Promise<boolean>;
