// `review-assistant doctor`: is everything a recording needs in place? Each finding ok / warning / error with what to do.
import { promises as fs } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { UserError } from '../common/errors';
import type { Profile } from '../profile/schema';
import { discoverBrowser } from '../recorder/browser/discover';
import { findXvfb } from '../recorder/browser/virtual-display';
import { runningElsewhere } from '../recorder/one-at-a-time';
import { resolveFfmpegTools } from '../media/tools';
import { loginFormOf, type WebitelRelease } from '../sandbox/site';
import { detectWebitelRelease, type FetchText } from './detect-release';
import { liveConnectionUrl, wsHandshake, type WsHandshake } from './live-connection';
import { lookupLocal } from './lookup-local';

export type Level = 'ok' | 'warning' | 'error';

export interface Finding {
  id: string;
  level: Level;
  title: string;
  detail: string;
  /** What to do (warnings and errors). */
  todo?: string;
}

export interface DoctorReport {
  ok: boolean;
  findings: Finding[];
}

export interface DoctorOptions {
  profile: Profile;
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  browserPath?: string;
  /** Check the running sandbox instead of the profile's host. */
  sandbox?: { origin: string; release: WebitelRelease };
  fetchText?: FetchText;
  /** How Workspace's live connection is tried (a WebSocket handshake); tests pass their own. */
  wsHandshake?: WsHandshake;
  /** Only this computer's checks (a sandbox recording: the host is the app's own). */
  machineOnly?: boolean;
  ffmpegPath?: string;
  /** Per request; default 4 s. */
  timeoutMs?: number;
}

const GiB = 1024 ** 3;
const LOGIN_RE = /^[^@\s]+@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/i;

function getOnce(url: URL, timeoutMs: number): Promise<{ status: number; text: string; location?: string }> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.get(
      url,
      { lookup: lookupLocal as never, timeout: timeoutMs, headers: { accept: '*/*', 'user-agent': 'review-assistant-doctor' } },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          // Bundles are a few MB at most; stop reading a runaway answer.
          if (size <= 16 * 1024 * 1024) chunks.push(c);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            ...(res.headers.location ? { location: res.headers.location } : {}),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'TIMEOUT' })));
    req.on('error', reject);
  });
}

/** GET with a timeout, following up to 3 redirects; undefined when nothing answered (why: `lastError`). Throws nothing. */
export function httpFetchText(timeoutMs: number): { fetchText: FetchText; lastError: () => string | undefined } {
  let last: string | undefined;
  const fetchText: FetchText = async (url) => {
    try {
      let u = new URL(url);
      for (let hop = 0; ; hop++) {
        const r = await getOnce(u, timeoutMs);
        if (r.status >= 300 && r.status < 400 && r.location && hop < 3) {
          u = new URL(r.location, u);
          continue;
        }
        return { status: r.status, text: r.text };
      }
    } catch (e) {
      last = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      return undefined;
    }
  };
  return { fetchText, lastError: () => last };
}

function originOf(host: string): string | undefined {
  try {
    return new URL(host).origin;
  } catch {
    return undefined;
  }
}

/** What the host checks share: where the host is and how to ask it. */
interface HostProbe {
  o: DoctorOptions;
  origin: string | undefined;
  fetchText: FetchText;
  /** Why the last request got no answer (only for our own HTTP client). */
  whyNoAnswer: () => string | undefined;
}

/** The checks, one after another (each is quick); never throws for what it finds. */
export async function runDoctor(o: DoctorOptions): Promise<DoctorReport> {
  const env = o.env ?? process.env;
  const http = httpFetchText(o.timeoutMs ?? 4000);
  const findings: Finding[] = [];
  if (!o.machineOnly) {
    const origin = o.sandbox?.origin ?? originOf(o.profile.webitel.host);
    const fetchText = o.fetchText ?? http.fetchText;
    findings.push(...(await hostChecks({ o, origin, fetchText, whyNoAnswer: () => (o.fetchText ? undefined : http.lastError()) })));
  }
  findings.push(browserFinding(o, env), ffmpegFinding(o, env), screenCaptureFinding(env), await diskFinding(o.dataDir));
  const busy = await runningElsewhere(o.dataDir);
  // Only said when it matters: a second recording now would spoil both.
  if (busy)
    findings.push({ id: 'recording-running', level: 'error', title: 'Another recording is running with this data folder', detail: busy.who, todo: busy.hint });
  return { ok: !findings.some((f) => f.level === 'error'), findings };
}

