import { oncePerBinary, runArgs } from './ffmpeg';

/**
 * How a lane reader tells its ffmpeg to pass frames through as its filters made them (see the
 * reader in filter-graph.ts). `-fps_mode` came with ffmpeg 5.1, which deprecated `-vsync`; 4.1
 * (the bundled one) knows only `-vsync`, and a later release may drop it. Once per binary.
 */
export type ReaderSync = readonly string[];

export const VSYNC_PASSTHROUGH: ReaderSync = ['-vsync', 'passthrough'];
export const FPS_MODE_PASSTHROUGH: ReaderSync = ['-fps_mode', 'passthrough'];

export const readerSync = oncePerBinary(async (ffmpeg): Promise<ReaderSync> => ((await probeFpsMode(ffmpeg)) ? FPS_MODE_PASSTHROUGH : VSYNC_PASSTHROUGH));

/** Whether this ffmpeg takes `-fps_mode` (exported for tests); false as well when it cannot run at all. */
export async function probeFpsMode(ffmpeg: string): Promise<boolean> {
  try {
    await runArgs({ ffmpeg, ffprobe: '' }, ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'color=c=black:s=16x16:r=30:d=0.1', ...FPS_MODE_PASSTHROUGH, '-f', 'null', '-'], AbortSignal.timeout(20_000));
    return true;
  } catch {
    return false;
  }
}
