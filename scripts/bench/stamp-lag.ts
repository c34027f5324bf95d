/**
 * How late Chrome's recorder places page frames, with nothing of the app's compose around it:
 * two lanes recorded by `Page.startScreenRecording`, each page a block whose position encodes
 * the requestAnimationFrame time it was drawn at (BOX_PATH). Every recorded frame's place on
 * the run clock (the file placed by its end, as the recorder does) is compared with the time
 * the page drew it. Phases switch the pages between `move` (the block moves every frame) and
 * `jump` (it moves once per 500 ms, as a page that changes now and then).
 *
 *   node --import tsx scripts/bench/stamp-lag.ts [move:4,jump:4,...] [frameRate]
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { nowMs } from '../../app/common/progress';
import { anchorByEnd, startChromeRecorder } from '../../app/recorder/capture/chrome-recorder';
import { resolveFfmpegTools } from '../../app/media/tools';
import { laneCaptureScales } from '../../app/media/canvas';
import { benchLaneLaunch, BOX_PATH, boxColour, browserPath, PAGE_HUES, placeBox } from './animated-driver';
import { findBox, timeOfBox } from './shot-moment';

export interface Phase {
  mode: 'move' | 'jump';
  ms: number;
}

export function parsePhases(arg: string): Phase[] {
  return arg.split(',').map((p) => {
    const [mode, sec] = p.split(':');
    if ((mode !== 'move' && mode !== 'jump') || !(Number(sec) > 0)) throw new Error(`a phase is move:SECONDS or jump:SECONDS, not "${p}"`);
    return { mode, ms: Number(sec) * 1000 };
  });
}

/** The p-th quantile (0–1) of `xs`, by the nearest rank below. */
export function quantile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN;
}

function page(hue: number): string {
  return `<!doctype html><html><body style="margin:0;background:#fff;font:18px sans-serif">${Array.from({ length: 14 }, (_, i) => `<p>Line ${i + 1}: the quick brown fox</p>`).join('')}
<div id="box" style="position:absolute;width:${BOX_PATH.size}px;height:${BOX_PATH.size}px;background:hsl(${hue},70%,55%);border-radius:12px"></div>
<script>window.mode='move';let last=-1e9;const b=document.getElementById('box');function f(t){if(window.mode==='move'||t-last>=500){last=t;${placeBox('b', 't')}}requestAnimationFrame(f)}requestAnimationFrame(f)</script></body></html>`;
}

const run = (cmd: string, args: string[]) =>
  new Promise<{ out: Buffer; err: string }>((ok, no) =>
    execFile(cmd, args, { encoding: 'buffer', maxBuffer: 2 ** 32 - 1 }, (e, out, err) => (e ? no(e) : ok({ out, err: err.toString() }))),
  );

async function main(): Promise<void> {
  const phases = parsePhases(process.argv[2] ?? 'move:4,jump:4,move:4');
  const frameRate = Number(process.argv[3] ?? 30);
  const tools = resolveFfmpegTools();
  const hues = [PAGE_HUES.webitel, PAGE_HUES.messenger];
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(page(hues[Number(req.url?.slice(1)) || 0]!));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const vp = { width: 960, height: 1080 };
  const scales = laneCaptureScales(1920, [vp, vp]);
  const lanes: Array<{ browser: Browser; page: Page; scale: number }> = [];
  try {
    for (const i of hues.keys()) {
      const launch = benchLaneLaunch(vp, scales[i]!);
      const browser = await puppeteer.launch({ executablePath: browserPath(), headless: true, args: launch.args, defaultViewport: launch.defaultViewport });
      lanes.push({ browser, page: (await browser.pages())[0]!, scale: scales[i]! });
      await lanes[i]!.page.goto(`http://127.0.0.1:${port}/${i}`);
    }
    const caps = [];
    for (const [i, l] of lanes.entries()) {
      caps.push(
        await startChromeRecorder(l.page, {
          file: path.join(os.tmpdir(), `stamp-lag-${i}.mp4`),
          width: Math.round((vp.width * l.scale) / 2) * 2,
          height: Math.round((vp.height * l.scale) / 2) * 2,
          fps: frameRate,
        }),
      );
    }
    const origins = await Promise.all(lanes.map((l) => l.page.evaluate(() => performance.timeOrigin)));
    const marks: Array<{ mode: string; from: number; to: number }> = [];
    for (const ph of phases) {
      const from = nowMs();
      await Promise.all(lanes.map((l) => l.page.evaluate((m) => void ((window as unknown as { mode: string }).mode = m), ph.mode)));
      await new Promise((r) => setTimeout(r, ph.ms));
      marks.push({ mode: ph.mode, from, to: nowMs() });
    }
    const results = await Promise.all(caps.map((c) => c.stop()));
    for (const [i, r] of results.entries()) {
      const dur = Number((await run(tools.ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', r.file])).out.toString());
      const anchor = anchorByEnd(r, dur);
      const k = lanes[i]!.scale;
      // The block's band (CSS y 400–800), every frame as the file holds it.
      const y0 = Math.round(400 * k) & ~1;
      const h = Math.round(400 * k) & ~1;
      const { out, err } = await run(tools.ffmpeg, [
        '-v',
        'info',
        '-i',
        r.file,
        '-vf',
        `crop=${r.width}:${h}:0:${y0},showinfo`,
        '-vsync',
        'passthrough',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgb24',
        '-',
      ]);
      const pts = [...err.matchAll(/pts_time:\s*([\d.]+)/g)].map((m) => Number(m[1]));
      const size = r.width * h * 3;
      const late: Record<string, number[]> = {};
      let previous: number | null = null;
      for (let f = 0; f < pts.length && (f + 1) * size <= out.length; f++) {
        const placed = anchor.startMs + pts[f]! * 1000;
        const box = findBox({ width: r.width, height: h, rgb: new Uint8Array(out.buffer, out.byteOffset + f * size, size) }, boxColour(hues[i]!), k, 16);
        if (!box) continue;
        const t = timeOfBox({ left: box.left, top: box.top + 400 }, placed - origins[i]!, 4);
        // A frame repeating one already counted (Chrome's refresh of a still page) says nothing new.
        if (t === null || t === previous) continue;
        previous = t;
        const drawn = origins[i]! + t;
        // Not the first 300 ms of a phase: the switch itself.
        const ph = marks.find((m) => drawn >= m.from + 300 && drawn < m.to);
        if (ph) (late[ph.mode] ??= []).push((placed - drawn) / (1000 / 30));
      }
      console.log(
        `lane ${i}: ${pts.length} frames in ${dur.toFixed(2)} s (${(pts.length / dur).toFixed(1)} fps), first frame ${anchor.lagMs?.toFixed(0)} ms after the start command`,
      );
      for (const [mode, xs] of Object.entries(late)) {
        console.log(
          `  ${mode}: ${xs.length} page frames, recorded late by (frames) median ${quantile(xs, 0.5).toFixed(2)}, 10th–90th percentile ${quantile(xs, 0.1).toFixed(2)} to ${quantile(xs, 0.9).toFixed(2)}, most ${quantile(xs, 1).toFixed(2)}`,
        );
      }
    }
  } finally {
    await Promise.all(lanes.map((l) => l.browser.close().catch(() => undefined)));
    server.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) await main();
