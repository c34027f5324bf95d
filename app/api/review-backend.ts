import { UserError } from '../common/errors';
import type { Profile } from '../profile/schema';
import type { RecorderBackend } from './recorder-backend';
import type { CheckReport, ExportResult } from './views';

/** Checks, pre-flight and the export bundle, as the API uses them; wired in `review-glue`. */
export class ReviewBackend {
  checksDriver: ((p: Profile, opts: { preflight: boolean }) => Promise<CheckReport>) | undefined;
  exportDriver: ((p: Profile, opts: { zip: boolean }) => Promise<ExportResult>) | undefined;

  constructor(
    readonly dataDir: string,
    readonly recorder: RecorderBackend,
  ) {}

  async checks(p: Profile, opts: { preflight: boolean }): Promise<CheckReport> {
    if (!this.checksDriver) throw new UserError('external', 'checks are not available in this build', { hint: 'use "review-assistant check"' });
    return this.checksDriver(p, opts);
  }

  async exportBundle(p: Profile, opts: { zip: boolean }): Promise<ExportResult> {
    if (!this.exportDriver) throw new UserError('external', 'export is not available in this build', { hint: 'use "review-assistant export"' });
    return this.exportDriver(p, opts);
  }
}
