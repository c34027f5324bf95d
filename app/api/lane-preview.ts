import type { CDPSession, Page } from 'puppeteer-core';

export interface PreviewSink {
  (laneId: string, title: string, jpeg: Buffer, url: string): void;
}

/**
 * Low-rate previews of the lanes for the UI: one small JPEG per lane about every 500 ms,
 * from the lane's popup while one is open (the consent dialog), else its main page.
 * A preview is only a picture for people; any failure just skips a frame.
 */
export class LanePreviews {
  private readonly lanes = new Map<string, { title: string; page: Page; popup: Page | null; width: number; height: number; busy: boolean }>();
  private readonly sessions = new WeakMap<Page, Promise<CDPSession>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: PreviewSink,
    private readonly opts: { intervalMs?: number; scale?: number; quality?: number; active?: () => boolean } = {},
  ) {}

  addLane(id: string, title: string, page: Page, viewport: { width: number; height: number }): void {
    this.lanes.set(id, { title, page, popup: null, width: viewport.width, height: viewport.height, busy: false });
    if (!this.timer) {
      this.timer = setInterval(() => void this.tick(), this.opts.intervalMs ?? 500);
      this.timer.unref?.();
    }
  }

  popup(id: string, page: Page | null): void {
    const l = this.lanes.get(id);
    if (l) l.popup = page;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const l of this.lanes.values()) for (const p of [l.page, l.popup]) if (p) void this.sessions.get(p)?.then((s) => s.detach()).catch(() => undefined);
    this.lanes.clear();
  }

  /**
   * A CDP session of our own: puppeteer's page.screenshot() takes a per-context screenshot
   * lock and evaluates in the page, which can interfere with the steps being played.
   */
  private session(page: Page): Promise<CDPSession> {
    let s = this.sessions.get(page);
    if (!s) {
      s = page.createCDPSession();
      this.sessions.set(page, s);
    }
    return s;
  }

  private async tick(): Promise<void> {
    if (this.opts.active && !this.opts.active()) return;
    for (const [id, l] of this.lanes) {
      if (l.busy) continue;
      const page = l.popup && !l.popup.isClosed() ? l.popup : l.page;
      if (page.isClosed()) continue;
      l.busy = true;
      void (async () => {
        try {
          const vp = page.viewport() ?? { width: l.width, height: l.height };
          const cdp = await this.session(page);
          const r = (await cdp.send('Page.captureScreenshot', {
            format: 'jpeg',
            quality: this.opts.quality ?? 55,
            optimizeForSpeed: true,
            clip: { x: 0, y: 0, width: vp.width, height: vp.height, scale: this.opts.scale ?? 0.4 },
          })) as { data: string };
          this.sink(id, l.title, Buffer.from(r.data, 'base64'), page.url());
        } catch {
          // The page navigated or closed mid-shot: skip this frame.
        } finally {
          l.busy = false;
        }
      })();
    }
  }
}
