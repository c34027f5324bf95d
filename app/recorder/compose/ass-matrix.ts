import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assColor } from './ass';
import { RGB_TO_VIDEO, type Matrix } from './colour';
import { oncePerBinary, runArgs } from './ffmpeg';
import { escapeFilterValue } from './filter-graph';

/** #42b72a's luma (limited range) by each matrix: far enough apart to tell which one drew it. */
const PROBE = { hex: '#42b72a', y: { bt601: 129.3, bt709: 143.1 } } as const;

/**
 * Which matrix this ffmpeg's `ass` filter draws with on the video's picture (see colour.ts
 * `drawnOnVideo`): it draws a box of a known colour on a BT.709 frame made as the segments make
 * theirs, and reads its luma back. Once per ffmpeg binary; BT.601 (ffmpeg 4.1, the bundled one)
 * when the probe cannot run.
 */
export const assDrawMatrix = oncePerBinary((ffmpeg) => probeDrawMatrix(ffmpeg).catch((): Matrix => 'bt601'));

/** The probe itself (exported for tests): fails when this ffmpeg cannot run it. */
export async function probeDrawMatrix(ffmpeg: string): Promise<Matrix> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-ass-matrix-'));
  try {
    const ass = path.join(dir, 'probe.ass');
    const raw = path.join(dir, 'probe.yuv');
    await fs.writeFile(
      ass,
      [
        '[Script Info]', 'ScriptType: v4.00+', 'PlayResX: 64', 'PlayResY: 64', '',
        '[V4+ Styles]',
        'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
        `Style: Box,DejaVu Sans,20,${assColor(PROBE.hex)},${assColor(PROBE.hex)},&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,0,0,7,0,0,0,1`, '',
        '[Events]',
        'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
        'Dialogue: 0,0:00:00.00,0:00:10.00,Box,,0,0,0,,{\\an7\\pos(0,0)\\p1\\bord0\\shad0}m 0 0 l 64 0 l 64 64 l 0 64{\\p0}',
        '',
      ].join('\n'),
    );
    const vf = `format=rgb24,${RGB_TO_VIDEO},ass=f=${escapeFilterValue(ass)}`;
    await runArgs({ ffmpeg, ffprobe: '' }, ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'color=c=black:s=64x64:r=30:d=0.1', '-vf', vf, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-y', raw], AbortSignal.timeout(20_000));
    const out = await fs.readFile(raw);
    if (out.length < 64 * 64) throw new Error('the probe drew no picture');
    const y = out[32 * 64 + 32]!;
    return Math.abs(y - PROBE.y.bt709) < Math.abs(y - PROBE.y.bt601) ? 'bt709' : 'bt601';
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
