// A scripted two-lane scenario over animated local pages (one opens a popup), the benchmark's and recorder tests' target.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { nowMs } from '../../app/common/progress';
import { sleep as wait } from '../../app/common/timeout';
import { laneViewport, OWN_SCREEN_ARGS, renderScaleArgs, screenEnv } from '../../app/recorder/browser/launch';
import { laneCaptureScales, scaledSize } from '../../app/media/canvas';
import type { LaneScreen } from '../../app/recorder/runner/types';
import { sizePopupAsAsked } from '../../app/recorder/browser/popup-size';
import { captureWarmup } from '../../app/recorder/runner/run';
import type { ScenarioDriver } from '../../app/recorder/record';
import type { TimelineEvent } from '../../app/recorder/timeline';

/**
 * A scripted two-lane "scenario" over animated local pages: the recorder's test target
 * before (and besides) the real runner and sandbox. Lane A opens a popup window mid-way,
 * like Webitel's "Add or remove pages" opens the Facebook consent.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
];

/**
 * How a bench lane browser is launched: drawn at `scale` as the product's runner draws its lanes
 * (launch.ts). One place, so the animated driver and the ceiling run compare like for like.
 */
export function benchLaneLaunch(
  viewport: { width: number; height: number },
  scale: number,
  screen: LaneScreen | null = null,
  headless = true,
): { args: string[]; defaultViewport: ReturnType<typeof laneViewport>; headless: boolean; env?: NodeJS.ProcessEnv; ignoreDefaultArgs?: string[] } {
  const base = { args: [...CHROMIUM_ARGS, ...renderScaleArgs(scale, screen ? { viewport } : null)], defaultViewport: laneViewport(viewport, scale), headless };
  if (!screen) return base;
  // On a screen of its own, as launch.ts puts a lane: a kiosk window filling it, nothing over the page.
  return {
    ...base,
    headless: false,
    args: [...base.args, ...OWN_SCREEN_ARGS, `--window-size=${viewport.width},${viewport.height}`, '--window-position=0,0'],
    env: screenEnv(process.env, screen),
    ignoreDefaultArgs: ['--enable-automation'],
  };
}

export function browserPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.REVIEW_ASSISTANT_BROWSER ?? env.CHROME_PATH ?? '/usr/bin/chromium';
}

/**
 * A square the scenario flips at each of its steps (page pixels, top right: clear of the
 * counter, the text the SSIM is taken over, the moving block and the chapter cards), so the
 * moment a step acts can be found in the composed video (caption-sync.ts).
 */
export const MARK_RECT = { x: 820, y: 70, w: 120, h: 120 } as const;

/**
 * An animated page: a moving block, a running counter and small text, so blur and dropped frames
 * show. `still`: the same page drawn once, the block and counter not moving; only the step marker
 * changes, as on the pages of a real demo, which change when a step acts and rest in between.
 */
export function animatedPage(title: string, hue: number, withPopupButton = false, still = false): string {
  return `<!doctype html><html><head><title>${title}</title><style>
  body{margin:0;font:18px/1.4 "DejaVu Sans",sans-serif;background:#fff;color:#1c1e21}
  header{padding:14px 20px;background:hsl(${hue},60%,40%);color:#fff;font-size:24px;font-weight:bold}
  #n{font:bold 56px monospace;padding:16px 20px}
  p{padding:0 20px;margin:6px 0}
  #box{position:absolute;width:${BOX_PATH.size}px;height:${BOX_PATH.size}px;background:hsl(${hue},70%,55%);border-radius:12px}
  button{margin:10px 20px;font-size:20px;padding:10px 18px}
  #mark{position:absolute;left:${MARK_RECT.x}px;top:${MARK_RECT.y}px;width:${MARK_RECT.w}px;height:${MARK_RECT.h}px;background:#808080}
  </style></head><body><header>${title}</header><div id="n">0</div><div id="mark"></div>
  ${withPopupButton ? "<button id=\"open\" onclick=\"window.open('/popup','consent','width=640,height=720')\">Add or remove pages</button>" : ''}
  ${Array.from({ length: 14 }, (_, i) => `<p>Line ${i + 1}: the quick brown fox jumps over the lazy dog — 0123456789</p>`).join('')}
  <div id="box"></div>
  <script>let k=0;window.__mark=()=>{k++;document.getElementById('mark').style.background=k%2?'#000':'#ffd400'};
  let i=0;const n=document.getElementById('n'),b=document.getElementById('box');
  function f(t){i++;n.textContent='frame '+i+' · '+(t/1000).toFixed(2)+' s';
  ${placeBox('b', 't')};${still ? '' : 'requestAnimationFrame(f)'}}requestAnimationFrame(f)</script></body></html>`;
}

/**
 * The moving block's path (CSS px against the frame's requestAnimationFrame time in ms): where
 * the block is in a picture tells which of the page's frames the picture shows (shot-moment.ts).
 */
export const BOX_PATH = { x0: 40, pxPerMs: 0.25, span: 700, y0: 560, amp: 120, msPerRad: 400, size: 90 } as const;

