import { UserError } from '../../common/errors';
import { findXvfb } from '../browser/virtual-display';
import { hasX11grab } from '../../media/capabilities';
import { type FfmpegTools } from '../../media/tools';
import type { CaptureMethod } from './lane-capture';

export interface CaptureChoice {
  /** 'auto' here: Chrome's recorder per lane, the screencast when the browser lacks it. */
  method: CaptureMethod | 'auto';
  /** The Xvfb the `display` capture starts a screen per lane with. */
  xvfb: string | null;
}

export interface CaptureAbilities {
  headless: boolean;
  xvfb: string | null;
  x11grab: boolean;
}

/**
 * Which capture a run uses. `auto` takes a virtual screen per lane read by ffmpeg (`display`)
 * whenever it can: by the benchmark it keeps ~29 distinct frames per second per lane where
 * Chrome's recorder made 16–18 on the same 2 cores (BENCHMARKS.md). It can only when nobody
 * watches the lanes (headless: the screens are invisible, so nobody could step in) and the
 * machine has Xvfb and an ffmpeg with x11grab; otherwise Chrome's recorder, as before.
 */
export function decideCapture(requested: CaptureMethod | 'auto', a: CaptureAbilities): CaptureChoice {
  const displayOk = a.headless && !!a.xvfb && a.x11grab;
  if (requested === 'display') {
    if (!a.headless) throw new UserError('usage', '--capture display records the lanes on invisible screens: it needs --headless', { hint: 'add --headless, or leave --capture out to record the visible windows' });
    if (!a.xvfb) throw new UserError('external', '--capture display needs Xvfb, which was not found on PATH (Linux only)', { hint: 'install it (apt-get install xvfb), or leave --capture out to use Chrome\'s recorder' });
    if (!a.x11grab) throw new UserError('external', '--capture display needs an ffmpeg with x11grab, and this one has none', { hint: 'point REVIEW_ASSISTANT_FFMPEG at an ffmpeg built with xcb (the bundled one is), or leave --capture out' });
  }
  if (requested === 'display' || (requested === 'auto' && displayOk)) return { method: 'display', xvfb: a.xvfb };
  return { method: requested, xvfb: null };
}

/** decideCapture with what this machine has (Xvfb looked up only when it could be used). */
export async function chooseCapture(requested: CaptureMethod | 'auto', o: { headless: boolean; tools: FfmpegTools; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform }): Promise<CaptureChoice> {
  const wanted = requested === 'display' || (requested === 'auto' && o.headless);
  const xvfb = wanted ? findXvfb(o.env, o.platform) : null;
  const x11grab = wanted && !!xvfb ? await hasX11grab(o.tools) : false;
  return decideCapture(requested, { headless: o.headless, xvfb, x11grab });
}
