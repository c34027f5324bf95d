// The schema of what the checks know about a recording: its videos, captions, scenes, login, consent and frame check.
import { z } from 'zod';
import { FrameCheckSchema } from '../../recorder/inspect/frame-check-schema';
import { ReviewerNotesFactsSchema } from './reviewer-notes-facts';

/** What ffprobe says about one video file. */
export const VideoFactsSchema = z.object({
  path: z.string(),
  sizeBytes: z.number(),
  width: z.number(),
  height: z.number(),
  codec: z.string(),
  hasAudio: z.boolean(),
  durationSec: z.number(),
  /**
   * Where the video shows what it is for (a clip: its permission's outcome; the demo: the run's),
   * from the manifest's chapters (clips.ts). Absent when the manifest has none.
   */
  shownAtSec: z.number().optional(),
});
export type VideoFacts = z.infer<typeof VideoFactsSchema>;

export const RecordedSceneSchema = z.object({
  id: z.string(),
  title: z.string(),
  permissions: z.array(z.string()),
  steps: z.number().int(),
  /** Steps of the scene that showed a non-empty caption. */
  captioned: z.number().int(),
});
export type RecordedScene = z.infer<typeof RecordedSceneSchema>;

/** The waits the video left out (the manifest's `cuts`, compose/time-map.ts): where, how long, why, the step. */
export const CutsFactSchema = z.array(
  z.object({ atSec: z.number(), removedSec: z.number(), reason: z.enum(['assisted', 'wait']), stepId: z.string() }).loose(),
);

/**
 * The facts about a run folder the checks need, derived from its manifest timeline and
 * files (`loadRecordingFacts`), or written by hand in tests.
 */
export const RecordingFactsSchema = z.object({
  folder: z.string(),
  /** The manifest's status, as written by the recorder (e.g. `done`, `failed`, `cancelled`). */
  status: z.string(),
  done: z.boolean(),
  /** What the browsers played against; absent when the run folder does not say. */
  hosts: z.enum(['sandbox', 'real']).optional(),
  /** When the recording began (ISO 8601); absent when the run folder does not say. */
  recordedAt: z.string().optional(),
  /** null = the file is missing or unreadable. */
  demo: VideoFactsSchema.nullable(),
  /** Per permission: the clip's facts, null when missing. */
  clips: z.record(z.string(), VideoFactsSchema.nullable()),
  captions: z.object({ exists: z.boolean(), cues: z.number().int() }),
  scenes: z.array(RecordedSceneSchema),
  login: z.object({
    /** Login steps (fill/click on a sign-in form) in the first scene. */
    steps: z.number().int(),
    succeeded: z.number().int(),
    /** A step that types a password succeeded: someone really signed in on video (alternative login forms skip the others). */
    passwordEntered: z.boolean(),
    /** A logged-in page was shown before the first login step (the run did not start logged out). */
    loggedInFirst: z.boolean(),
    loggedInUrl: z.string().optional(),
  }),
  consent: z.object({
    /** A Facebook OAuth dialog (`/dialog/oauth`) was on screen. */
    dialogSeen: z.boolean(),
    /** The step that picks the Page(s) in the consent dialog, when there is one. */
    pageSelectionStep: z.string().optional(),
    pageSelectionSucceeded: z.boolean(),
  }),
  /** What the frame check saw in demo.mp4 (recording-facts-frames.ts); absent in facts written by hand. */
  frames: z
    .object({
      /** null: it could not run (`note` says why). */
      check: FrameCheckSchema.nullable(),
      /** `stored`: the recorder's own result in the manifest; `analysed`: read by the checks (older runs, runs composed again). */
      source: z.enum(['stored', 'analysed']).optional(),
      note: z.string().optional(),
    })
    .optional(),
  /** Waits the video left out; absent: composed before cuts existed (or facts written by hand). */
  cuts: CutsFactSchema.optional(),
  /** What the 2026 reviewer notes look for (consent grant, one Page throughout, send and delivery). */
  notes: ReviewerNotesFactsSchema.optional(),
});
export type RecordingFacts = z.infer<typeof RecordingFactsSchema>;
