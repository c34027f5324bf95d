// What an ffmpeg binary can do, asked once per binary: x11grab, `-fps_mode`, and the matrix its `ass` filter draws with.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argv } from '../common/argv';
import { RGB_TO_VIDEO, type Matrix } from './colour';
import { escapeFilterValue } from './plan';
import { runMedia } from './process';
import type { FfmpegTools } from './tools';

/**
 * How a lane reader tells its ffmpeg to pass frames through as its filters made them.
 * `-fps_mode` came with ffmpeg 5.1, which deprecated `-vsync`; 4.1 (the bundled one) knows
 * only `-vsync`, and a later release may drop it.
 */
export type ReaderSync = readonly string[];
export const VSYNC_PASSTHROUGH: ReaderSync = ['-vsync', 'passthrough'];
export const FPS_MODE_PASSTHROUGH: ReaderSync = ['-fps_mode', 'passthrough'];

export interface Capabilities {
  /** Reads X screens (the screen capture). */
  x11grab: boolean;
  readerSync: ReaderSync;
  /** The matrix its `ass` filter draws with on the video's picture (colour.ts `drawnOnVideo`). */
  assDrawMatrix: Matrix;
}

const PROBE_MS = 20_000;
const asked = (ffmpeg: string) => ({ tools: { ffmpeg, ffprobe: '' }, timeoutMs: PROBE_MS });

/** Whether this ffmpeg has the x11grab input device; false as well when it cannot run at all. */
export async function probeX11grab(ffmpeg: string): Promise<boolean> {
  const out = await runMedia({ ...asked(ffmpeg), args: ['-hide_banner', '-devices'], what: 'ffmpeg -devices', stdout: 'collect' }).catch(() => null);
  return !!out && /^\s*D\S*\s+x11grab\b/m.test(out.stdout.toString());
}

/** Whether this ffmpeg takes `-fps_mode`; false as well when it cannot run at all. */
export async function probeFpsMode(ffmpeg: string): Promise<boolean> {
  const args = ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'color=c=black:s=16x16:r=30:d=0.1', ...FPS_MODE_PASSTHROUGH, '-f', 'null', '-'];
  return runMedia({ ...asked(ffmpeg), args, what: 'the -fps_mode probe' }).then(
    () => true,
    () => false,
  );
}

/** #42b72a's luma (limited range) by each matrix: far enough apart to tell which one drew it; its ASS colour is &HBBGGRR. */
const PROBE = { ass: '&H002AB742', y: { bt601: 129.3, bt709: 143.1 } } as const;

/**
 * Which matrix this ffmpeg's `ass` filter draws with: it draws a box of a known colour on a
 * BT.709 frame made as the segments make theirs, and reads its luma back. Fails when this
 * ffmpeg cannot run it.
 */
export async function probeDrawMatrix(ffmpeg: string): Promise<Matrix> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-ass-matrix-'));
  try {
    const ass = path.join(dir, 'probe.ass');
    const raw = path.join(dir, 'probe.yuv');
    await fs.writeFile(
      ass,
      [
        '[Script Info]',
        'ScriptType: v4.00+',
        'PlayResX: 64',
        'PlayResY: 64',
        '',
        '[V4+ Styles]',
        'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
        `Style: Box,DejaVu Sans,20,${PROBE.ass},${PROBE.ass},&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,0,0,7,0,0,0,1`,
        '',
        '[Events]',
        'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
        'Dialogue: 0,0:00:00.00,0:00:10.00,Box,,0,0,0,,{\\an7\\pos(0,0)\\p1\\bord0\\shad0}m 0 0 l 64 0 l 64 64 l 0 64{\\p0}',
        '',
      ].join('\n'),
    );
    const vf = `format=rgb24,${RGB_TO_VIDEO},ass=f=${escapeFilterValue(ass)}`;
    const args = argv`-nostdin -v error -f lavfi -i color=c=black:s=64x64:r=30:d=0.1 -vf ${vf} -frames:v 1 -f rawvideo -pix_fmt yuv420p -y ${raw}`;
    await runMedia({ ...asked(ffmpeg), args, what: 'the ass colour probe' });
    const out = await fs.readFile(raw);
    if (out.length < 64 * 64) throw new Error('the probe drew no picture');
    const y = out[32 * 64 + 32]!;
    return Math.abs(y - PROBE.y.bt709) < Math.abs(y - PROBE.y.bt601) ? 'bt709' : 'bt601';
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

// Each binary's answers, kept as a promise by its path: the user may point at another ffmpeg.
const asks = new Map<string, Promise<Capabilities>>();

/**
 * The one capabilities probe of an ffmpeg binary, its questions asked side by side. Where a
 * question cannot be answered, the answer is what the bundled ffmpeg 4.1 does.
 */
export function capabilities(tools: Pick<FfmpegTools, 'ffmpeg'>): Promise<Capabilities> {
  let answer = asks.get(tools.ffmpeg);
  if (!answer) asks.set(tools.ffmpeg, (answer = probeAll(tools.ffmpeg)));
  return answer;
}

async function probeAll(ffmpeg: string): Promise<Capabilities> {
  const [x11grab, fpsMode, assDrawMatrix] = await Promise.all([
    probeX11grab(ffmpeg),
    probeFpsMode(ffmpeg),
    probeDrawMatrix(ffmpeg).catch((): Matrix => 'bt601'),
  ]);
  return { x11grab, readerSync: fpsMode ? FPS_MODE_PASSTHROUGH : VSYNC_PASSTHROUGH, assDrawMatrix };
}

export const hasX11grab = async (tools: Pick<FfmpegTools, 'ffmpeg'>) => (await capabilities(tools)).x11grab;
export const readerSync = async (tools: Pick<FfmpegTools, 'ffmpeg'>) => (await capabilities(tools)).readerSync;
export const assDrawMatrix = async (tools: Pick<FfmpegTools, 'ffmpeg'>) => (await capabilities(tools)).assDrawMatrix;
