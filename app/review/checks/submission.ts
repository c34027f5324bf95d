// Checks one submission: gathers its texts, its recording's facts and optionally the Graph API pre-flight, then runs every check.
import path from 'node:path';
import type { Profile } from '../../profile/schema';
import { defaultScenario } from '../../recorder/scenarios/index';
import { runPreflight, type PreflightOptions } from '../preflight/run';
import { exportTexts } from '../texts/index';
import { latestDoneRun, loadRecordingFacts } from './recording-facts';
import type { RecordingFacts } from './recording-facts-schema';
import { runChecks } from './run';
import type { CheckInput, CheckReport, CheckSurface, ReviewTexts, SceneFacts } from './types';

export interface CheckSubmissionOptions {
  profile: Profile;
  dataDir: string;
  /** A run folder to judge; default: the newest finished recording of the profile. */
  recordingFolder?: string | undefined;
  /** Run the Graph API pre-flight with these options; omitted = not run. */
  preflight?: PreflightOptions | undefined;
  now?: Date;
  /** Who reads the results (default the command line): the app's wording names its buttons. */
  surface?: CheckSurface;
}

export interface SubmissionCheck {
  report: CheckReport;
  texts: ReviewTexts;
  recording: RecordingFacts | undefined;
  input: CheckInput;
}

/** The scenes of the built-in scenario, for "requested for later" before anything is recorded. */
function scenarioScenes(): SceneFacts[] | undefined {
  try {
    return defaultScenario().scenes.map((s) => ({ id: s.id, title: s.title, permissions: [...s.permissions] }));
  } catch {
    return undefined;
  }
}

/**
 * Gathers everything the checks read — the texts with the user's edits, the recording's
 * facts, optionally the Graph API pre-flight — and runs every check. Used by the CLI
 * (`check`, `export`) and the app's API alike.
 */
export async function checkSubmission(o: CheckSubmissionOptions): Promise<SubmissionCheck> {
  const texts = exportTexts(o.profile);
  const folder = o.recordingFolder ? path.resolve(o.recordingFolder) : await latestDoneRun(o.dataDir, o.profile.name);
  const recording = folder ? await loadRecordingFacts(folder) : undefined;
  const preflight = o.preflight ? await runPreflight(o.profile, o.preflight) : undefined;
  const input: CheckInput = { profile: o.profile, texts, recording, scenes: recording ? undefined : scenarioScenes(), preflight, surface: o.surface };
  return { report: runChecks(input, o.now ? { now: o.now } : {}), texts, recording, input };
}
