// Starts one lane's browser at the size and drawing scale the video shows it, on its own screen or headless, and closes it reliably.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { argv } from '../../common/argv';
import { UserError } from '../../common/errors';
import { groupMembers } from '../../common/processes';
import { reapOnDeath } from '../../common/reaper';
import { scaledSize } from '../../media/canvas';
import type { LaneScreen } from '../runner/types';
import type { Viewport } from '../scenario/schema';
import { CURSOR_SCRIPT } from './cursor';
import { POPUP_FEATURES_SCRIPT } from './popup-size';

/**
 * Chrome's flag that makes a lane browser draw at `scale` device pixels per CSS pixel, so a page
 * is drawn at the size the video shows it: no resampling, text rasterised at its final size
 * (BENCHMARKS.md, tenth session). Chrome rounds a window's size up, hence a millionth below.
 */
export function renderScaleArgs(scale: number, ownScreen: { viewport: Viewport } | null = null): string[] {
  if (!(scale > 0 && scale < 1)) return [];
  const factor = ownScreen ? ownScreenScaleFactor(ownScreen.viewport, scale) : scale * (1 - 1e-6);
  return [`--force-device-scale-factor=${factor.toFixed(7)}`];
}

/**
 * The factor for a lane on a screen of its own, painted to the screen's edges: Chromium paints
 * `floor(css × factor)` pixels, so for a screen `n` pixels across a factor in
 * `((n + 1) / (css + 1), (n + 1) / css)` paints it all without laying out a pixel more; this
 * takes the middle of that range for both directions (BENCHMARKS.md, eighteenth session).
 */
export function ownScreenScaleFactor(viewport: Viewport, scale: number): number {
  const screen = scaledSize(viewport, scale);
  const range = (css: number, n: number) => ({ lo: (n + 1) / (css + 1), hi: (n + 1) / css, paints: n / css });
  const w = range(viewport.width, screen.width);
  const h = range(viewport.height, screen.height);
  const lo = Math.max(w.lo, h.lo);
  const hi = Math.min(w.hi, h.hi);
  if (hi > lo) return (lo + hi) / 2;
  const paints = Math.max(w.paints, h.paints);
  return paints < hi ? (paints + hi) / 2 : scale;
}

/**
 * The viewport a lane page is given: its CSS size, at the browser's own device scale when it
 * draws scaled (renderScaleArgs: 0 leaves the scale alone), else at 1 whatever the screen.
 */
export function laneViewport(viewport: Viewport, scale: number): Viewport & { deviceScaleFactor: number } {
  return { width: viewport.width, height: viewport.height, deviceScaleFactor: renderScaleArgs(scale).length ? 0 : 1 };
}

/** A virtual screen has no refresh to wait for: Chrome's stand-in vsync would only hold finished frames back (BENCHMARKS.md, fourteenth session). */
export const OWN_SCREEN_DRAWING = ['--disable-gpu-vsync'];

/**
 * A browser on a lane's own screen: the screen is the recording, so no tabs and no address bar
 * (kiosk), no "unsupported command-line flag" bar over the page (--test-type, for --no-sandbox),
 * on X whatever the desktop (on a Wayland desktop Chrome would otherwise open there, visibly).
 */
export const OWN_SCREEN_ARGS = ['--kiosk', '--test-type', '--ozone-platform=x11', ...OWN_SCREEN_DRAWING];

