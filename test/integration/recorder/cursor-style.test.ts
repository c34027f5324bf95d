// Proves the cursor drawn into every page keeps its size and colour whatever the page's own styles say (real Chromium).
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURSOR_SCRIPT } from '../../../app/recorder/browser/cursor';
import { browserPath, CHROMIUM_ARGS } from '../../../scripts/bench/animated-driver';

/**
 * The cursor drawn into every page keeps its size and colour whatever the page's own styles say:
 * the Webitel sandbox's `svg { width: 20px; height: 20px }` drew it a third of its size, too
 * small for a reviewer to follow and for the picture-lag glide to be seen (real Chromium).
 */
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await puppeteer.launch({ executablePath: browserPath(), headless: true, args: CHROMIUM_ARGS });
  page = (await browser.pages())[0] ?? (await browser.newPage());
  await page.setViewport({ width: 400, height: 300 });
});

afterAll(async () => {
  await browser?.close();
});

/** The rows and columns of the screenshot's dark pixels (the arrow's fill). */
async function darkBox(): Promise<{ w: number; h: number } | null> {
  const png = await page.screenshot({ encoding: 'base64' });
  return page.evaluate(async (src) => {
    const img = new Image();
    img.src = `data:image/png;base64,${src}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -1,
      y1 = -1;
    for (let y = 0; y < c.height; y++) {
      for (let x = 0; x < c.width; x++) {
        const i = (y * c.width + x) * 4;
        if (d[i]! < 40 && d[i + 1]! < 40 && d[i + 2]! < 40) {
          x0 = Math.min(x0, x);
          y0 = Math.min(y0, y);
          x1 = Math.max(x1, x);
          y1 = Math.max(y1, y);
        }
      }
    }
    return x1 < 0 ? null : { w: x1 - x0 + 1, h: y1 - y0 + 1 };
  }, png);
}

describe('the cursor drawn into the page', () => {
  it('is the same size on a plain page and on one that styles every svg, path and div', async () => {
    const sizes: Array<{ w: number; h: number } | null> = [];
    for (const css of ['', 'svg{width:20px!important;height:20px!important} path{fill:#f00!important;stroke:none} div{padding:30px;transform:scale(0.5)}']) {
      // A fresh document each time (a page loads the cursor script once per document).
      await page.goto(
        `data:text/html,${encodeURIComponent(`<!doctype html><style>body{margin:0;background:#fff}${css}</style><p style="color:#999">page</p>`)}`,
      );
      await page.evaluate(CURSOR_SCRIPT);
      await page.mouse.move(200, 150);
      await new Promise((r) => setTimeout(r, 100));
      sizes.push(await darkBox());
    }
    // The arrow's dark fill, inside its white outline: about 21 × 31 px (cursor.ts).
    expect(sizes[0]!.h).toBeGreaterThanOrEqual(28);
    expect(sizes[1], JSON.stringify(sizes)).toEqual(sizes[0]);
  });
});
