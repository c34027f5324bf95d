// The values a scenario's templates may use, taken from the profile (or the sandbox), with secrets masked wherever they are shown.
import { describeIssues, type IssueContext } from '../../common/describe-issue';
import { UserError, type FieldIssue } from '../../common/errors';
import { formatPath } from '../../common/zod-issues';
import { profileFieldLabel } from '../../profile/field-labels';
import { SECRET_PATHS, type Profile } from '../../profile/schema';
import { walkStrings, type Scenario } from './schema';
import { TEMPLATE_RE } from './template-refs';

export const MASK = '••••••';

export interface ContextEntry {
  /** Undefined or '' when the profile does not supply it (yet). */
  value: string | undefined;
  secret: boolean;
  /** The profile field (or sandbox) that supplies the value: named in errors. */
  source: string;
}

/** Everything a scenario's templates may reference, flat: `webitel.origin`, `profile.pages[0].name`, … */
export interface ScenarioContext {
  entries: Record<string, ContextEntry>;
  /** True when the origins are the built-in sandbox's. */
  sandbox: boolean;
}

export interface SandboxOrigins {
  webitel: string;
  facebook: string;
  messenger: string;
}

const REAL_FACEBOOK = 'https://www.facebook.com';
const REAL_MESSENGER = 'https://m.me';

function originOf(url: string): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}

function splitLogin(login: string): { user: string | undefined; domain: string | undefined } {
  const at = login.lastIndexOf('@');
  if (at <= 0) return { user: undefined, domain: undefined };
  return { user: login.slice(0, at), domain: login.slice(at + 1) };
}

function flatten(value: unknown, path: PropertyKey[], out: Record<string, ContextEntry>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, [...path, i], out));
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, [...path, k], out);
  else {
    const p = formatPath(path);
    out[`profile.${p}`] = { value: String(value), secret: (SECRET_PATHS as readonly string[]).includes(p), source: p };
  }
}

/**
 * Builds the template values for a run: from the profile (a real Webitel host,
 * `https://www.facebook.com`, `https://www.facebook.com/messages/t/<page id>`) or, with `sandbox`, from the running sandbox's origins.
 */
export function scenarioContext(profile: Profile, opts: { sandbox?: { origins: SandboxOrigins } } = {}): ScenarioContext {
  const e: Record<string, ContextEntry> = {};
  flatten(profile, [], e);
  const set = (name: string, value: string | undefined, source: string, secret = false) => {
    e[name] = { value, secret, source };
  };
  const sb = opts.sandbox?.origins;
  const webitelOrigin = sb ? sb.webitel : originOf(profile.webitel.host);
  set('webitel.origin', webitelOrigin, sb ? 'the sandbox' : 'webitel.host');
  set('webitel.host', webitelOrigin ? new URL(webitelOrigin).host : undefined, sb ? 'the sandbox' : 'webitel.host');
  set('webitel.workspaceUrl', webitelOrigin ? `${webitelOrigin}/workspace/` : undefined, sb ? 'the sandbox' : 'webitel.host');

  const uriId = profile.gateway.uri ? profile.gateway.uri.slice(profile.gateway.uri.lastIndexOf('/') + 1) : '';
  set('gateway.name', profile.gateway.name, 'gateway.name');
  set('gateway.uri', uriId, 'gateway.uri');
  set('gateway.url', sb && uriId ? `${sb.webitel}/chat/${uriId}` : profile.gateway.uri, 'gateway.uri');
  set('gateway.appId', profile.gateway.appId, 'gateway.appId');

  set('facebook.origin', sb ? sb.facebook : REAL_FACEBOOK, sb ? 'the sandbox' : 'built in');
  const messengerOrigin = sb ? sb.messenger : REAL_MESSENGER;
  set('messenger.origin', messengerOrigin, sb ? 'the sandbox' : 'built in');
  const page = profile.pages[0];
  const handle = page ? page.username || page.id : undefined;
  set('messenger.pageUrl', handle ? `${messengerOrigin}/${handle}` : undefined, 'pages[0].username');
  // Messenger on the web is facebook.com/messages since messenger.com was retired (April 2026);
  // the thread opens by the Page id, which every profile has (m.me may not open it on a desktop).
  const facebookOrigin = sb ? sb.facebook : REAL_FACEBOOK;
  set('messenger.threadUrl', page?.id ? `${facebookOrigin}/messages/t/${page.id}` : undefined, 'pages[0].id');
  set('page.id', page?.id, 'pages[0].id');
  set('page.name', page?.name, 'pages[0].name');
  set('page.username', page?.username, 'pages[0].username');

  for (const [name, login, source] of [
    ['admin', profile.recording.webitelAdmin.login, 'recording.webitelAdmin.login'],
    ['operator', profile.reviewer.operator.login, 'reviewer.operator.login'],
  ] as const) {
    const { user, domain } = splitLogin(login);
    set(`${name}.login`, login, source);
    set(`${name}.user`, user, source);
    set(`${name}.domain`, domain, source);
  }
  set('pageAdmin.email', profile.recording.pageAdmin.email, 'recording.pageAdmin.email');
  set('customer.email', profile.reviewer.facebookTestUser.email, 'reviewer.facebookTestUser.email');
  set('trigger.message', profile.reviewer.triggerMessage, 'reviewer.triggerMessage');
  set('app.name', profile.metaApp.name, 'metaApp.name');
  return { entries: e, sandbox: Boolean(sb) };
}

export type RenderMode = 'value' | 'display';

