// Proves the recorder screen hands a step whose element is gone to the person (visible windows on a virtual screen): Fill it for me, Done and Stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, openSample, PASSPHRASE, shot, startUi, ensureBuilt, type RunningApp } from './app-fixture';

/**
 * The sample's scenario with two of its sign-in steps broken as a changed page would break them:
 * the login field "renamed" (a fill) and the "Next" button renamed (a click). Recorded from the
 * app with visible windows on a virtual screen (Xvfb): the recorder screen shows each step handed
 * over with its caption, lane and what was looked for; "Fill it for me" types the login into the
 * field the page focused and the run goes on; "Done" goes on to the next step; "Stop" ends the run
 * as the person asked (cancelled, calm, "Update the scenario" still offered).
 */

test.setTimeout(420_000);

function findXvfb(): string | null {
  if (process.platform !== 'linux') return null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    try {
      accessSync(path.join(dir, 'Xvfb'), constants.X_OK);
      return path.join(dir, 'Xvfb');
    } catch {
      // not here
    }
  }
  return null;
}

const xvfb = findXvfb();
let screen: { proc: ChildProcess; display: string } | null = null;
let ui: (RunningApp & { stop(): Promise<void> }) | null = null;

/** An X screen of its own (Xvfb picks a free display number and writes it to fd 3 once it accepts clients). */
async function startScreen(bin: string): Promise<{ proc: ChildProcess; display: string }> {
  const proc = spawn(bin, ['-displayfd', '3', '-screen', '0', '1920x1080x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('Xvfb did not start in 10 s')), 10_000);
    (proc.stdio[3] as NodeJS.ReadableStream).on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    proc.once('exit', (code) => reject(new Error(`Xvfb ended (${code})`)));
  });
  return { proc, display };
}

test.beforeAll(async () => {
  if (!xvfb) return;
  ensureBuilt();
  screen = await startScreen(xvfb);
  const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: screen.display };
  delete env.WAYLAND_DISPLAY;
  delete env.XAUTHORITY;
  ui = await startUi(mkdtempSync(path.join(os.tmpdir(), 'ra-e2e-hand-over-')), PASSPHRASE, env);
});

test.afterAll(async () => {
  await ui?.stop();
  screen?.proc.kill();
  if (ui && !process.env.RA_E2E_KEEP) rmSync(ui.dataDir, { recursive: true, force: true });
});

