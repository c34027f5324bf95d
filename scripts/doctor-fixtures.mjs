#!/usr/bin/env node
// Rebuilds test/fixtures/doctor/<release>/ from the Webitel front ends' real static files at their release tags.
//
// Usage: node scripts/doctor-fixtures.mjs <web-client-auth git dir> <cc-workspaces git dir>
//
// What a Webitel host serves under /workspace/ and /app/auth/ is each app's Vite build: its
// index.html with the entry script replaced by hashed assets, its public/ folder copied as is,
// and chunks under assets/. This script takes from each repository at the tag only static
// facts: index.html, public/config.json, package.json (metadata) and the `base` of vite.config
// (read below, not executed). The JavaScript is a few lines of our own standing in
// for the parts the release detection reads (the header's `buildInfo.release` from package.json,
// the login store's names), built with the Vite in node_modules (8.x with Rolldown, as the
// releases use: cc-workspaces vite 8.0.0-beta.15 / ^8.2.1, web-client-auth rolldown-vite 7.3).
// So the file names, the index.html and the way the version lands in a chunk are what a real
// build makes; no Webitel code is copied or built.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';

const [authGit, wsGit] = process.argv.slice(2);
if (!authGit || !wsGit) {
  console.error('usage: node scripts/doctor-fixtures.mjs <web-client-auth git dir> <cc-workspaces git dir>');
  process.exit(2);
}

const RELEASES = [
  { release: '26.04', auth: 'v26.4-tagged', ws: 'v26.04-tagged' },
  { release: '26.06', auth: 'v26.06-tagged', ws: 'v26.06-tagged' },
  { release: '26.08', auth: 'main', ws: 'main' },
];

const OUT = path.resolve('test/fixtures/doctor');

function show(gitDir, ref, file) {
  try {
    return execFileSync('git', ['--git-dir', gitDir, 'show', `${ref}:${file}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

function baseOf(viteConfig) {
  const m = /\bbase:\s*['"]([^'"]+)['"]/.exec(viteConfig ?? '');
  if (!m) throw new Error('no base in vite.config');
  return m[1];
}

// Our stand-ins. Workspace: the router loads the workspace view lazily, the view's header reads
// package.json's version for its build info (cc-workspaces app-header.vue, all three tags).
const WS_MAIN =
  "const routes = { workspace: () => import('./agent-workspace.js') };\nroutes.workspace().then((m) => m.mount(document.getElementById('app')));\n";
const WS_VIEW = "import { buildInfo } from './app-header.js';\nexport function mount(el) { el.textContent = `Workspace ${buildInfo.release}`; }\n";
const WS_HEADER =
  "import packageJson from '../package.json' with { type: 'json' };\nexport const buildInfo = { release: packageJson.version, build: import.meta.env.VITE_BUILD_NUMBER };\n";
// Login app. 26.4: a vuex module whose action is dispatched by name; 26.06 and later: the SDK's LoginOptions values.
const AUTH_2604 =
  "const actions = { CHECK_DOMAIN: async (ctx, domain) => (await fetch(`/api/login?domain=${domain}`)).json() };\nconst store = { dispatch: (name, arg) => actions[name.split('/')[1]]({}, arg) };\nwindow.checkDomain = (d) => store.dispatch('auth/CHECK_DOMAIN', d);\n";
const AUTH_2606 =
  "const LoginOptions = { LOCAL_PASSWORD_ONLY: 'local_password_only', SSO_AND_LOCAL: 'sso_and_local', SSO_ONLY: 'sso_only' };\nlet loginOptions = LoginOptions.LOCAL_PASSWORD_ONLY;\nwindow.checkDomain = async (d) => { loginOptions = (await (await fetch(`/api/login?domain=${d}`)).json()).loginOptions; return loginOptions === LoginOptions.SSO_ONLY; };\n";

async function buildApp({ gitDir, ref, entry, files, out }) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'webitel-fixture-'));
  try {
    const html = show(gitDir, ref, 'index.html');
    const pkgText = show(gitDir, ref, 'package.json');
    const pkg = JSON.parse(pkgText);
    const base = baseOf(show(gitDir, ref, 'vite.config.ts') ?? show(gitDir, ref, 'vite.config.js'));
    await fs.writeFile(path.join(dir, 'index.html'), html.replace(/src="\/src\/main\.[jt]s"/, `src="/src/${entry}"`));
    // The whole package.json (metadata: name, version, scripts, dependency ranges), as the header imports it.
    await fs.writeFile(path.join(dir, 'package.json'), pkgText);
    const config = show(gitDir, ref, 'public/config.json');
    if (config !== undefined) {
      await fs.mkdir(path.join(dir, 'public'), { recursive: true });
      await fs.writeFile(path.join(dir, 'public/config.json'), config);
    }
    await fs.mkdir(path.join(dir, 'src'), { recursive: true });
    for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(dir, 'src', name), text);
    await build({ root: dir, base, logLevel: 'warn', configFile: false, build: { outDir: path.join(dir, 'dist'), emptyOutDir: true } });
    await fs.rm(out, { recursive: true, force: true });
    await fs.cp(path.join(dir, 'dist'), out, { recursive: true });
    return { base, version: pkg.version };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

for (const r of RELEASES) {
  const ws = await buildApp({
    gitDir: wsGit,
    ref: r.ws,
    entry: 'main.js',
    files: { 'main.js': WS_MAIN, 'agent-workspace.js': WS_VIEW, 'app-header.js': WS_HEADER },
    out: path.join(OUT, r.release, 'workspace'),
  });
  const auth = await buildApp({
    gitDir: authGit,
    ref: r.auth,
    entry: 'main.js',
    files: { 'main.js': r.release === '26.04' ? AUTH_2604 : AUTH_2606 },
    out: path.join(OUT, r.release, 'app/auth'),
  });
  console.log(`${r.release}: workspace ${ws.version} (base ${ws.base}), auth ${auth.version} (base ${auth.base})`);
}