/** The Webitel host: does it answer, which release it draws, and do both logins' domains sign in by password. */
async function hostChecks(probe: HostProbe): Promise<Finding[]> {
  const { o, origin } = probe;
  const host = await hostFinding(probe);
  const reachable = host.level !== 'error';
  const findings = [host];
  if (o.sandbox) {
    findings.push({
      id: 'webitel-release',
      level: 'ok',
      title: 'Webitel release',
      detail: `the sandbox draws ${o.sandbox.release} (login form: ${loginFormOf(o.sandbox.release)})`,
    });
  } else if (origin && reachable) {
    findings.push(await releaseFinding(origin, probe.fetchText));
  }
  if (origin && reachable) findings.push(await liveConnectionFinding(probe, origin));
  const logins: Array<[string, string, string]> = [
    ['admin-login', 'Admin login (recording)', o.profile.recording.webitelAdmin.login],
    ['operator-login', 'Operator login (reviewer)', o.profile.reviewer.operator.login],
  ];
  for (const [id, title, login] of logins) findings.push(await loginFinding(probe, reachable, { id, title, login }));
  return findings;
}

async function hostFinding({ o, origin, fetchText, whyNoAnswer }: HostProbe): Promise<Finding> {
  if (!origin) {
    return {
      id: 'webitel-host',
      level: 'error',
      title: 'Webitel host',
      detail: 'the profile has no Webitel host',
      todo: 'set webitel.host to the https:// address of the Webitel host (e.g. https://cloud.webitel.ua)',
    };
  }
  const r = await fetchText(`${origin}/app/auth/`);
  const why = whyNoAnswer();
  if (!r) {
    return {
      id: 'webitel-host',
      level: 'error',
      title: 'Webitel host',
      detail: `${origin} did not answer${why ? ` (${why})` : ''}`,
      todo: 'check the address and that this computer reaches it over https (VPN, proxy, certificate)',
    };
  }
  if (r.status >= 500) {
    return {
      id: 'webitel-host',
      level: 'error',
      title: 'Webitel host',
      detail: `${origin}/app/auth/ answered HTTP ${r.status}`,
      todo: 'the host has a problem: try again later or ask its administrator',
    };
  }
  const https = origin.startsWith('https:');
  return {
    id: 'webitel-host',
    level: https || o.sandbox ? 'ok' : 'warning',
    title: 'Webitel host',
    detail: `${origin} answers${o.sandbox ? ' (the built-in sandbox)' : https ? ' over https' : ''} (HTTP ${r.status})`,
    ...(https || o.sandbox ? {} : { todo: 'Meta reviewers open the host: use its https:// address' }),
  };
}

/**
 * Workspace's live connection: a proxy that does not pass WebSocket connections to `/ws` is the
 * common self-hosting slip, and Workspace then opens without a Call Center switch. A warning, not
 * an error: what the server asks of a handshake beyond RFC 6455 is in a client that is not public.
 */
async function liveConnectionFinding({ o }: HostProbe, origin: string): Promise<Finding> {
  const url = liveConnectionUrl(origin, !!o.sandbox);
  const port = o.sandbox ? '' : new URL(origin).port;
  const a = await (o.wsHandshake ?? wsHandshake)(url, o.timeoutMs ?? 4000);
  const title = "Workspace's live connection";
  if ('status' in a && (a.status === 101 || a.status === 401 || a.status === 403)) {
    return {
      id: 'live-connection',
      level: 'ok',
      title,
      detail: a.status === 101 ? `${url} takes a WebSocket connection` : `${url} answers the WebSocket handshake and asks for a login (HTTP ${a.status})`,
    };
  }
  return {
    id: 'live-connection',
    level: 'warning',
    title,
    detail: `${url} ${'status' in a ? `refused the WebSocket handshake (HTTP ${a.status})` : `did not answer (${a.error})`}${port ? `; Workspace opens it on the default port of ${new URL(origin).hostname}, not on ${port}` : ''}`,
    todo: `make the host's proxy pass WebSocket connections to /ws (nginx: proxy_http_version 1.1 and the Upgrade and Connection headers)${port ? ' on the default port too' : ''}: without it Workspace opens without a Call Center switch and the recording stops at its welcome popup`,
  };
}

