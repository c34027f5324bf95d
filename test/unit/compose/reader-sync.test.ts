// Proves a lane reader asks its ffmpeg to pass frames through with the option that ffmpeg takes (-fps_mode or -vsync).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveFfmpegTools } from '../../../app/media/tools';
import { runArgs } from '../../../app/media/process';
import { withFakeFfmpegs } from './fake-ffmpeg';
import { FPS_MODE_PASSTHROUGH, probeFpsMode, readerSync, VSYNC_PASSTHROUGH } from '../../../app/media/capabilities';

describe('how a lane reader asks its ffmpeg to pass frames through', () => {
  it('uses -fps_mode where the ffmpeg takes it, -vsync where it does not (stand-in ffmpegs)', async () => {
    await withFakeFfmpegs(async (fake) => {
      // As ffmpeg 4.1 answers an option it does not know.
      const old = await fake('old', 'for a; do [ "$a" = -fps_mode ] && { echo "Unrecognized option \'fps_mode\'." >&2; exit 1; }; done; exit 0');
      const recent = await fake('recent', 'exit 0');
      expect(await probeFpsMode(old)).toBe(false);
      expect(await probeFpsMode(recent)).toBe(true);
      expect(await readerSync({ ffmpeg: old })).toEqual(VSYNC_PASSTHROUGH);
      expect(await readerSync({ ffmpeg: recent })).toEqual(FPS_MODE_PASSTHROUGH);
      // Nothing to run: the option the bundled ffmpeg takes.
      expect(await readerSync({ ffmpeg: path.join(path.dirname(recent), 'missing') })).toEqual(VSYNC_PASSTHROUGH);
    });
  });

  it("the real ffmpeg in use runs a reader's output with the option chosen for it", async () => {
    const tools = resolveFfmpegTools();
    const sync = await readerSync(tools);
    const out = await runArgs(tools, [
      '-nostdin',
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'color=c=black:s=16x16:r=30:d=0.2',
      '-copyts',
      ...sync,
      '-an',
      '-pix_fmt',
      'yuv420p',
      '-f',
      'rawvideo',
      '-y',
      '/dev/null',
    ]).then(
      () => 'ran',
      (e: unknown) => String(e),
    );
    expect(out).toBe('ran');
  });
});
