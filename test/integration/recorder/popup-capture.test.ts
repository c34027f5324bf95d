import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunCapture } from '../../../app/recorder/capture/run-capture';
import { browserPath, CHROMIUM_ARGS } from '../../../scripts/bench/animated-driver';
import { childFfmpegPids, tools } from './helpers';

describe('popup capture', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-popup-'));
    await fs.mkdir(path.join(dir, 'lanes'));
    browser = await puppeteer.launch({ executablePath: browserPath(), headless: true, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('a popup closed while its capture is still starting stops that capture once started: nothing left running', async () => {
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    await page.setContent('<p>lane</p>');
    const popupOpened = new Promise<Page | null>((resolve) => page.once('popup', resolve));
    await page.evaluate(() => void window.open('about:blank', 'consent', 'width=400,height=300'));
    const popup = (await popupOpened)!;
    await popup.setContent('<h1 style="font-size:80px">Consent</h1>');

    const errors: unknown[] = [];
    const capture = new RunCapture({ dir, tools, method: 'screencast', onError: (e) => errors.push(e) });
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
});