/** Page script: puts element `el` where BOX_PATH has it at requestAnimationFrame time `t` (both script expressions). */
export function placeBox(el: string, t: string): string {
  return `${el}.style.left=(${BOX_PATH.x0}+((${t}*${BOX_PATH.pxPerMs})%${BOX_PATH.span}))+'px';${el}.style.top=(${BOX_PATH.y0}+${BOX_PATH.amp}*Math.sin(${t}/${BOX_PATH.msPerRad}))+'px'`;
}

/** The block's colour for a page hue: hsl(hue, 70 %, 55 %) as CSS computes it, in 0–255 RGB. */
export function boxColour(hue: number): [number, number, number] {
  const s = 0.7;
  const l = 0.55;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** The hue of each lane's animated page (startPageServer). */
export const PAGE_HUES = { webitel: 150, messenger: 214 } as const;

const POPUP = `<!doctype html><html><head><title>Facebook</title><style>body{margin:0;font:20px "DejaVu Sans",sans-serif;background:#f0f2f5}
[role=dialog]{margin:40px auto;width:520px;background:#fff;border-radius:10px;padding:24px;box-shadow:0 2px 12px #0003}
h2{margin:0 0 16px}#c{font:bold 32px monospace;color:#1877f2}</style></head><body><div role="dialog"><h2>Choose the Pages you want Demo App to access</h2>
<label><input type="checkbox" aria-label="Acme Support"> Acme Support</label><div id="c">0</div><button id="done" onclick="window.close()">Continue</button></div>
<script>let i=0;(function f(){document.getElementById('c').textContent='consent '+(i++);requestAnimationFrame(f)})()</script></body></html>`;

export async function startPageServer(still = false): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0] ?? '';
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (req.url?.startsWith('/popup')) return res.end(POPUP);
    if (host.startsWith('facebook')) return res.end(animatedPage('Messenger — Acme Support', PAGE_HUES.messenger, false, still));
    return res.end(animatedPage('Webitel — Workspace', PAGE_HUES.webitel, true, still));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export interface AnimatedScenario {
  /** Seconds per step (each scene has two steps). */
  stepSec: number;
  /** How many scenes' worth of steps; the default five show the four permissions. */
  scenes?: number;
  viewport?: { width: number; height: number };
  popup?: boolean;
  /** Pages that rest between steps (animatedPage's `still`) instead of animating all the time. */
  still?: boolean;
  /** Called once half-way through, with the lane pages (the benchmark takes its screenshots here). */
  midway?: (pages: Page[]) => Promise<void>;
}

export const DEMO_SCENES = [
  { id: 'admin-login', title: 'The admin logs in to Webitel', permissions: [] as string[] },
  { id: 'connect-page', title: 'Connect the Facebook Page', permissions: ['pages_show_list'] },
  { id: 'webhook', title: 'Turn the Webhook subscription on', permissions: ['pages_manage_metadata'] },
  { id: 'message', title: 'The customer writes, the operator answers', permissions: ['pages_messaging'] },
  { id: 'profile', title: "The customer's name and picture", permissions: ['business_asset_user_profile_access'] },
];

/** Captions the scripted scenario shows (the integration test compares the .srt with these). */
export function animatedCaptions(sceneCount = DEMO_SCENES.length): Array<{ caption: string; explanation?: string }> {
  const out: Array<{ caption: string; explanation?: string }> = [];
  for (let s = 0; s < sceneCount; s++) {
    const scene = DEMO_SCENES[s % DEMO_SCENES.length]!;
    out.push({ caption: `${scene.title}: step one`, explanation: 'The highlighted control starts this part of the flow.' });
    out.push({ caption: s === 0 ? 'Enter the password ••••••••' : `${scene.title}: step two` });
  }
  return out;
}

