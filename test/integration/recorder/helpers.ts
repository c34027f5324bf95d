// Test helpers for recorder tests: probing videos, reading frames and pixels, finding leftover processes, and short scenarios.
import { ScenarioSchema, type Scenario } from '../../../app/recorder/scenario/schema';
import { FPS } from '../../../app/recorder/compose/video-time';
import { ManifestSchema, writeManifest } from '../../../app/recorder/run-folder';
import type { TimelineEvent } from '../../../app/recorder/timeline';
import { syntheticCapture, syntheticManifestHead } from '../../synthetic-run';
import { execFile, execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isBelow, processTable } from '../../../app/common/processes';
import { showinfoTimes } from '../../../app/media/frames';
import { probe, type ProbeResult } from '../../../app/media/probe';
import { resolveFfmpegTools } from '../../../app/media/tools';
import { recordDemo } from '../../../app/recorder/record';
import { animatedDriver } from '../../../scripts/bench/animated-driver';

export const tools = resolveFfmpegTools();

/** The container's and its video stream's facts, read without decoding (`countFrames` decodes). */
export async function probeVideo(file: string): Promise<{ p: ProbeResult; video: ProbeResult['streams'][number]; audio: number; duration: number }> {
  const p = await probe(tools, file);
  const video = p.streams.find((s) => s.codec_type === 'video');
  if (!video) throw new Error(`${file} has no video stream`);
  return { p, video, audio: p.streams.filter((s) => s.codec_type === 'audio').length, duration: Number(p.format.duration) };
}

/** The frames a player gets from the file's video: every one decoded (seconds for a long 1080p file). */
export async function countFrames(file: string): Promise<number> {
  const video = (await probe(tools, file, { countFrames: true })).streams.find((s) => s.codec_type === 'video');
  if (!video) throw new Error(`${file} has no video stream`);
  return Number(video.nb_read_frames);
}

/**
 * A synthetic lane (or popup) recording: plain colours one after another, `[colour, seconds]`,
 * at the video's 30 fps, so a test knows which picture each moment of it shows.
 */
export function colourFile(file: string, parts: Array<[string, number]>, size: { width: number; height: number }): void {
  const args = ['-v', 'error'];
  for (const [c, d] of parts) args.push('-f', 'lavfi', '-i', `color=c=${c}:s=${size.width}x${size.height}:r=30:d=${d}`);
  args.push('-filter_complex', `${parts.map((_, i) => `[${i}:v]`).join('')}concat=n=${parts.length}:v=1[v]`, '-map', '[v]');
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-y', file);
  execFileSync(tools.ffmpeg, args);
}

/**
 * A run folder as the recorder leaves it before composing: one lane file of plain colours per
 * lane (`colourFile`, at `size`, `lanes/<id>.mkv`) covering `t0` to `t0 + endMs`, the timeline
 * given, encoded as the tests compose (ultrafast), status "recording".
 */
export async function writeColourRun(
  dir: string,
  o: {
    runId: string;
    t0: number;
    titleSec: number;
    endMs: number;
    size: { width: number; height: number };
    lanes: Array<{ id: string; title: string; colours: Array<[string, number]> }>;
    timeline: TimelineEvent[];
  },
): Promise<void> {
  await fs.mkdir(path.join(dir, 'lanes'), { recursive: true });
  for (const l of o.lanes) colourFile(path.join(dir, 'lanes', `${l.id}.mkv`), l.colours, o.size);
  const m = ManifestSchema.parse({
    ...syntheticManifestHead({ runId: o.runId, t0: o.t0, status: 'recording', titleSec: o.titleSec }),
    lanes: o.lanes.map((l) => ({ id: l.id, title: l.title, viewport: o.size, capture: syntheticCapture(`lanes/${l.id}.mkv`, o.t0, o.t0 + o.endMs, o.size) })),
    timeline: o.timeline,
    encoder: { codec: 'libx264', preset: 'ultrafast', crf: 23, pixFmt: 'yuv420p', fps: FPS, x264Params: 'threads=2:bframes=0' },
    files: {},
  });
  await writeManifest(dir, m);
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
  const table = await processTable();
  return [...table.values()].filter((p) => match.test(p.comm) && isBelow(table, p.pid, process.pid)).map((p) => p.pid);
}

export const childFfmpegPids = () => descendantPids(/^ffmpeg$/);

