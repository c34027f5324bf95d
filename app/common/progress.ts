// The progress events long work reports to the CLI and the UI, and the one wall clock that timelines and captures share.
import { z } from 'zod';

/** Progress of long work (record, compose, export), as events the CLI prints and the UI shows. */
export const ProgressSchema = z.object({
  /** Machine name of the stage, e.g. `launch`, `steps`, `capture`, `compose`, `clips`, `export`. */
  stage: z.string(),
  /** 0..1 over the whole job (not the stage), so a bar never runs backwards. */
  fraction: z.number().min(0).max(1),
  /** What is happening, for people. */
  message: z.string(),
});
export type Progress = z.infer<typeof ProgressSchema>;
export type ProgressListener = (p: Progress) => void;

/** Monotonic wall-clock milliseconds (epoch based): the one clock of timelines and captures. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
