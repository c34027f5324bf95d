// Live previews of the lanes for the UI, taken so that they cannot change what is recorded.
import type { CDPSession, Page } from 'puppeteer-core';
import { screenEnv } from '../recorder/browser/launch';
import { startPreviewGrab, type PreviewGrab } from '../recorder/capture/preview-grab';
import { type FfmpegTools } from '../media/tools';
import type { LaneScreen } from '../recorder/runner/types';

export interface PreviewSink {
  (laneId: string, title: string, jpeg: Buffer, url: string): void;
}

interface Lane {
  title: string;
  page: Page;
  popup: Page | null;
  /** Set when the lane draws on a screen of its own: the preview reads that screen. */
  grab: PreviewGrab | null;
  busy: boolean;
}

/** Pictures a second and their width: enough to follow a run, too few to cost the recording. */
const SCREEN_FPS = 2;
const PREVIEW_WIDTH = 480;

/**
 * One small JPEG per lane about every 500 ms, taken one of two ways:
 *  - a lane on a screen of its own (the screen capture) is read from that screen by an ffmpeg at
 *    the lowest priority, as the capture reads it: the page is not asked for anything, and popups
 *    show where they are on the screen;
 *  - otherwise `Page.captureScreenshot` of the lane's popup while one is open, else its page,
 *    WITHOUT a clip: a clip (even at scale 1) makes Chrome change the page's device emulation for
 *    the shot, which the screen capture recorded as the page drawn at 40 % of its lane
 *    (test/integration/recorder/preview-take.test.ts holds both ways to that).
 * A preview is only a picture for people; any failure just skips a frame.
 */
export class LanePreviews {
  private readonly lanes = new Map<string, Lane>();
  private readonly sessions = new WeakMap<Page, Promise<CDPSession>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly sink: PreviewSink,
    private readonly opts: { intervalMs?: number; quality?: number; active?: () => boolean; tools?: FfmpegTools } = {},
  ) {}

  /** A lane whose browser is up; `screen` when it draws on a screen of its own. */
  addLane(id: string, title: string, page: Page, screen: LaneScreen | null): void {
    if (this.stopped) return;
    const lane: Lane = { title, page, popup: null, grab: null, busy: false };
    this.lanes.set(id, lane);
    if (screen && this.opts.tools) {
      lane.grab = startPreviewGrab(
        this.opts.tools,
        {
          display: screen.display,
          width: screen.size.width,
          height: screen.size.height,
          fps: SCREEN_FPS,
          outWidth: Math.min(PREVIEW_WIDTH, screen.size.width),
        },
        screenEnv(process.env, screen),
        (jpeg) => {
          if (this.opts.active && !this.opts.active()) return;
          const shown = lane.popup && !lane.popup.isClosed() ? lane.popup : lane.page;
          this.sink(id, title, jpeg, shown.isClosed() ? '' : shown.url());
        },
      );
      return;
    }
    if (!this.timer) {
      this.timer = setInterval(() => void this.tick(), this.opts.intervalMs ?? 500);
      this.timer.unref?.();
    }
  }

  popup(id: string, page: Page | null): void {
    const l = this.lanes.get(id);
    if (l) l.popup = page;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    const waits: Promise<unknown>[] = [];
    for (const l of this.lanes.values()) {
      if (l.grab) waits.push(l.grab.stop());
      for (const p of [l.page, l.popup])
        if (p)
          waits.push(
            this.sessions
              .get(p)
              ?.then((s) => s.detach())
              .catch(() => undefined) ?? Promise.resolve(),
          );
    }
    this.lanes.clear();
    await Promise.all(waits);
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
      if (l.busy || l.grab) continue;
      const page = l.popup && !l.popup.isClosed() ? l.popup : l.page;
      if (page.isClosed()) continue;
      l.busy = true;
      void (async () => {
        try {
          const cdp = await this.session(page);
          const r = (await cdp.send('Page.captureScreenshot', { format: 'jpeg', quality: this.opts.quality ?? 50, optimizeForSpeed: true })) as {
            data: string;
          };
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