/** What ffmpeg complains about while decoding the whole file ('' when it decodes cleanly). */
export function decodeErrors(file: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(tools.ffmpeg, ['-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-'], (_e, _out, err) =>
      resolve(
        String(err)
          .split('\n')
          .filter((l) => l.trim() && !l.startsWith('Fontconfig'))
          .join('\n'),
      ),
    );
  });
}

/**
 * The distinct gaps between consecutive frames (presentation order), in seconds, to 1 µs: from
 * the packets' times, which the container holds one per frame, so nothing is decoded (the same
 * list as the decoded frames' times for every file the recorder writes, and a tenth of a second
 * instead of seconds; `decodeErrors` is the decoding check).
 */
export function frameSteps(file: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    execFile(
      tools.ffprobe,
      ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file],
      { maxBuffer: 1 << 26 },
      (e, out) => {
        if (e) return reject(e);
        // ffprobe 4.1 prints "t," for some entries and blank lines between others.
        const ts = String(out)
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => parseFloat(l))
          .filter((n) => Number.isFinite(n))
          .sort((a, b) => a - b);
        const steps = new Set<number>();
        for (let i = 1; i < ts.length; i++) {
          const d = ts[i]! - ts[i - 1]!;
          steps.add(Math.abs(d - 1 / 30) < 1e-4 ? 1 / 30 : Math.round(d * 1e6) / 1e6);
        }
        resolve([...steps]);
      },
    );
  });
}

/** The raw pixels (`pixFmt`; `luma`: the file's own Y plane, no range conversion) of a region of the frame at `sec`. */
export function frameRegion(file: string, sec: number, r: { x: number; y: number; w: number; h: number }, pixFmt: 'rgb24' | 'gray' | 'luma'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      tools.ffmpeg,
      [
        '-nostdin',
        '-v',
        'error',
        '-ss',
        sec.toFixed(3),
        '-i',
        file,
        '-frames:v',
        '1',
        '-vf',
        `crop=${r.w}:${r.h}:${r.x}:${r.y},${pixFmt === 'luma' ? 'extractplanes=y' : `format=${pixFmt}`}`,
        '-f',
        'rawvideo',
        '-',
      ],
      { encoding: 'buffer', maxBuffer: 1 << 24 },
      (e, out) => (e || !out.length ? reject(e ?? new Error(`no frame at ${sec} s in ${file}`)) : resolve(out)),
    );
  });
}

/** The RGB of one pixel of the frame at `sec`. */
export async function pixelAt(file: string, sec: number, x: number, y: number): Promise<[number, number, number]> {
  // 2×2 on even coordinates: yuv420p cannot be cut to a single pixel.
  const out = await frameRegion(file, sec, { x: x & ~1, y: y & ~1, w: 2, h: 2 }, 'rgb24');
  return [out[0]!, out[1]!, out[2]!];
}

/** One decoded frame, RGB, with its size. */
export interface RgbFrame {
  width: number;
  height: number;
  pixel(x: number, y: number): [number, number, number];
}

/**
 * The frames showing at each of `secs` (the first frame at or after each moment, at the video's
 * 30 fps), read in one decoding pass: many pixels at many moments cost one ffmpeg run, not one
 * seek and decode per pixel.
 */
export function framesAt(file: string, secs: readonly number[]): Promise<Map<number, RgbFrame>> {
  const frameOf = (sec: number) => Math.ceil(sec * 30 - 1e-6);
  const order = [...new Set(secs.map(frameOf))].sort((a, b) => a - b);
  const select = order.map((n) => `eq(n\\,${n})`).join('+');
  return new Promise((resolve, reject) => {
    execFile(
      tools.ffmpeg,
      ['-nostdin', '-v', 'error', '-i', file, '-vf', `select=${select},format=rgb24`, '-vsync', '0', '-f', 'image2pipe', '-c:v', 'ppm', '-'],
      { encoding: 'buffer', maxBuffer: 1 << 30 },
      (e, out) => {
        if (e) return reject(e);
        const frames: RgbFrame[] = [];
        for (let at = 0; at < out.length;) {
          // "P6\n<w> <h>\n255\n" then w × h × 3 bytes.
          const head = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(out.subarray(at, at + 32).toString('latin1'));
          if (!head) return reject(new Error(`${file}: unreadable frame ${frames.length} from ffmpeg`));
          const [width, height] = [Number(head[1]), Number(head[2])];
          const data = out.subarray(at + head[0].length, at + head[0].length + width * height * 3);
          const pixel = (x: number, y: number): [number, number, number] => {
            const i = (y * width + x) * 3;
            return [data[i]!, data[i + 1]!, data[i + 2]!];
          };
          frames.push({ width, height, pixel });
          at += head[0].length + width * height * 3;
        }
        if (frames.length !== order.length) return reject(new Error(`${file}: ${frames.length} of ${order.length} frames read (past its end?)`));
        const byFrame = new Map(order.map((n, i) => [n, frames[i]!]));
        resolve(new Map(secs.map((s) => [s, byFrame.get(frameOf(s))!])));
      },
    );
  });
}

