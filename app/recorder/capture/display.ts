// The screen capture: each lane's browser draws on a virtual screen of its own, which ffmpeg reads at a constant rate (x11grab).
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { UserError } from '../../common/errors';
import { nowMs } from '../../common/progress';
import { hasX11grab } from '../../media/capabilities';
import type { FfmpegTools } from '../../media/tools';
import { screenEnv } from '../browser/launch';
import { findXvfb, startVirtualDisplay } from '../browser/virtual-display';
import { FragmentClock } from './fragment-clock';
import type { CaptureMethod, CaptureResult, LaneCapture, Machine, Unavailable } from './method';
import { withPictureLag } from './picture-lag';
import { startDisplayGrab } from './screen-grab';

const evenUp = (n: number) => Math.ceil(n / 2) * 2;

/**
 * The screen `display` read by ffmpeg into `o.file` as it is recorded. Its time 0 is the first
 * frame ffmpeg read, stamped by the wall clock. Resolves once ffmpeg has read that frame, so a
 * screen it cannot read fails the lane at once instead of after a scenario played for nothing.
 */
export async function startDisplayCapture(
  display: string,
  o: { file: string; width: number; height: number; fps?: number; tools: FfmpegTools; env?: NodeJS.ProcessEnv; startTimeoutMs?: number },
): Promise<LaneCapture> {
  const fps = o.fps ?? 30;
  const width = evenUp(o.width);
  const height = evenUp(o.height);
  const requestedMs = nowMs();
  const grab = startDisplayGrab(o.tools, { display, width, height, fps }, o.env);
  const out = createWriteStream(o.file);
  const clock = new FragmentClock();
  let failed: unknown;
  out.on('error', (e) => {
    failed ??= e;
    // Nothing more can be written: let ffmpeg's output run dry instead of waiting on a drain
    // that never comes (ffmpeg, blocked on a full pipe, would never end).
    grab.output.resume();
    void grab.kill();
  });
  grab.output.on('data', (c: Buffer) => {
    clock.push(c);
    if (failed) return;
    // Bounded: ffmpeg waits on a full pipe rather than Node holding the video.
    if (!out.write(c)) {
      grab.output.pause();
      out.once('drain', () => grab.output.resume());
    }
  });
  const outputEnded = new Promise<void>((r) => {
    grab.output.once('end', r);
    grab.output.once('close', r);
  });
  // One finish, however many callers (a stop that failed, then the run's abort).
  let finishing: Promise<void> | undefined;
  const finish = () =>
    (finishing ??= (async () => {
      await outputEnded;
      out.end();
      await once(out, 'close').catch(() => undefined);
    })());

  let timer: NodeJS.Timeout | undefined;
  const first = await Promise.race([grab.started, new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), o.startTimeoutMs ?? 10_000)))]);
  clearTimeout(timer);
  if (first === null || first === 'late') {
    const why = first === 'late' ? 'ffmpeg read no frame in time' : 'ffmpeg ended before its first frame';
    const ended = await grab.stop().then(
      () => '',
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    await finish();
    throw new UserError('external', `the lane's screen ${display} could not be read (${why})${ended ? `: ${ended}` : ''}`, {
      hint: 'check that Xvfb runs and that this ffmpeg reads X screens (x11grab), or record with --capture chrome-recorder',
    });
  }
  // ffmpeg stamps frames with the system clock; nowMs() counts from this process's start on a
  // monotonic clock, which may have drifted from it since: convert with the offset of now.
  const startMs = first - (Date.now() - nowMs());
  let result: Promise<CaptureResult> | undefined;
  return {
    method: 'display',
    file: o.file,
    startMs,
    width,
    height,
    finalSec: () => clock.finalSec,
    stop() {
      result ??= (async () => {
        const endMs = nowMs();
        try {
          await grab.stop();
        } finally {
          await finish();
        }
        if (failed) throw failed;
        if (!clock.starts.length) {
          throw new UserError('external', `no picture was captured from the lane's screen ${display} for ${o.file}`, { hint: 'check that Xvfb and the browser run, or record with --capture chrome-recorder' });
        }
        return { method: 'display', file: o.file, startMs, endMs, requestedMs, width, height, frames: null };
      })();
      return result;
    },
    async abort() {
      // Stopping already (or failed to): that settles the file; else end ffmpeg now.
      if (result) await result.catch(() => undefined);
      else await grab.kill();
      await finish();
    },
  };
}

/**
 * By the benchmark it keeps ~29 distinct frames per second per lane where Chrome's recorder
 * made 16–18 on the same 2 cores (BENCHMARKS.md). It can run only when nobody watches the lanes
 * (headless: the screens are invisible, so nobody could step in) on a machine with Xvfb and an
 * ffmpeg with x11grab. Popups show on the lane's screen, in its picture.
 */
export const displayCapture: CaptureMethod = {
  id: 'display',
  summary: 'a virtual screen per lane read by ffmpeg (headless Linux with Xvfb)',
  colour: { range: 'limited', matrix: 'bt709' },
  popupsInPicture: true,

  async unavailable(m: Machine): Promise<Unavailable | null> {
    if (!m.headless) return { kind: 'usage', message: '--capture display records the lanes on invisible screens: it needs --headless', hint: 'add --headless, or leave --capture out to record the visible windows' };
    if (!findXvfb(m.env, m.platform)) return { kind: 'external', message: '--capture display needs Xvfb, which was not found on PATH (Linux only)', hint: "install it (apt-get install xvfb), or leave --capture out to use Chrome's recorder" };
    if (!(await hasX11grab(m.tools))) return { kind: 'external', message: '--capture display needs an ffmpeg with x11grab, and this one has none', hint: 'point REVIEW_ASSISTANT_FFMPEG at an ffmpeg built with xcb (the bundled one is), or leave --capture out' };
    return null;
  },

  async screenFor(_laneId, picture) {
    const xvfb = findXvfb();
    if (!xvfb) return null;
    const size = { width: evenUp(picture.width), height: evenUp(picture.height) };
    const screen = await startVirtualDisplay(xvfb, size);
    return { display: screen.display, xauthority: screen.xauthority, size, ended: () => screen.ended(), stop: () => screen.stop() };
  },

  async start(o) {
    // A lane whose driver asked for no screen cannot be read from one: the next method records it.
    if (!o.screen) throw new UserError('external', `the ${o.lane.id} lane has no screen of its own`);
    const capture = await startDisplayCapture(o.screen.display, { tools: o.tools, width: o.screen.size.width, height: o.screen.size.height, fps: o.fps, file: `${o.base}.mp4`, env: screenEnv(process.env, o.screen) });
    return withPictureLag(capture, { page: o.page, viewport: o.lane.viewport, scale: o.lane.captureScale ?? 1, fps: o.fps, tools: o.tools, signal: o.signal });
  },
};