/** Flags every lane browser gets (see recording-notes.md): quiet on this network, and painting while not in front. */
export function laneArgs(opts: {
  headless: boolean;
  viewport: Viewport;
  position: { x: number; y: number };
  root: boolean;
  platform?: NodeJS.Platform;
  scale?: number;
  ownScreen?: boolean;
}): string[] {
  const platform = opts.platform ?? process.platform;
  // A visible window also holds tabs and the address bar above the page; on a screen of its own
  // the window is the page alone (kiosk), filling the screen.
  const chromeUi = opts.headless || opts.ownScreen ? 0 : 88;
  const args = [
    ...argv`--no-first-run --no-default-browser-check --disable-background-networking --disable-component-update --disable-sync
      --disable-renderer-backgrounding --disable-background-timer-throttling --disable-backgrounding-occluded-windows`,
    // RenderDocument (a new document host per navigation) can leave a look sent during a click's
    // navigation without an answer, and the page's later looks with it (puppeteer keeps the old
    // context): seen as steps that wait out their time on a page that has loaded.
    '--disable-features=Translate,MediaRouter,OptimizationHints,CalculateNativeWinOcclusion,PasswordLeakDetection,RenderDocument',
    ...argv`--password-store=basic --use-mock-keychain`,
    // Workspace asks for microphone and camera: answer without a prompt and without real devices.
    ...argv`--use-fake-ui-for-media-stream --use-fake-device-for-media-stream --autoplay-policy=no-user-gesture-required --lang=en-US --accept-lang=en-US,en`,
    `--window-size=${opts.viewport.width},${opts.viewport.height + chromeUi}`,
    `--window-position=${opts.position.x},${opts.position.y}`,
  ];
  if (platform === 'linux') args.push('--disable-gpu', '--disable-dev-shm-usage');
  if (opts.root) args.push('--no-sandbox');
  if (opts.ownScreen) args.push(...OWN_SCREEN_ARGS);
  args.push(...renderScaleArgs(opts.scale ?? 1, opts.ownScreen ? { viewport: opts.viewport } : null));
  return args;
}

/** The environment of a program on a lane's own screen: that X display and its cookie, and no Wayland one to prefer. */
export function screenEnv(env: NodeJS.ProcessEnv, screen: Pick<LaneScreen, 'display' | 'xauthority'>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, DISPLAY: screen.display, XAUTHORITY: screen.xauthority };
  delete out.WAYLAND_DISPLAY;
  return out;
}

