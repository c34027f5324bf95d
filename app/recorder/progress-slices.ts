// Each recording stage's share of the job's 0..1 progress: the recorder reports by it, the job model estimates by it.

/** Stage → its slice of the whole job's 0..1, so a bar never runs backwards. */
export const SLICES = {
  launch: [0, 0.05],
  steps: [0.05, 0.6],
  capture: [0.6, 0.65],
  compose: [0.65, 0.88],
  clips: [0.88, 0.94],
  pictures: [0.94, 0.96],
  /** The frame check reads the whole video again: ~5 s for 107 s, against ~35 s of composing and clips. */
  check: [0.96, 1],
} as const satisfies Record<string, readonly [number, number]>;
export type SliceStage = keyof typeof SLICES;

export function overallFraction(stage: SliceStage, f: number): number {
  const [a, b] = SLICES[stage];
  return Math.min(1, Math.max(0, a + (b - a) * Math.min(1, Math.max(0, f))));
}