export function animatedDriver(o: AnimatedScenario & { browser?: string }): ScenarioDriver {
  return async ({ hooks, onEvent, signal, headless, canvas }) => {
    const server = await startPageServer(o.still ?? false);
    const browsers: Browser[] = [];
    const ev = (e: TimelineEvent) => onEvent(e);
    const vp = o.viewport ?? { width: 960, height: 1080 };
    try {
      ev({ type: 'run-started', t: nowMs() });
      const lanes = [
        { id: 'webitel', title: 'Webitel — operator', url: `http://webitel.localhost:${server.port}/workspace/` },
        { id: 'messenger', title: 'Facebook Messenger — customer', url: `http://facebook.localhost:${server.port}/messages/t/acme` },
      ];
      const pages: Page[] = [];
      /** Settles once a popup's capture has started (or failed to). */
      let popupShown = null as Promise<void> | null;
      // As the product's runner does: each lane is drawn and recorded at the size the video shows it.
      const scales = laneCaptureScales(
        canvas,
        lanes.map(() => vp),
      );
      for (const [li, lane] of lanes.entries()) {
        const captureScale = scales[li]!;
        const screen = await hooks.screenFor(lane.id, scaledSize(vp, captureScale));
        const b = await puppeteer.launch({ executablePath: o.browser ?? browserPath(), ...benchLaneLaunch(vp, captureScale, screen, headless) });
        browsers.push(b);
        const page = (await b.pages())[0] ?? (await b.newPage());
        page.on('framenavigated', (f) => {
          if (f === page.mainFrame()) ev({ type: 'url-changed', t: nowMs(), laneId: lane.id, url: f.url(), popup: false });
        });
        page.on('popup', (p) => {
          if (!p) return;
          ev({ type: 'popup-opened', t: nowMs(), laneId: lane.id, url: p.url() });
          // As the runner does: on a screen of its own the popup is a real window, given the size it asked for.
          const sized = screen ? sizePopupAsAsked(page, p, vp, { ownScreen: true }) : Promise.resolve(null);
          popupShown = sized
            .then(() => hooks.onPopup(lane.id, p))
            .then(() => ev({ type: 'url-changed', t: nowMs(), laneId: lane.id, url: p.url(), popup: true }));
          p.once('close', () => {
            ev({ type: 'popup-closed', t: nowMs(), laneId: lane.id });
            void hooks.onPopupClosed(lane.id);
          });
        });
        pages.push(page);
      }
      // As the product's runner does: every browser started and every page loaded before any lane's capture starts.
      for (const [li, lane] of lanes.entries()) await pages[li]!.goto(lane.url);
      for (const [li, lane] of lanes.entries())
        await hooks.onLaneReady({ id: lane.id, title: lane.title, viewport: vp, captureScale: scales[li]! }, pages[li]!, browsers[li]!);
      const captions = animatedCaptions(o.scenes ?? DEMO_SCENES.length);
      let index = 0;
      const sleep = (ms: number) => wait(ms, signal);
      // As the product's runner does: the captures warm up before the first step acts.
      const warmup = await captureWarmup(pages, signal);
      if (signal.aborted) throw new Error('cancelled');
      // The cursor goes to a corner, clear of the moving block, the text the SSIM is taken over and the step marker.
      await Promise.all(pages.map((p) => p.mouse.move(vp.width - 40, vp.height - 60).catch(() => undefined)));
      const sceneCount = o.scenes ?? DEMO_SCENES.length;
      for (let s = 0; s < sceneCount; s++) {
        if (o.midway && s === Math.floor(sceneCount / 2)) await o.midway(pages);
        const scene = DEMO_SCENES[s % DEMO_SCENES.length]!;
        ev({
          type: 'scene-started',
          t: nowMs(),
          sceneId: `${scene.id}${s >= DEMO_SCENES.length ? `-${s}` : ''}`,
          title: scene.title,
          permissions: scene.permissions,
        });
        for (let k = 0; k < 2; k++) {
          const c = captions[index]!;
          const laneId = k === 0 ? 'webitel' : 'messenger';
          // The step "acts" as its caption starts: the marker flips in the acting lane. Its moment is
          // the page's own clock at the flip (an epoch clock, as nowMs is), so what is measured is
          // where the lanes are placed against the captions, not how slowly DevTools answered: a
          // stamp taken when the answer came was up to 4 frames late now and then, even on an idle machine.
          const flippedAt = await pages[k]!.evaluate(() => {
            (window as unknown as { __mark?: () => void }).__mark?.();
            return performance.timeOrigin + performance.now();
          }).catch(() => Number.NaN);
          const t = Number.isFinite(flippedAt) ? Math.min(flippedAt, nowMs()) : nowMs();
          ev({
            type: 'step-started',
            t,
            index,
            stepId: `s${s}-${k}`,
            sceneId: scene.id,
            laneId,
            action: 'pause',
            caption: c.caption,
            ...(c.explanation ? { explanation: c.explanation } : {}),
          });
          if (s === 1 && k === 0 && (o.popup ?? true)) {
            await pages[0]!.click('#open');
            // As a person would, the window is on screen before anything is done in it: with short
            // steps on a loaded machine, the window was closed before its capture had started.
            const opened = nowMs();
            while (!popupShown && nowMs() - opened < 5000) await sleep(20);
            // Bounded: a capture that never starts must not hang the scenario (the test then says what is missing).
            await Promise.race([popupShown, sleep(5000)]);
            await sleep((o.stepSec * 1000) / 2);
            const popup = (await browsers[0]!.pages()).find((p) => p.url().includes('/popup'));
            await sleep((o.stepSec * 1000) / 2);
            await popup?.evaluate(() => window.close()).catch(() => undefined);
            await sleep(200);
          } else {
            await sleep(o.stepSec * 1000);
          }
          ev({ type: 'step-succeeded', t: nowMs(), index, stepId: `s${s}-${k}`, durationMs: nowMs() - t });
          index++;
        }
      }
      await hooks.beforeClose();
      ev({ type: 'run-finished', t: nowMs(), status: 'passed' });
      return { status: 'passed', warmup };
    } catch (e) {
      if (signal.aborted) return { status: 'cancelled' };
      return { status: 'failed', error: e };
    } finally {
      await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
      await server.close();
    }
  };
}