/** Chrome's own "save password?" bubble would cover the page on a visible screen. */
async function writePreferences(userDataDir: string): Promise<void> {
  const file = path.join(userDataDir, 'Default', 'Preferences');
  try {
    await fs.access(file);
    return;
  } catch {
    // a fresh profile: seed it
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  const prefs = {
    credentials_enable_service: false,
    profile: { password_manager_enabled: false, default_content_setting_values: { notifications: 1 } },
    translate: { enabled: false },
    intl: { accept_languages: 'en-US,en' },
  };
  await fs.writeFile(file, JSON.stringify(prefs));
}

export interface LaunchLaneOptions {
  executablePath: string;
  userDataDir: string;
  /** Remove the profile first, so the run starts logged out (Meta wants the login on video). */
  fresh: boolean;
  headless: boolean;
  viewport: Viewport;
  /** Device pixels per CSS pixel the page is drawn at (renderScaleArgs); 1 when omitted. */
  scale?: number;
  position: { x: number; y: number };
  /** A screen of the lane's own (the `display` capture): the browser fills it, whatever `headless` says. */
  screen?: LaneScreen | null;
  env?: NodeJS.ProcessEnv;
  extraArgs?: string[];
}

export interface LaunchedLane {
  browser: Browser;
  page: Page;
  pid: number | undefined;
}

/** One browser process per lane: tabs of one browser starve the background tab (recording-notes.md). */
export async function launchLane(o: LaunchLaneOptions): Promise<LaunchedLane> {
  const env = o.screen ? screenEnv(o.env ?? process.env, o.screen) : (o.env ?? process.env);
  const headless = o.screen ? false : o.headless;
  if (!headless && process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    throw new UserError('external', 'there is no screen to open the browser windows on (DISPLAY is not set)', {
      hint: 'run with --headless, or start under a virtual screen: xvfb-run -a review-assistant …',
    });
  }
  if (o.fresh) await fs.rm(o.userDataDir, { recursive: true, force: true });
  await fs.mkdir(o.userDataDir, { recursive: true });
  await writePreferences(o.userDataDir);
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: o.executablePath,
      headless,
      userDataDir: o.userDataDir,
      defaultViewport: null,
      ignoreDefaultArgs: ['--enable-automation'],
      args: [
        ...laneArgs({
          headless,
          viewport: o.viewport,
          position: o.screen ? { x: 0, y: 0 } : o.position,
          root: process.getuid?.() === 0,
          scale: o.scale ?? 1,
          ownScreen: !!o.screen,
        }),
        ...(o.extraArgs ?? []),
      ],
      env: { ...env },
      // The process's own signal handling cancels the run and closes the browsers in order (the
      // CLI: Ctrl-C, SIGTERM, SIGHUP); puppeteer's would close them first, and the run would fail
      // as if a browser had crashed. A process that dies anyway takes them along (reapOnDeath).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      protocolTimeout: 60_000,
    });
  } catch (e) {
    const msg = (e as Error).message.split('\n').slice(0, 6).join('\n');
    throw new UserError('external', `the browser ${o.executablePath} did not start: ${msg}`, {
      hint: /ProcessSingleton|SingletonLock|profile.*in use/i.test(msg)
        ? `another browser uses the profile folder ${o.userDataDir}; close it or run with a fresh profile`
        : 'check that the browser runs on its own; set REVIEW_ASSISTANT_BROWSER to another Chrome, Chromium or Edge',
      cause: e,
    });
  }
  // Its own process group (puppeteer starts it detached): the whole tree goes if this process is killed.
  reapOnDeath(browser.process(), { group: true });
  try {
    const pages = await browser.pages();
    const page = pages[0] ?? (await browser.newPage());
    await preparePage(page);
    // Exact content size regardless of window decorations, so the capture is the lane's size.
    await page.setViewport(laneViewport(o.viewport, o.scale ?? 1));
    return { browser, page, pid: browser.process()?.pid };
  } catch (e) {
    await closeBrowser(browser);
    throw e;
  }
}

/**
 * Cursor and click highlight in this page and every document it loads later, and the
 * features of its popups remembered (popup-size.ts).
 */
export async function preparePage(page: Page): Promise<void> {
  for (const script of [CURSOR_SCRIPT, POPUP_FEATURES_SCRIPT]) {
    await page.evaluateOnNewDocument(script);
    await page.evaluate(script).catch(() => undefined);
  }
}

/** Closes politely, then kills: a browser must never outlive its run. */
export async function closeBrowser(browser: Browser, timeoutMs = 5000): Promise<void> {
  const proc = browser.process();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([browser.close(), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  } catch {
    // already gone or not answering: the kill below settles it
  } finally {
    if (timer) clearTimeout(timer);
  }
  if (proc && (proc.exitCode !== null || proc.signalCode !== null)) await helpersGone(proc.pid);
  if (proc && proc.exitCode === null && proc.signalCode === null) {
    // puppeteer starts the browser as a process-group leader on POSIX: take its helpers down too.
    try {
      if (process.platform !== 'win32' && proc.pid) process.kill(-proc.pid, 'SIGKILL');
      else proc.kill('SIGKILL');
    } catch {
      proc.kill('SIGKILL');
    }
    await new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) resolve();
      else proc.once('exit', () => resolve());
      setTimeout(resolve, 3000).unref();
    });
  }
}

/**
 * After a polite close the browser has ended, but its helpers (renderers, GPU, network) end a
 * moment later on their own; on a loaded machine that moment outlasted the run. Waits for them
 * (their process group, as /proc shows it; zombies do not count), then kills what is left.
 */
export async function helpersGone(pgid: number | undefined, graceMs = 2000): Promise<void> {
  if (!pgid || process.platform !== 'linux') return;
  const until = Date.now() + graceMs;
  while ((await groupMembers(pgid)) > 0) {
    if (Date.now() >= until) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
