// Tells which Webitel release (and so which login form) a host serves, from its public static files.
import { loginFormOf, type LoginForm, type WebitelRelease, WEBITEL_RELEASES } from '../sandbox/site';

/**
 * What the sources show to be reliable (CONTRACT.md): Workspace's header shows the build's
 * package version (cc-workspaces `app-header.vue` imports package.json for `buildInfo.release`),
 * so the version string "26.6.0" is inside one of Workspace's JavaScript files, beside the
 * package name (test/fixtures/doctor: built with the releases' bundler from their static files); the login app's
 * 26.04 store still uses the vuex action name "CHECK_DOMAIN" (domain first), while 26.06 and
 * later use the SDK's LoginOptions ("sso_only", "local_password_only") with the two-step form.
 * Names of hashed asset files carry no release, so the files' contents are read.
 */

export interface ReleaseGuess {
  /** Full package version found, e.g. "26.6.0". */
  version?: string;
  release?: WebitelRelease;
  loginForm?: LoginForm;
  /** Where each answer came from, for the finding's text. */
  evidence: string[];
}

/** Script and module-preload URLs of a Vite index.html, absolute against `base`. */
export function assetUrls(html: string, base: string): string[] {
  const urls: string[] = [];
  const re = /<(?:script|link)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+\.m?js)(?:\?[^"']*)?["'][^>]*>/gi;
  for (const m of html.matchAll(re)) {
    try {
      urls.push(new URL(m[1]!, base).toString());
    } catch {
      // not a URL: skip
    }
  }
  return [...new Set(urls)];
}

/** JavaScript module imports of a bundle ("./app-header-3f2a.js"), absolute against the bundle's URL. */
export function importedChunks(js: string, base: string): string[] {
  const urls: string[] = [];
  const re = /["'`](\.{1,2}\/[\w./-]+?\.js)["'`]/g;
  for (const m of js.matchAll(re)) {
    try {
      urls.push(new URL(m[1]!, base).toString());
    } catch {
      // skip
    }
  }
  return [...new Set(urls)];
}

const Q = '["\'`]';
/** Workspace's own package version: the package.json the header imports, inlined by the bundler next to its name. */
const WORKSPACE_VERSION = new RegExp(`${Q}?name${Q}?\\s*:\\s*${Q}@webitel/workspace${Q}\\s*,\\s*${Q}?version${Q}?\\s*:\\s*${Q}(\\d+\\.\\d+\\.\\d+)${Q}`);
/** Any "version" member of the year.month form (Webitel numbers releases year.month), when the name is not beside it. */
const ANY_VERSION = new RegExp(`${Q}?version${Q}?\\s*:\\s*${Q}(2\\d\\.(?:[1-9]|1[0-2])\\.\\d+)${Q}`);

/**
 * A package version "26.N.P" as a JS or JSON object member. Rolldown (Vite 8, which the
 * releases build with) writes strings in backquotes; Workspace's own version, beside its
 * package name, wins over a library's.
 */
export function versionInBundle(js: string): string | undefined {
  return WORKSPACE_VERSION.exec(js)?.[1] ?? ANY_VERSION.exec(js)?.[1];
}

/** "26.6.0" → "26.06", when the sandbox models that release. */
export function releaseOfVersion(version: string): WebitelRelease | undefined {
  const m = /^(\d{2})\.(\d{1,2})\./.exec(version);
  if (!m) return undefined;
  const r = `${m[1]}.${m[2]!.padStart(2, '0')}`;
  return (WEBITEL_RELEASES as readonly string[]).includes(r) ? (r as WebitelRelease) : undefined;
}

/** The login form a login-app bundle draws, when it says. */
export function loginFormInBundle(js: string): LoginForm | undefined {
  if (/["'`](?:sso_only|local_password_only)["'`]/.test(js)) return 'two-step';
  if (/["'`]CHECK_DOMAIN["'`]|auth\/CHECK_DOMAIN/.test(js)) return 'domain-first';
  return undefined;
}

export type FetchText = (url: string) => Promise<{ status: number; text: string } | undefined>;

async function scripts(fetchText: FetchText, pageUrl: string, maxFiles: number): Promise<Array<{ url: string; text: string }>> {
  const page = await fetchText(pageUrl);
  if (!page || page.status >= 400) return [];
  const queue = assetUrls(page.text, pageUrl);
  const seen = new Set<string>();
  const out: Array<{ url: string; text: string }> = [];
  while (queue.length && out.length < maxFiles) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const r = await fetchText(url);
    if (!r || r.status >= 400) continue;
    out.push({ url, text: r.text });
    for (const u of importedChunks(r.text, url)) if (!seen.has(u)) queue.push(u);
  }
  return out;
}

/** Reads Workspace's and the login app's files on `origin` and guesses the release and login form. */
export async function detectWebitelRelease(origin: string, fetchText: FetchText, opts: { maxFiles?: number } = {}): Promise<ReleaseGuess> {
  const guess: ReleaseGuess = { evidence: [] };
  const max = opts.maxFiles ?? 40;
  const ws = await scripts(fetchText, `${origin}/workspace/`, max);
  // Workspace's own name-and-version first, in whichever file; a bare year.month version only failing that.
  const own = ws.flatMap((f) => {
    const v = WORKSPACE_VERSION.exec(f.text)?.[1];
    return v ? [{ f, v }] : [];
  });
  const hit =
    own[0] ??
    ws.flatMap((f) => {
      const v = versionInBundle(f.text);
      return v ? [{ f, v }] : [];
    })[0];
  if (hit) {
    guess.version = hit.v;
    const r = releaseOfVersion(hit.v);
    if (r) guess.release = r;
    guess.evidence.push(`Workspace build ${hit.v} (${new URL(hit.f.url).pathname})`);
  }
  for (const f of await scripts(fetchText, `${origin}/app/auth/`, max)) {
    const form = loginFormInBundle(f.text);
    if (form) {
      guess.loginForm = form;
      guess.evidence.push(`login app draws the ${form === 'two-step' ? 'login-then-password' : 'domain-first'} form (${new URL(f.url).pathname})`);
      break;
    }
  }
  if (!guess.loginForm && guess.release) guess.loginForm = loginFormOf(guess.release);
  return guess;
}
