/**
 * Which capture measured best: the screen capture, Chrome's recorder or the CDP screencast.
 * Distinct frames per second decide (the motion a reviewer sees, and the target ≥ 28); the
 * whole-lane SSIM only decides between two within a frame per second of each other, and then
 * only by more than the measurement's own spread (0.001: the same recorder's lanes and runs
 * differ by up to 0.0005). A rule that asked for both once named the screencast better at 7.9
 * fps against 28.7, on a whole-lane SSIM 0.0003 higher.
 */
export interface CaptureFigures {
  fps: number;
  ssimWhole: number;
}

export const FPS_TIE = 1;
export const SSIM_TIE = 0.001;

/** Whether `challenger` measured better than `incumbent` (a tie keeps the incumbent). */
export function beats(challenger: CaptureFigures, incumbent: CaptureFigures): boolean {
  if (Math.abs(challenger.fps - incumbent.fps) > FPS_TIE) return challenger.fps > incumbent.fps;
  return challenger.ssimWhole > incumbent.ssimWhole + SSIM_TIE;
}

/** The best of the measured captures; the first listed (the default) wins a tie. */
export function bestCapture<K extends string>(measured: Array<{ method: K } & CaptureFigures>): K | null {
  let best: ({ method: K } & CaptureFigures) | null = null;
  for (const m of measured) if (!best || beats(m, best)) best = m;
  return best?.method ?? null;
}