async function releaseFinding(origin: string, fetchText: FetchText): Promise<Finding> {
  const g = await detectWebitelRelease(origin, fetchText);
  if (g.release) {
    return { id: 'webitel-release', level: 'ok', title: 'Webitel release', detail: `${g.release} (${g.evidence.join('; ')}); login form: ${g.loginForm}` };
  }
  if (g.version) {
    return {
      id: 'webitel-release',
      level: 'warning',
      title: 'Webitel release',
      detail: `build ${g.version}, a release the demo was not tested on${g.loginForm ? `; login form: ${g.loginForm}` : ''}`,
      todo: 'run "review-assistant run --profile NAME" first; if a step fails, report the release with the evidence folder (README: Supported Webitel releases)',
    };
  }
  return {
    id: 'webitel-release',
    level: 'warning',
    title: 'Webitel release',
    detail: `could not tell from the host's files${g.loginForm ? ` (login form: ${g.loginForm})` : ''}`,
    todo: 'nothing needed: the scenario finds the login form on screen; run "review-assistant run" to be sure',
  };
}

/** A login's form first; then, when the host answers, what the host says of its domain. */
async function loginFinding(probe: HostProbe, reachable: boolean, { id, title, login }: { id: string; title: string; login: string }): Promise<Finding> {
  if (!login) {
    return { id, level: 'error', title, detail: 'not set', todo: `set it as name@domain (e.g. operator@acme.example.com) in the profile` };
  }
  const m = LOGIN_RE.exec(login.trim());
  if (!m) {
    return {
      id,
      level: 'error',
      title,
      detail: `"${login}" is not name@domain with a full domain name; Webitel's login form refuses it`,
      todo: 'write the login as name@domain, the domain as the host knows it (e.g. support@acme.example.com)',
    };
  }
  if (!probe.origin || !reachable) {
    return { id, level: 'ok', title, detail: `${login} has the name@domain form (the domain was not checked: the host did not answer)` };
  }
  const domain = m[1]!;
  const r = await probe.fetchText(`${probe.origin}/api/login?domain=${encodeURIComponent(domain)}`);
  return domainFinding({ id, title }, `${login}: `, domain, r);
}

type DomainInfo = { enabled_tfa?: boolean; enabledTfa?: boolean; login_options?: string; loginOptions?: string };

/** What the host's answer about a login's domain means for the demo. */
function domainFinding({ id, title }: { id: string; title: string }, about: string, domain: string, r: { status: number; text: string } | undefined): Finding {
  let info: DomainInfo = {};
  try {
    info = r ? (JSON.parse(r.text) as DomainInfo) : {};
  } catch {
    info = {};
  }
  const say = (level: Level, detail: string, todo?: string): Finding => ({ id, level, title, detail: about + detail, ...(todo ? { todo } : {}) });
  if (!r) return say('warning', `the host did not say whether domain "${domain}" exists`, 'run "review-assistant run" to try the login');
  if (r.status === 404 || r.status === 400)
    return say(
      'error',
      `the host does not know the domain "${domain}" (HTTP ${r.status})`,
      "check the part after the @: it is the Webitel domain, as in Admin → the user's login",
    );
  if ((info.login_options ?? info.loginOptions) === 'sso_only')
    return say('error', `domain "${domain}" signs in only through single sign-on`, 'use a login of a domain with password sign-in for the demo');
  if (info.enabled_tfa ?? info.enabledTfa)
    return say(
      'warning',
      `domain "${domain}" asks for a two-factor code after the password`,
      'record with a visible window (not --headless) and be at the keyboard: the run hands the code step to you',
    );
  if (r.status >= 300) return say('warning', `checking domain "${domain}" answered HTTP ${r.status}`, 'run "review-assistant run" to try the login');
  return say('ok', `domain "${domain}" exists on the host, password sign-in`);
}

