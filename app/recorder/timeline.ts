// The step timeline of a run (what the runner did and when), from which the recorder makes captions, chapters and address strips.
import { z } from 'zod';
import { TargetDescriptionSchema } from './scenario/target-description';

/**
 * The step timeline of a run: what the runner did and when. The recorder turns it into
 * captions (step-started → caption on), chapters (scene-started) and the address strip
 * (url-changed). Times are `nowMs()` (epoch ms, monotonic), the same clock captures use.
 */
export const TimelineEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run-started'), t: z.number() }),
  z.object({ type: z.literal('scene-started'), t: z.number(), sceneId: z.string(), title: z.string(), permissions: z.array(z.string()) }),
  z.object({
    type: z.literal('step-started'),
    t: z.number(),
    index: z.number().int(),
    stepId: z.string(),
    sceneId: z.string(),
    laneId: z.string(),
    action: z.string(),
    /** Already templated and masked: safe to burn into a video. */
    caption: z.string(),
    explanation: z.string().optional(),
  }),
  z.object({ type: z.literal('step-succeeded'), t: z.number(), index: z.number().int(), stepId: z.string(), durationMs: z.number() }),
  z.object({
    type: z.literal('step-failed'),
    t: z.number(),
    index: z.number().int(),
    stepId: z.string(),
    error: z.string(),
  }),
  z.object({ type: z.literal('step-skipped'), t: z.number(), index: z.number().int(), stepId: z.string(), reason: z.string() }),
  /** A lane's visible page changed address (main window or a popup it opened). */
  z.object({ type: z.literal('url-changed'), t: z.number(), laneId: z.string(), url: z.string(), popup: z.boolean() }),
  z.object({ type: z.literal('popup-opened'), t: z.number(), laneId: z.string(), url: z.string() }),
  z.object({ type: z.literal('popup-closed'), t: z.number(), laneId: z.string() }),
  /** A lane's page (or its popup's) crashed, as Chrome's "Aw, Snap!" page says; `reloaded`: it was loaded again (runner/page-crash.ts). */
  z.object({ type: z.literal('page-crashed'), t: z.number(), laneId: z.string(), url: z.string(), popup: z.boolean(), reloaded: z.boolean() }),
  z.object({ type: z.literal('manual-waiting'), t: z.number(), index: z.number().int(), laneId: z.string(), prompt: z.string() }),
  /**
   * A visible run handed a step to the person (its target was not found, or its `waitFor` did
   * not hold): from here until `assist-ended` the person is searching, the picture mostly idle.
   */
  z.object({
    type: z.literal('assist-started'),
    t: z.number(),
    index: z.number().int(),
    stepId: z.string(),
    laneId: z.string(),
    action: z.string(),
    /** What the runner missed: the step's target, its `waitFor`, or the popup it acts in. */
    missed: z.enum(['target', 'waitFor', 'popup']),
    reason: z.string(),
    /** The selectors tried (never a value). */
    lookedFor: z.array(z.string()),
  }),
  /** The person did the step (or said so): how, and the element they used, described as a target (never a typed value). */
  z.object({
    type: z.literal('assist-ended'),
    t: z.number(),
    /** When the matching `assist-started` was: the person's time on this step is `t - startedAt`. */
    startedAt: z.number(),
    index: z.number().int(),
    stepId: z.string(),
    laneId: z.string(),
    how: z.enum(['condition', 'click', 'fill', 'fill-for-me', 'key', 'done']),
    missed: z.enum(['target', 'waitFor', 'popup']),
    target: TargetDescriptionSchema.optional(),
  }),
  /** "Fill it for me" typed nothing, and why: no field had the focus, it takes no typing, or a secret met a field that would show it. */
  z.object({
    type: z.literal('assist-fill-missed'),
    t: z.number(),
    index: z.number().int(),
    stepId: z.string(),
    laneId: z.string(),
    why: z.enum(['no-field', 'not-a-field', 'not-password']),
  }),
  /** The person pressed Stop (the app) or `q` (the terminal) while the step was theirs: the run ends cancelled, as they asked. */
  z.object({
    type: z.literal('assist-stopped'),
    t: z.number(),
    startedAt: z.number(),
    index: z.number().int(),
    stepId: z.string(),
    laneId: z.string(),
  }),
  z.object({ type: z.literal('run-finished'), t: z.number(), status: z.enum(['passed', 'failed', 'cancelled']) }),
]);
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

export type FillMissed = Extract<TimelineEvent, { type: 'assist-fill-missed' }>['why'];

/** Why "Fill it for me" typed nothing, in words that follow "Nothing was typed: " (the app and the terminal say it alike). */
export function fillMissedInWords(why: FillMissed): string {
  if (why === 'no-field') return 'no field had the focus in the window';
  if (why === 'not-password') return 'the value is a secret, typed only into a password field, and the field with the focus is not one';
  return 'what has the focus in the window takes no typing';
}
export const TimelineSchema = z.array(TimelineEventSchema);