interface RenderOpts {
  mode: RenderMode;
  vars: Record<string, string>;
  /** Where the text sits in the scenario, for errors: `steps[4].value`. */
  field: string;
  /** The scenario's steps and lanes, so an error names its step by number and caption, its window by title. */
  steps?: ReadonlyArray<unknown> | undefined;
  lanes?: ReadonlyArray<unknown> | undefined;
}

function lookup(ctx: ScenarioContext, vars: Record<string, string>, secret: boolean, name: string): ContextEntry | undefined {
  if (name.startsWith('vars.')) {
    const v = vars[name.slice(5)];
    return v === undefined ? undefined : { value: v, secret: false, source: `vars.${name.slice(5)}` };
  }
  if (secret) return ctx.entries[`profile.${name}`] ?? { value: undefined, secret: true, source: name };
  return ctx.entries[name];
}

function missing(raw: string, entry: ContextEntry | undefined, field: string): FieldIssue {
  if (!entry) return { field, message: `uses ${raw}, which is not a known template value: correct its name in the scenario` };
  const label = profileFieldLabel(entry.source);
  const where = entry.source === 'the sandbox' || entry.source === 'built in' ? entry.source : label ? `“${label}”` : `"${entry.source}" in the profile`;
  return { field, message: `uses ${raw}, which has no value: fill in ${where}` };
}

/**
 * Fills `{{…}}` references. `display` mode masks secrets (for captions, logs, the timeline);
 * `value` mode gives the real values (only for typing into a page).
 */
export function renderTemplate(text: string, ctx: ScenarioContext, opts: RenderOpts): string {
  const issues: FieldIssue[] = [];
  const out = text.replace(TEMPLATE_RE, (raw, secretMark: string | undefined, name: string, filter: string | undefined) => {
    const entry = lookup(ctx, opts.vars, Boolean(secretMark), name);
    if (!entry || entry.value === undefined || entry.value === '') {
      issues.push(missing(raw, entry, opts.field));
      return raw;
    }
    if (opts.mode === 'display' && (entry.secret || secretMark)) return MASK;
    return filter === 'urlencode' ? encodeURIComponent(entry.value) : entry.value;
  });
  if (issues.length) throw templateError(issues, { steps: opts.steps, lanes: opts.lanes });
  return opts.mode === 'display' ? maskSecrets(out, ctx) : out;
}

/** The first issue names its step by number and caption ("Step 4, “Admin logs in”: the text to type uses …"), in the app and on the command line. */
function templateError(issues: FieldIssue[], where: IssueContext): UserError {
  return new UserError('validation', `The scenario needs values the submission does not have: ${describeIssues(issues, where)}`, {
    issues,
    hint: 'fill the named profile fields ("review-assistant profile show NAME" lists them by path; "review-assistant profile set NAME path=value" fills one) or change the scenario',
    appHint: 'fill in the named fields on the Submission screen, or change the scenario under Recorder → Scenario steps',
  });
}

/**
 * A secret typed literally into a caption is still a secret: mask every occurrence, in the forms
 * it takes in a page address too (percent-encoded, or with + for spaces in a query).
 */
export function maskSecrets(text: string, ctx: ScenarioContext): string {
  let out = text;
  for (const e of Object.values(ctx.entries)) {
    if (!e.secret || !e.value || e.value.length < 4) continue;
    const forms = new Set([e.value, encodeURIComponent(e.value), encodeURI(e.value), encodeURIComponent(e.value).replace(/%20/g, '+')]);
    for (const f of [...forms].sort((a, b) => b.length - a.length)) out = out.split(f).join(MASK);
  }
  return out;
}

/** Checks up front that every template in the scenario has a value, naming each field that lacks one. */
export function checkContext(scenario: Scenario, ctx: ScenarioContext): void {
  const issues: FieldIssue[] = [];
  walkStrings({ lanes: scenario.lanes, steps: scenario.steps }, [], (text, path) => {
    try {
      renderTemplate(text, ctx, { mode: 'value', vars: scenario.vars, field: formatPath(path), steps: scenario.steps, lanes: scenario.lanes });
    } catch (e) {
      if (e instanceof UserError) issues.push(...e.issues);
      else throw e;
    }
  });
  if (issues.length) throw templateError(issues, scenario);
}

/**
 * The profile fields the scenario types that are still empty, once each (the UI lists them
 * before a recording); template names the context does not know are scenario errors, not listed.
 */
export function missingValues(scenario: Scenario, ctx: ScenarioContext): Array<{ field: string; message: string }> {
  const out = new Map<string, string>();
  walkStrings({ lanes: scenario.lanes, steps: scenario.steps }, [], (text) => {
    for (const m of text.matchAll(TEMPLATE_RE)) {
      const entry = lookup(ctx, scenario.vars, Boolean(m[1]), m[2] ?? '');
      if (entry && (entry.value === undefined || entry.value === '') && !out.has(entry.source)) out.set(entry.source, `${m[0]} has no value`);
    }
  });
  return [...out].map(([field, message]) => ({ field, message }));
}

/** Renders every template string inside a value (a step, a lane) in one mode; `where` (the scenario's steps and lanes) lets an error name its step or window. */
export function renderDeep<T>(value: T, ctx: ScenarioContext, vars: Record<string, string>, mode: RenderMode, field: string, where: IssueContext = {}): T {
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'string') return renderTemplate(v, ctx, { mode, vars, field: path, steps: where.steps, lanes: where.lanes });
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = k === 'id' || k === 'scene' || k === 'lane' || k === 'action' ? x : walk(x, `${path}.${k}`);
      return o;
    }
    return v;
  };
  return walk(value, field) as T;
}