function browserFinding(o: DoctorOptions, env: NodeJS.ProcessEnv): Finding {
  try {
    const b = discoverBrowser({ override: o.browserPath, env });
    return { id: 'browser', level: 'ok', title: 'Browser', detail: `${b.name} at ${b.path}` };
  } catch (e) {
    return {
      id: 'browser',
      level: 'error',
      title: 'Browser',
      detail: (e as Error).message,
      todo: e instanceof UserError && e.hint ? e.hint : 'install Chrome, Chromium or Edge, or set REVIEW_ASSISTANT_BROWSER',
    };
  }
}

function ffmpegFinding(o: DoctorOptions, env: NodeJS.ProcessEnv): Finding {
  try {
    const t = resolveFfmpegTools({ env, ...(o.ffmpegPath ? { ffmpegPath: o.ffmpegPath } : {}) });
    return { id: 'ffmpeg', level: 'ok', title: 'ffmpeg', detail: `${t.ffmpeg} (and ffprobe)` };
  } catch (e) {
    return {
      id: 'ffmpeg',
      level: 'error',
      title: 'ffmpeg',
      detail: (e as Error).message,
      todo: e instanceof UserError && e.hint ? e.hint : 'reinstall, or set REVIEW_ASSISTANT_FFMPEG',
    };
  }
}

function screenCaptureFinding(env: NodeJS.ProcessEnv): Finding {
  if (process.platform !== 'linux') {
    return { id: 'screen-capture', level: 'ok', title: 'Screen capture', detail: "Chrome's own recorder (the virtual screen capture is Linux only)" };
  }
  const xvfb = findXvfb(env);
  return xvfb
    ? { id: 'screen-capture', level: 'ok', title: 'Screen capture', detail: `Xvfb at ${xvfb}: headless recordings read each lane's own virtual screen` }
    : {
        id: 'screen-capture',
        level: 'warning',
        title: 'Screen capture',
        detail: "no Xvfb: headless recordings fall back to Chrome's own recorder",
        todo: 'install Xvfb (apt-get install xvfb) for the steadier screen capture',
      };
}

async function diskFinding(dataDir: string): Promise<Finding> {
  try {
    await fs.mkdir(dataDir, { recursive: true });
    const st = await fs.statfs(dataDir);
    const free = st.bavail * st.bsize;
    const detail = `${(free / GiB).toFixed(1)} GiB free at ${dataDir}`;
    if (free < GiB)
      return { id: 'disk', level: 'error', title: 'Free disk', detail, todo: 'free at least 2 GiB: a recording keeps two lane videos and the composed video' };
    if (free < 5 * GiB) return { id: 'disk', level: 'warning', title: 'Free disk', detail, todo: 'a long recording may need more; free some space' };
    return { id: 'disk', level: 'ok', title: 'Free disk', detail };
  } catch (e) {
    return {
      id: 'disk',
      level: 'warning',
      title: 'Free disk',
      detail: `could not read the free space at ${dataDir}: ${(e as Error).message}`,
      todo: 'check that the data folder is writable',
    };
  }
}

/** Refuses a recording that cannot succeed here: throws, naming each error and what to do, when the report has one. */
export function refuseOnErrors(r: { findings: ReadonlyArray<Pick<Finding, 'id' | 'level' | 'title' | 'detail' | 'todo'>> }, otherwise: string): void {
  const errors = r.findings.filter((f) => f.level === 'error');
  if (!errors.length) return;
  throw new UserError('external', `not recording: ${errors.map((f) => `${f.title}: ${f.detail}`).join('; ')}`, {
    hint:
      errors
        .map((f) => f.todo)
        .filter(Boolean)
        .join('; ') || otherwise,
    // One error is said whole above; several are listed too.
    ...(errors.length > 1 ? { issues: errors.map((f) => ({ field: f.id, message: f.detail })) } : {}),
  });
}

export function formatDoctorReport(r: DoctorReport): string {
  const mark: Record<Level, string> = { ok: 'ok     ', warning: 'warning', error: 'ERROR  ' };
  const lines = r.findings.map((f) => `${mark[f.level]}  ${f.title}: ${f.detail}${f.todo ? `\n           → ${f.todo}` : ''}`);
  const errors = r.findings.filter((f) => f.level === 'error').length;
  const warnings = r.findings.filter((f) => f.level === 'warning').length;
  lines.push('', errors ? `${errors} error(s): fix them before recording.` : warnings ? `Ready to record (${warnings} warning(s)).` : 'Ready to record.');
  return lines.join('\n');
}
