// Proves a lane capture whose file cannot be written (a full disk, played by /dev/full) says so at once and stops without hanging (real Xvfb and ffmpeg).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { expect, it } from 'vitest';
import { isDiskFull } from '../../../app/common/disk-full';
import { screenEnv } from '../../../app/recorder/browser/launch';
import { findXvfb, startVirtualDisplay } from '../../../app/recorder/browser/virtual-display';
import { startDisplayCapture } from '../../../app/recorder/capture/display';
import { startFrameEncoder } from '../../../app/recorder/capture/screencast';
import { childFfmpegPids, tools } from './helpers';
import { XVFB_MISSING, describeNeeding } from '../../needs';

/**
 * Every write to /dev/full fails with ENOSPC, as on a full disk. Before the fix, the screen
 * capture's stop waited for its file stream's 'close', which the failed stream had emitted
 * already: the CLI said nothing more and never ended (240 s in the fault table). The
 * screencast's encoder, once dead, left its writer waiting for a 'drain' that never came.
 */
const xvfb = findXvfb();
const full = existsSync('/dev/full') ? null : '/dev/full (Linux)';

describeNeeding(full)('a lane file on a full disk', () => {
  describeNeeding(xvfb ? null : XVFB_MISSING)('the screen capture', () => {
    it('tells the run it lost the lane, with the full disk as the reason, and its stop and abort end', async () => {
      const screen = await startVirtualDisplay(xvfb!, { width: 320, height: 200 });
      try {
        let told: (e: unknown) => void = () => undefined;
        const lost = new Promise<unknown>((r) => (told = r));
        const started = await startDisplayCapture(screen.display, {
          tools,
          width: 320,
          height: 200,
          file: '/dev/full',
          env: screenEnv(process.env, screen),
          onLost: (e) => told(e),
        }).catch((e: unknown) => ({ failedToStart: e }));
        if ('failedToStart' in started) {
          // A disk full before the first frame was read fails the start instead: also an answer, not a hang.
          expect(isDiskFull(started.failedToStart), String(started.failedToStart)).toBe(true);
        } else {
          const e = await lost;
          expect(isDiskFull(e), String(e)).toBe(true);
          await expect(started.stop()).rejects.toSatisfy(isDiskFull);
          await started.abort();
        }
        // Nothing of the capture runs on.
        expect(await childFfmpegPids()).toEqual([]);
      } finally {
        await screen.stop();
      }
    }, 30_000);
  });

  it("the screencast's encoder, ended by the full disk, lets its writer run dry instead of blocking it", async () => {
    const enc = startFrameEncoder(tools, { output: '/dev/full', fps: 30, width: 64, height: 64 });
    const failure = enc.done.then(
      () => null,
      (e: unknown) => e,
    );
    const jpeg = execFileSync(tools.ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=64x64', '-frames:v', '1', '-f', 'mjpeg', '-']);
    // 16 MB of pictures: far more than the pipe and the writer's buffer hold, so a dead reader would block it.
    for (let i = 0; i * jpeg.length < 16 << 20; i++) if (!enc.input.write(jpeg)) await once(enc.input, 'drain');
    const e = await failure;
    expect(isDiskFull(e), String(e)).toBe(true);
  }, 30_000);
});
