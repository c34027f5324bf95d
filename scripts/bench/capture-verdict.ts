/**
 * Which capture measured better: Chrome's recorder or the CDP screencast. Distinct frames per
 * second decide (the motion a reviewer sees, and the target ≥ 28); the whole-lane SSIM only
 * decides between two within a frame per second of each other, and then only by more than the
 * measurement's own spread (0.001: the same recorder's lanes and runs differ by up to 0.0005).
 * A rule that asked for both once named the screencast better at 7.9 fps against 28.7, on a
 * whole-lane SSIM 0.0003 higher.
 */
export interface CaptureFigures {
  fps: number;
  ssimWhole: number;
}

export const FPS_TIE = 1;
export const SSIM_TIE = 0.001;

export function betterCapture(chrome: CaptureFigures, screencast: CaptureFigures): 'chrome-recorder' | 'screencast' {
  if (Math.abs(chrome.fps - screencast.fps) > FPS_TIE) return chrome.fps > screencast.fps ? 'chrome-recorder' : 'screencast';
  if (screencast.ssimWhole > chrome.ssimWhole + SSIM_TIE) return 'screencast';
  return 'chrome-recorder';
}
