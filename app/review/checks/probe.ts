// Reads a video's size, codec, audio and duration with ffprobe for the recording checks.
import { promises as fs } from 'node:fs';
import { probe } from '../../media/probe';
import { resolveFfmpegTools, type FfmpegTools } from '../../media/tools';
import type { VideoFacts } from './recording-facts-schema';

/** Dimensions, codec, audio presence and duration of a video; null when missing or unreadable (the checks say so). */
export async function probeVideo(file: string, tools: FfmpegTools = resolveFfmpegTools()): Promise<VideoFacts | null> {
  let size: number;
  try {
    size = (await fs.stat(file)).size;
  } catch {
    return null;
  }
  let r: Awaited<ReturnType<typeof probe>>;
  try {
    r = await probe(tools, file);
  } catch {
    return null;
  }
  const video = r.streams.find((s) => s.codec_type === 'video');
  if (!video) return null;
  return {
    path: file,
    sizeBytes: size,
    width: video.width ?? 0,
    height: video.height ?? 0,
    codec: video.codec_name ?? 'unknown',
    hasAudio: r.streams.some((s) => s.codec_type === 'audio'),
    durationSec: Number(r.format.duration ?? 0) || 0,
  };
}