/**
 * The pictures of a region of a file with times in [fromSec, toSec), raw grey (one byte a pixel)
 * or RGB (three), each with its time in the file: seeks to the keyframe before `fromSec` (the lane
 * files have one a second) and keeps the file's own times (-copyts), printed by showinfo.
 */
export function decodeRegionFrames(
  file: string,
  o: { fromSec: number; toSec: number; crop: { x: number; y: number; w: number; h: number }; pixels?: 'gray' | 'rgb24' },
): Promise<Array<{ sec: number; pixels: Uint8Array }>> {
  const n = (v: number) => String(Number(v.toFixed(6)));
  const vf = `trim=start=${n(o.fromSec)}:end=${n(o.toSec)},crop=${o.crop.w}:${o.crop.h}:${o.crop.x}:${o.crop.y},format=${o.pixels ?? 'gray'},showinfo`;
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'info', '-ss', n(Math.max(0, Math.floor(o.fromSec) - 1)), '-noaccurate_seek', '-copyts'];
  args.push('-i', file, '-an', '-vf', vf, '-vsync', '0', '-f', 'rawvideo', 'pipe:1');
  return new Promise((resolve, reject) => {
    execFile(tools.ffmpeg, args, { encoding: 'buffer', maxBuffer: 1 << 30 }, (e, out, err) => {
      if (e) return reject(e);
      const times = showinfoTimes(err.toString());
      const size = o.crop.w * o.crop.h * (o.pixels === 'rgb24' ? 3 : 1);
      const count = Math.min(times.length, Math.floor(out.length / size));
      resolve(Array.from({ length: count }, (_, i) => ({ sec: times[i]!, pixels: new Uint8Array(out.buffer, out.byteOffset + i * size, size) })));
    });
  });
}

/**
 * Records the animated scenario with `method` and cancels it as its second step starts, as a
 * user pressing Cancel would: what recordDemo threw, and the run folder it left.
 */
export async function recordCancelledAtSecondStep(dataDir: string, profile: string, method: string): Promise<{ err: unknown; dir: string }> {
  const ac = new AbortController();
  const err = await recordDemo({
    profile,
    dataDir,
    driver: animatedDriver({ stepSec: 2 }),
    info: { scenarioHash: 'sha256:test', title: { appName: 'Acme', gateway: 'gw', permissions: [] } },
    headless: true,
    captureMethod: method,
    signal: ac.signal,
    onEvent: (e) => {
      if (e.type === 'step-started' && e.index === 1) ac.abort();
    },
  }).catch((e: unknown) => e);
  const runs = await fs.readdir(path.join(dataDir, 'recordings', profile));
  return { err, dir: path.join(dataDir, 'recordings', profile, runs[0]!) };
}

/** A two-lane scenario of still pages (data: URLs), each lane held for `holdMs` with a caption: short recordings of the product path. */
export function stillPagesScenario(title: string, pages: { left: string; right: string }, holdMs = 2500): Scenario {
  return ScenarioSchema.parse({
    version: 1,
    title,
    lanes: [
      { id: 'webitel', title: 'Left', startUrl: pages.left },
      { id: 'facebook', title: 'Right', startUrl: pages.right },
    ],
    scenes: [{ id: 'only', title: 'Both pages', permissions: ['pages_show_list'] }],
    steps: [
      { id: 'look-left', scene: 'only', lane: 'webitel', action: 'pause', durationMs: holdMs, caption: 'The left page.' },
      { id: 'look-right', scene: 'only', lane: 'facebook', action: 'pause', durationMs: holdMs, caption: 'The right page.' },
    ],
  });
}
