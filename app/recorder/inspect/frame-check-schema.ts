// What the frame check found in a composed video (stored in the run's manifest as `frames`).
import { z } from 'zod';

/**
 * `underfill`: a lane's page is drawn smaller than its lane (its picture confined to the
 * top-left, the rest one flat colour). `blank`: a lane shows one flat colour. `frozen`: a
 * lane's picture does not change while steps act on it. `video-frozen`: the whole video
 * stands still while steps run.
 */
export const FrameFindingKindSchema = z.enum(['underfill', 'blank', 'frozen', 'video-frozen']);
export type FrameFindingKind = z.infer<typeof FrameFindingKindSchema>;

export const FrameFindingSchema = z.object({
  kind: FrameFindingKindSchema,
  /** The lane it concerns; null for the whole video. */
  laneId: z.string().nullable(),
  /** Video seconds of the first and the last picture that showed it. */
  fromSec: z.number(),
  toSec: z.number(),
  /** Steps acting on the lane (or, for the whole video, any step) that started meanwhile. */
  steps: z.number().int().optional(),
  /** For people: what is wrong, where, and when. */
  message: z.string(),
});
export type FrameFinding = z.infer<typeof FrameFindingSchema>;

/** Bumped when the analysis changes what it finds: a stored result of another version is redone. */
export const FRAME_CHECK_VERSION = 1;

export const FrameCheckSchema = z.object({
  version: z.number().int(),
  /** No finding: the video's pictures look like a good take. */
  ok: z.boolean(),
  checkedAt: z.string(),
  /** The file that was read (relative to the run folder) and its size, to tell a stale result (the run composed again) from a current one. */
  video: z.object({ file: z.string(), sizeBytes: z.number(), durationSec: z.number() }),
  sampleFps: z.number(),
  samples: z.number().int(),
  elapsedMs: z.number(),
  lanes: z.array(z.object({ id: z.string(), title: z.string() })),
  findings: z.array(FrameFindingSchema),
});
export type FrameCheck = z.infer<typeof FrameCheckSchema>;