/** A call to the app's api from the page, as the UI makes it (the token rides in the page's cookie). */
async function call<T>(page: Page, name: string, input: unknown): Promise<T> {
  const r = await page.evaluate(
    async ([n, i]) => {
      const res = await fetch(`api/${n}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(i) });
      return (await res.json()) as { ok: boolean; result?: unknown; error?: unknown };
    },
    [name, input] as const,
  );
  expect(r.ok, JSON.stringify(r.error)).toBe(true);
  return r.result as T;
}

interface RawStep {
  id: string;
  target?: unknown[];
  caption?: string;
}

test('a step whose element is gone is handed to the person: Fill it for me, Done and Stop', async ({ page }) => {
  test.skip(!xvfb, 'needs Xvfb (apt-get install xvfb): the hand-over happens only with visible windows');
  await openSample(page, ui!.launchUrl);

  // The page changed: the login field and the first "Next" button no longer match the scenario.
  const view = await call<{ scenario: { steps: RawStep[] } }>(page, 'loadScenario', { name: 'sample' });
  const steps = view.scenario.steps;
  const login = steps.findIndex((s) => s.id === 'admin-username');
  const next = steps.findIndex((s) => s.id === 'admin-username-next');
  expect(login).toBeGreaterThan(0);
  expect(next).toBe(login + 1);
  steps[login]!.target = [{ css: 'input[name="login-renamed"]' }];
  steps[next]!.target = [{ aria: { role: 'button', name: 'Continue to password' } }];
  await call(page, 'saveScenario', { name: 'sample', scenario: view.scenario });

  await page.getByRole('tab', { name: 'Recorder' }).click();
  await page.getByRole('checkbox', { name: 'Hidden browser windows' }).uncheck();
  await page.getByRole('button', { name: '● Record' }).click();

  // 1. The fill: the panel names the step, its lane and what was looked for; "Fill it for me" types
  // the login into the field the sign-in page focused, and the run goes on by itself.
  const panel = page.locator('.hand-over');
  await expect(panel).toBeVisible({ timeout: 180_000 });
  await expect(panel).toContainText(`Step ${login + 1}, “${steps[login]!.caption}”`);
  await expect(panel).toContainText('Webitel — admin and operator');
  await expect(panel.locator('code')).toContainText('input[name="login-renamed"]');
  await expect(panel.getByRole('button', { name: 'Done' })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Stop' })).toBeVisible();
  await shot(page, '60-hand-over-fill');
  await panel.getByRole('button', { name: 'Fill it for me' }).click();

  // 2. The click: a new hand-over, for the renamed button (no "Fill it for me" on a click).
  await expect(panel).toContainText(`Step ${next + 1}, “${steps[next]!.caption}”`, { timeout: 60_000 });
  await expect(panel.locator('code')).toContainText('Continue to password');
  await expect(panel.getByRole('button', { name: 'Fill it for me' })).toHaveCount(0);
  await shot(page, '61-hand-over-click');
  await panel.getByRole('button', { name: 'Done' }).click();

  // "Done" without the click: the run goes on to a later step, which misses in turn (no password field).
  await expect(panel.locator('#hand-over-title')).not.toContainText(`Step ${next + 1},`, { timeout: 60_000 });
  await expect(panel).toBeVisible({ timeout: 120_000 });
  const title = (await panel.locator('#hand-over-title').textContent()) ?? '';
  const later = Number(/Step (\d+)/.exec(title)?.[1]);
  expect(later, title).toBeGreaterThan(next + 1);
  await shot(page, '62-hand-over-later-step');

  // 3. Stop: the run ends as the person asked — calm, naming the step, not a red failure with
  // advice about selectors — and still offers to learn the step done by hand before it.
  // Named as the panel named it: "Step N, “caption”", or "Step N (id)" for a step without one.
  const laterName = /— (Step \d+.*), in the/.exec(title)?.[1] ?? '';
  await panel.getByRole('button', { name: 'Stop' }).click();
  const job = page.locator('.job');
  await expect.poll(() => job.getAttribute('data-status'), { timeout: 90_000 }).toBe('cancelled');
  const outcome = page.locator('.job-outcome');
  await expect(outcome).toHaveClass(/calm/);
  await expect(outcome).toHaveAttribute('role', 'status');
  await expect(outcome.locator('strong')).toHaveText(`Stopped at ${laterName}, as you asked`);
  await expect(outcome).not.toContainText(/selector|failed|error/i);
  await expect(page.locator('.job-outcome.bad')).toHaveCount(0);
  await expect(outcome.getByRole('button', { name: 'Update the scenario (1 step you did by hand)' })).toBeVisible();
  await expect(panel).toHaveCount(0);
  await shot(page, '63-hand-over-stopped');

  // The run's timeline says how each hand-over ended: the login typed for the person into the
  // field they had (learnt as a target), the click answered with Done, the last one stopped.
  const [rec] = await call<{ id: string }[]>(page, 'listRecordings', { name: 'sample' });
  const { folder } = await call<{ folder: string }>(page, 'getRecording', { name: 'sample', runId: rec!.id });
  const m = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { status: string; timeline: { type: string; stepId?: string }[] };
  expect(m.status).toBe('cancelled');
  expect(m.timeline.filter((e) => e.type === 'assist-stopped')).toHaveLength(1);
  const ended = m.timeline.filter((e) => e.type === 'assist-ended');
  expect(ended).toEqual([
    expect.objectContaining({ stepId: 'admin-username', how: 'fill-for-me', target: expect.objectContaining({ role: 'textbox', tag: 'input' }) }),
    expect.objectContaining({ stepId: 'admin-username-next', how: 'done' }),
  ]);
  expect(m.timeline.filter((e) => e.type === 'assist-started')).toHaveLength(3);
});
