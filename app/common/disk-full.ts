// Tells a full disk apart from other failures (a write's ENOSPC, ffmpeg's "No space left on device"), and says it as the user's problem to solve: what stopped, and where to free space.
import { UserError } from './errors';

/** What to do when composing met a full disk. */
export const FREE_SPACE_AND_COMPOSE = 'free some space (or choose another --data-dir) and run "review-assistant compose RUN_FOLDER" again';

const NO_SPACE = /No space left on device|ENOSPC/i;

/** Whether `e`, or an error it was caused by, is a full disk (a failed write, or a tool's last words saying so). */
export function isDiskFull(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x && depth < 8; depth++) {
    if ((x as NodeJS.ErrnoException).code === 'ENOSPC') return true;
    if (x instanceof Error && NO_SPACE.test(x.message)) return true;
    const tail = (x as { stderrTail?: unknown }).stderrTail;
    if (Array.isArray(tail) && tail.some((l) => typeof l === 'string' && NO_SPACE.test(l))) return true;
    x = (x as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * The error a full disk ends a recording with: `where` names the stage ("during the scenes, at
 * step 2 (look-right)"), `what` what could not be written, `folder` where space must be freed.
 */
export function diskFullError(o: { where: string; what: string; folder: string; runDir?: string; cause: unknown }): UserError {
  return new UserError('external', `the disk is full: the recording stopped ${o.where}: ${o.what}; free disk space at ${o.folder}`, {
    hint: `free some space there (or choose another --data-dir) and record again${
      o.runDir ? `; what was recorded is kept in ${o.runDir}: delete that folder if you need its room` : ''
    }`,
    cause: o.cause,
  });
}
