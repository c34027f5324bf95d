// Writes the sidecar SRT captions: the same cues that are burned into the video.
import type { CaptionCue } from './video-time';

/** `HH:MM:SS,mmm` (SRT). */
export function srtTime(sec: number): string {
  const ms = Math.max(0, Math.round(sec * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const r = ms % 1000;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(h)}:${p(m)}:${p(s)},${p(r, 3)}`;
}

/** The sidecar captions: the same cues that are burned into the video, caption then explanation. */
export function buildSrt(cues: CaptionCue[]): string {
  return cues
    .map((c, i) => {
      const text = [c.caption, c.explanation].filter((x): x is string => !!x).join('\n');
      return `${i + 1}\n${srtTime(c.start)} --> ${srtTime(c.end)}\n${text}\n`;
    })
    .join('\n');
}
