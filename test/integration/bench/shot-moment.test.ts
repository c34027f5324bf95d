// Proves the bench reads a screenshot's moment from the animated page's picture in real Chromium, within the screenshot call.
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowMs } from '../../../app/common/progress';
import { browserPath, CHROMIUM_ARGS, PAGE_HUES, startPageServer } from '../../../scripts/bench/animated-driver';
import { shotMoment } from '../../../scripts/bench/shot-moment';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tools } from '../recorder/helpers';

describe("a screenshot's moment, read from the animated page's picture", () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startPageServer>>;
  let dir: string;
  beforeAll(async () => {
    server = await startPageServer();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-shot-'));
    browser = await puppeteer.launch({ executablePath: browserPath(), headless: true, args: CHROMIUM_ARGS, defaultViewport: { width: 960, height: 1080 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('finds the block in real Chromium screenshots of both pages, at a moment inside the call', async () => {
    for (const [lane, url] of [
      ['webitel', `http://webitel.localhost:${server.port}/workspace/`],
      ['messenger', `http://facebook.localhost:${server.port}/messages/t/acme`],
    ] as const) {
      const page = await browser.newPage();
      await page.goto(url);
      await new Promise((r) => setTimeout(r, 300));
      const origin = await page.evaluate(() => performance.timeOrigin);
      for (let k = 0; k < 3; k++) {
        const file = path.join(dir, `${lane}-${k}.png`);
        const t0 = nowMs();
        await page.screenshot({ path: file as `${string}.png` });
        const t1 = nowMs();
        const at = await shotMoment(tools.ffmpeg, file, PAGE_HUES[lane], origin, t0, t1);
        expect(at, `${lane} shot ${k}`).not.toBeNull();
        // The picture is made during the call (a frame may have begun just before it).
        expect(at!).toBeGreaterThan(t0 - 50);
        expect(at!).toBeLessThan(t1);
      }
      await page.close();
    }
  });
});
