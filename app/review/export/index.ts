// Exports a submission: checks it, then writes its bundle from the chosen or newest finished recording.
import type { ProgressListener } from '../../common/progress';
import type { Profile } from '../../profile/schema';
import { checkSubmission } from '../checks/submission';
import type { CheckReport } from '../checks/types';
import { exportBundle, type ExportResult } from './bundle';

export { exportBundle, zipFolder, type ExportOptions, type ExportResult } from './bundle';

export interface ExportSubmissionOptions {
  profile: Profile;
  dataDir: string;
  outDir: string;
  zip?: boolean;
  force?: boolean;
  recordingFolder?: string | undefined;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/** Checks the submission (no pre-flight) and writes its bundle from the chosen or newest finished recording. */
export async function exportSubmission(o: ExportSubmissionOptions): Promise<ExportResult & { report: CheckReport; recording: string | null }> {
  o.onProgress?.({ stage: 'export', fraction: 0, message: 'Checking the submission' });
  const { report, texts, recording } = await checkSubmission({ profile: o.profile, dataDir: o.dataDir, recordingFolder: o.recordingFolder });
  const res = await exportBundle({
    profile: o.profile,
    texts,
    report,
    recording,
    outDir: o.outDir,
    zip: o.zip ?? false,
    force: o.force ?? false,
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  return { ...res, report, recording: recording?.folder ?? null };
}
