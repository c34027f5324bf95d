// The e2e fixture: builds the UI, starts `review-assistant ui` on a fresh data folder per worker, and opens the app or the sample.
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, readdirSync, existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PASSPHRASE = 'e2e-vault-passphrase';
export const SCREENS = path.join(ROOT, 'test-results', 'screens');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds the UI when a source is newer than `dist/renderer/index.html` (the e2e run tests the built UI). */
export function ensureBuilt(): void {
  const index = path.join(ROOT, 'dist/renderer/index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(newest(path.join(ROOT, 'renderer')), newest(path.join(ROOT, 'app/api')), statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs);
  if (sources <= built) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--renderer'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the UI build failed');
}

export interface RunningApp {
  launchUrl: string;
  origin: string;
  dataDir: string;
}

/**
 * Runs `review-assistant ui --no-open` on `dataDir`, as a user would; `passphrase` is given as
 * REVIEW_ASSISTANT_PASSPHRASE (without it an existing vault starts locked, as the desktop app's does);
 * `baseEnv` e.g. with the DISPLAY of a virtual screen, for recordings with visible windows.
 */
export async function startUi(
  dataDir: string,
  passphrase: string | null,
  baseEnv: NodeJS.ProcessEnv = process.env,
): Promise<RunningApp & { stop(): Promise<void> }> {
  const env = { ...baseEnv };
  delete env.REVIEW_ASSISTANT_PASSPHRASE;
  if (passphrase !== null) env.REVIEW_ASSISTANT_PASSPHRASE = passphrase;
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'scripts/review-assistant.mjs'), 'ui', '--no-open', '--data-dir', dataDir], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`review-assistant ui did not start:\n${out}`)), 30_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`review-assistant ui exited (${code}):\n${out}`)));
  }).catch((e: unknown) => {
    child.kill('SIGKILL');
    throw e;
  });
  const stop = async () => {
    child.kill('SIGINT');
    await new Promise((r) => {
      const t = setTimeout(() => {
        child.kill('SIGKILL');
        r(undefined);
      }, 5000);
      child.once('exit', () => {
        clearTimeout(t);
        r(undefined);
      });
    });
  };
  return { launchUrl, origin: new URL(launchUrl).origin, dataDir, stop };
}

/** Starts `review-assistant ui` on a fresh data folder, stops it and removes the folder after `use`. */
async function withFreshUi(use: (app: RunningApp) => Promise<void>): Promise<void> {
  ensureBuilt();
  mkdirSync(SCREENS, { recursive: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ra-e2e-'));
  const ui = await startUi(dataDir, PASSPHRASE);
  try {
    await use({ launchUrl: ui.launchUrl, origin: ui.origin, dataDir });
  } finally {
    await ui.stop();
    if (!process.env.RA_E2E_KEEP) rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * `app`: `review-assistant ui` on a fresh data folder, shared by a worker's specs (the first one to
 * open it creates the vault). `freshApp`: one of its own for a single test, for what only a first
 * run shows (no vault yet, no submissions), whichever spec ran before it in the worker.
 */
export const test = base.extend<{ freshApp: RunningApp }, { app: RunningApp }>({
  // eslint-disable-next-line no-empty-pattern
  freshApp: [async ({}, use) => withFreshUi(use), { timeout: 60_000 }],
  app: [
    // Playwright reads the fixture list from this destructuring: it must stay an (empty) object pattern.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => withFreshUi(use),
    { scope: 'worker', timeout: 120_000 },
  ],
});

export { expect } from '@playwright/test';

/** A screenshot of what the person sees, to be looked at: test-results/screens/<name>.png. */
export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENS, `${name}.png`) });

/** Opens the app at its launch address; creates the vault the first time (a later spec in the worker finds it unlocked). */
export async function openApp(page: Page, launchUrl: string): Promise<void> {
  await page.goto(launchUrl);
  const create = page.getByRole('button', { name: 'Create vault' });
  await expect(create.or(page.getByRole('button', { name: '+ New submission' }))).toBeVisible();
  if (await create.isVisible()) {
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Repeat passphrase').fill(PASSPHRASE);
    await create.click();
  }
}

/** Opens the sample submission, creating it first when this worker's data folder has none. */
export async function openSample(page: Page, launchUrl: string): Promise<void> {
  await openApp(page, launchUrl);
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible();
  const item = page.locator('.sub-item').filter({ has: page.locator('.tag', { hasText: /^sample$/ }) });
  if (await item.count()) await item.first().click();
  else {
    await page.getByRole('button', { name: '+ New submission' }).click();
    await page.getByText('The sample — fake values').click();
    await page.getByRole('button', { name: 'Create', exact: true }).click();
  }
  await expect(page.getByRole('heading', { level: 1, name: /Sample submission/ })).toBeVisible();
}

/**
 * What a person would find wrong in the layout, one line each: the page scrolling sideways, the
 * sticky save bar over the section tabs, a control past the window's right edge, anything sticking
 * out of its card, and a name cut short (a chapter, a clip, a recording) where it should wrap.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const say = (el: Element) =>
      `"${(el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30)}" (${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''})`;
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) out.push(`the page scrolls sideways (${root.scrollWidth} px in ${root.clientWidth} px)`);
    const tabs = document.querySelector('[role="tablist"][aria-label="Sections"]')?.getBoundingClientRect();
    const bar = document.querySelector('.savebar')?.getBoundingClientRect();
    if (tabs && bar && bar.top < tabs.bottom - 1 && bar.bottom > tabs.top)
      out.push(`the save bar (top ${Math.round(bar.top)}) covers the tabs (bottom ${Math.round(tabs.bottom)})`);
    for (const el of document.querySelectorAll<HTMLElement>('button, [role="tab"], h1, h2, label')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > window.innerWidth + 1) out.push(`${say(el)} runs past the right edge`);
    }
    for (const card of document.querySelectorAll<HTMLElement>('.card')) {
      const c = card.getBoundingClientRect();
      for (const el of card.querySelectorAll<HTMLElement>('*')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || getComputedStyle(el).position === 'fixed') continue;
        if (r.right > c.right + 1 || r.left < c.left - 1)
          out.push(`${say(el)} sticks out of its card by ${Math.round(Math.max(r.right - c.right, c.left - r.left))} px`);
      }
    }
    for (const el of document.querySelectorAll<HTMLElement>('.chapters button, .clips button, .rec-item span, .result strong')) {
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${say(el)} is cut (${el.scrollWidth} px of text in ${el.clientWidth} px)`);
    }
    // A step's caption is cut to one line on purpose, but must keep room to be read.
    for (const el of document.querySelectorAll<HTMLElement>('.step-caption')) {
      const w = el.getBoundingClientRect().width;
      if (w > 0 && w < 90) out.push(`${say(el)} has ${Math.round(w)} px: too narrow to read`);
    }
    return [...new Set(out)];
  });
}
