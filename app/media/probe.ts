// What a media file holds (ffprobe) and which ffmpeg this is.
import { runMedia } from './process';
import type { FfmpegTools } from './tools';

export interface ProbeStream {
  codec_name?: string;
  codec_type?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  nb_frames?: string;
  nb_read_frames?: string;
  nb_read_packets?: string;
  pix_fmt?: string;
  /** `pc` (full range) or `tv`, when the file says. */
  color_range?: string;
  /** The YUV matrix (`bt709`, `smpte170m`…), when the file says. */
  color_space?: string;
  duration?: string;
}
export interface ProbeResult {
  streams: ProbeStream[];
  format: { duration?: string; size?: string; format_name?: string; bit_rate?: string };
}

/**
 * `countPackets`: `nb_read_packets` per stream, read from the container without decoding (a
 * video file here holds one frame per packet; `-count_frames` decoded a minute of AV1 lane
 * for 1.5 s, in the way of the finished video). `countFrames`: `nb_read_frames`, decoded.
 */
export async function probe(tools: FfmpegTools, file: string, opts: { countPackets?: boolean; countFrames?: boolean } = {}): Promise<ProbeResult> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams'];
  if (opts.countPackets) args.push('-count_packets');
  if (opts.countFrames) args.push('-count_frames');
  const out = await runMedia({
    tools,
    binary: 'ffprobe',
    args: [...args, file],
    what: `reading ${file} (ffprobe)`,
    stdout: 'collect',
    hint: 'the file may be cut short or not a video',
  });
  return JSON.parse(out.stdout.toString()) as ProbeResult;
}

/** The first line of `ffmpeg -version`. */
export async function ffmpegVersion(tools: FfmpegTools): Promise<string> {
  const out = await runMedia({ tools, args: ['-hide_banner', '-version'], what: 'ffmpeg -version', stdout: 'collect' });
  return out.stdout.toString().split('\n')[0]?.trim() ?? 'unknown';
}
