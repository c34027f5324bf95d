// Proves the steady-drawing wait in real Chromium: calm pages pass at once, stalling pages are waited out up to the limit.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameTimesScript, waitForSteadyDrawing } from '../../../app/recorder/browser/steady-drawing';
import { browserPath, CHROMIUM_ARGS } from '../../../scripts/bench/animated-driver';

/** A page whose main thread is blocked for `busyMs` every `everyMs` (a stalled browser, as seen from the page), until `forMs` have passed. */
const stallingPage = (busyMs: number, everyMs: number, forMs: number) => `<p>busy</p><script>
  var until = performance.now() + ${forMs};
  var id = setInterval(function () {
    if (performance.now() > until) return clearInterval(id);
    var end = performance.now() + ${busyMs}; while (performance.now() < end) {}
  }, ${everyMs});
</script>`;

describe('waiting for steady drawing (real Chromium)', () => {
  // One browser a page, as the lanes are: a background tab draws no frames.
  const browsers: Browser[] = [];
  const pages: Page[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const b = await puppeteer.launch({ executablePath: browserPath(), headless: true, args: CHROMIUM_ARGS });
      browsers.push(b);
      pages.push((await b.pages())[0] ?? (await b.newPage()));
    }
  });
  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
  });

  it("samples the page's own frame times", async () => {
    await pages[0]!.setContent('<p>calm</p>');
    const times = (await pages[0]!.evaluate(frameTimesScript(200))) as number[];
    expect(times.length).toBeGreaterThan(5);
    expect(times[times.length - 1]! - times[0]!).toBeGreaterThanOrEqual(200);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('a page that draws no frames (a background tab) is not steady, and does not hang the wait', async () => {
    const hidden = await browsers[0]!.newPage();
    try {
      await hidden.setContent('<p>calm</p>');
      await pages[0]!.bringToFront();
      const r = await waitForSteadyDrawing([hidden], { windowMs: 200, limitMs: 1000 });
      expect(r.steady).toBe(false);
      expect(r.lastGapsMs).toEqual([null]);
    } finally {
      await hidden.close();
    }
  });

  it('calm pages are steady at once', async () => {
    for (const p of pages) await p.setContent('<p>calm</p>');
    const r = await waitForSteadyDrawing(pages, { windowMs: 300, limitMs: 5000 });
    expect(r.steady).toBe(true);
    expect(r.windows).toBeLessThanOrEqual(3);
  });

  it('a page that keeps stalling is not steady, and the wait ends at its limit', async () => {
    await pages[0]!.setContent('<p>calm</p>');
    await pages[1]!.setContent(stallingPage(120, 200, 60_000));
    const r = await waitForSteadyDrawing(pages, { windowMs: 300, limitMs: 1500 });
    expect(r.steady).toBe(false);
    expect(r.waitedMs).toBeGreaterThanOrEqual(1500);
    expect(r.lastGapsMs[1]).toBeGreaterThan(50);
  });

  it('waits while a page stalls and goes on once it draws steadily', async () => {
    await pages[0]!.setContent('<p>calm</p>');
    await pages[1]!.setContent(stallingPage(120, 200, 1200));
    const r = await waitForSteadyDrawing(pages, { windowMs: 300, limitMs: 8000 });
    expect(r.steady).toBe(true);
    expect(r.waitedMs).toBeGreaterThanOrEqual(900);
  });
});
