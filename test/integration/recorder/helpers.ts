import { promises as fs } from 'node:fs';
import path from 'node:path';
import { probe, resolveFfmpegTools, type ProbeResult } from '../../../app/recorder/compose/ffmpeg';

export const tools = resolveFfmpegTools();

export async function probeVideo(file: string): Promise<{ p: ProbeResult; video: ProbeResult['streams'][number]; audio: number; duration: number; frames: number }> {
  const p = await probe(tools, file, { countFrames: true });
  const video = p.streams.find((s) => s.codec_type === 'video');
  if (!video) throw new Error(`${file} has no video stream`);
  return { p, video, audio: p.streams.filter((s) => s.codec_type === 'audio').length, duration: Number(p.format.duration), frames: Number(video.nb_read_frames) };
}

/** Text lines of an SRT file (no numbers, no times). */
export function srtTexts(srt: string): string[] {
  return srt
    .split(/\r?\n\r?\n/)
    .map((b) => b.trim().split(/\r?\n/).slice(2))
    .filter((l) => l.length)
    .flat();
}

/** Files whose names say they are half-written (our temp names). */
export async function partialFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) await walk(f);
      else if (/\.partial\./.test(e.name) || e.name.endsWith('.tmp')) out.push(f);
    }
  };
  await walk(dir);
  return out;
}

/** Pids of this process's descendant processes whose name matches (Linux /proc). */
export async function descendantPids(match: RegExp): Promise<number[]> {
  const procs = new Map<number, { ppid: number; comm: string }>();
  for (const name of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await fs.readFile(`/proc/${name}/stat`, 'utf8');
      const m = /^\d+ \((.*)\) \S (\d+)/.exec(stat);
      if (m) procs.set(Number(name), { ppid: Number(m[2]), comm: m[1]! });
    } catch {
      // gone
    }
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = procs.get(pid)?.ppid, hops = 0; p && hops < 50; p = procs.get(p)?.ppid, hops++) if (p === process.pid) return true;
    return false;
  };
  return [...procs.entries()].filter(([pid, p]) => match.test(p.comm) && isDescendant(pid)).map(([pid]) => pid);
}

export const childFfmpegPids = () => descendantPids(/^ffmpeg$/);
