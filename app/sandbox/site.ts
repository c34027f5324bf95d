import type { Assets, Req } from './http';
import type { SandboxState } from './state';

export type LoginForm = 'two-step' | 'domain-first';

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
  loginForm: LoginForm;
  ccSwitchDelayMs: number;
  /** Facebook shows its cookie banner to a browser that has not answered it yet. */
  cookieBanner: boolean;
  /** The consent dialog opens with the account-switch screen ("Continue"). */
  accountSwitch: boolean;
  log: (line: string) => void;
  /** Resolves after `ms`, or at once when the sandbox closes. */
  sleep: (ms: number) => Promise<void>;
  /** Registers cleanup for a long-lived response (event streams) so close() does not hang. */
  track: (close: () => void) => () => void;
}

export type SiteHandler = (r: Req, ctx: SiteContext) => Promise<boolean>;
