// Proves popup windows are captured at their own shape and scale, and that a popup closed mid-start leaves no capture running.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { laneViewport, renderScaleArgs } from '../../../app/recorder/browser/launch';
import { popupCaptureSize, popupContentSize, RunCapture } from '../../../app/recorder/capture/run-capture';
import { screencast } from '../../../app/recorder/capture/screencast';
import { browserPath, CHROMIUM_ARGS } from '../../../scripts/bench/animated-driver';
import { childFfmpegPids, pixelAt, probeVideo, tools } from './helpers';

describe('popup capture', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-popup-'));
    await fs.mkdir(path.join(dir, 'lanes'));
    browser = await puppeteer.launch({ executablePath: browserPath(), headless: true, args: CHROMIUM_ARGS });
  });
  /** A popup the lane page opens (asking for 400×300), showing `html`. */
  async function openPopup(name: string, html: string): Promise<Page> {
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    await page.setContent('<p>lane</p>');
    const popupOpened = new Promise<Page | null>((resolve) => page.once('popup', resolve));
    await page.evaluate((n) => void window.open('about:blank', n, 'width=400,height=300'), name);
    const popup = (await popupOpened)!;
    await popup.setContent(html);
    return popup;
  }
  afterAll(async () => {
    await browser?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('a popup closed while its capture is still starting stops that capture once started: nothing left running', async () => {
    const popup = await openPopup('consent', '<h1 style="font-size:80px">Consent</h1>');

    const errors: unknown[] = [];
    const capture = new RunCapture({ dir, tools, methods: [screencast], onError: (e) => errors.push(e) });
    // The close arrives before the capture has started (what a loaded machine does).
    const opening = capture.onPopup('webitel', popup);
    const closing = capture.onPopupClosed('webitel');
    await Promise.all([opening, closing]);
    await popup.close();
    await capture.beforeClose();

    // Stopped as soon as it started, it may have no picture: a clean error, not a running capture.
    expect(errors.map(String).filter((e) => !/no picture was captured/.test(e))).toEqual([]);
    const [rec] = capture.popupRecords();
    expect(rec?.closedMs).not.toBeNull();
    if (rec?.capture) await expect(fs.access(path.join(dir, rec.capture.file))).resolves.toBeUndefined();
    expect(await childFfmpegPids()).toEqual([]);
  });

  it("captures a popup at its own shape, not letterboxed into its lane's: the picture is the page edge to edge", async () => {
    // Headless Chrome ignores the size asked for (it opens 800×565): the capture must follow what the popup is.
    const popup = await openPopup('consent2', '<style>html,body{margin:0;height:100%;background:#d00000}</style><h1 style="color:#fff">Consent</h1>');
    const inner = await popup.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight }));

    const capture = new RunCapture({ dir, tools, methods: [screencast] });
    await capture.onPopup('webitel', popup);
    await new Promise((r) => setTimeout(r, 1500));
    await capture.onPopupClosed('webitel');
    await popup.close();
    await capture.beforeClose();

    const rec = capture.popupRecords()[0]!;
    const cap = rec.capture!;
    const expected = popupCaptureSize(inner, { width: 800, height: 700 });
    expect({ width: cap.width, height: cap.height }).toEqual(expected);
    expect(Math.abs(cap.width / cap.height - inner.width / inner.height)).toBeLessThan(0.01);
    const { video } = await probeVideo(path.join(dir, cap.file));
    expect([video.width, video.height]).toEqual([cap.width, cap.height]);
    // Red to every edge: a white band (the old letterbox) would show at the top, bottom or sides.
    for (const [x, y] of [
      [cap.width / 2, 3],
      [cap.width / 2, cap.height - 4],
      [3, cap.height / 2],
      [cap.width - 4, cap.height / 2],
    ] as const) {
      const [r, g, b] = await pixelAt(path.join(dir, cap.file), 1, Math.round(x), Math.round(y));
      expect(r, `pixel at ${x},${y}`).toBeGreaterThan(150);
      expect(g + b, `pixel at ${x},${y}`).toBeLessThan(120);
    }
  });

  it('in a lane drawn scaled, a popup is measured in the pixels the browser draws it at', async () => {
    // As the bench's lanes are launched: the browser draws at 0.5, each page keeps that scale (viewport scale 0).
    const scaled = await puppeteer.launch({
      executablePath: browserPath(),
      headless: true,
      args: [...CHROMIUM_ARGS, ...renderScaleArgs(0.5)],
      defaultViewport: laneViewport({ width: 800, height: 600 }, 0.5),
    });
    try {
      const page = (await scaled.pages())[0] ?? (await scaled.newPage());
      const popupOpened = new Promise<Page | null>((resolve) => page.once('popup', resolve));
      await page.evaluate(() => void window.open('about:blank', 'consent3', 'width=400,height=300'));
      const popup = (await popupOpened)!;
      expect(popup.viewport()?.deviceScaleFactor).toBe(0);
      const css = await popup.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight, dpr: window.devicePixelRatio }));
      expect(css.dpr).toBeCloseTo(0.5, 4);
      // Not 0×0 (the viewport's scale of 0 taken as a factor), not the CSS size: what the capture gets.
      const size = await popupContentSize(popup);
      expect(size).toEqual({ width: Math.round(css.width * css.dpr), height: Math.round(css.height * css.dpr) });
    } finally {
      await scaled.close();
    }
  });
});
