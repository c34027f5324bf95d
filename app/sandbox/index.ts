/** The built-in demo sandbox: Webitel, Facebook and Messenger stand-ins on one local server. */
export { startSandbox, SANDBOX_HOSTS, WEBITEL_RELEASES, DEFAULT_WEBITEL_RELEASE, isWebitelRelease, loginFormOf } from './server';
export type {
  RunningSandbox,
  SandboxInspector,
  SandboxUrls,
  StartSandboxOptions,
  LoginForm,
  SandboxOrigins,
  WebitelRelease,
  WebitelBehaviours,
} from './server';
export { sampleSeed, seedFromProfile, parseSeed, avatarDataUrl, SandboxSeedSchema } from './seed';
export type { SandboxSeed, SandboxSeedInput } from './seed';
export type { SandboxSnapshot, WorkspaceChat, ConnectedPage, AgentStatus } from './state';
export { WEBITEL_TFA_CODE, WEBITEL_BAD_LOGIN } from './state';
