// Proves a full disk is recognised however it surfaces (a write's ENOSPC, ffmpeg's last words, a wrapped cause) and said with the stage and the folder to free.
import { describe, expect, it } from 'vitest';
import { diskFullError, isDiskFull } from '../../../app/common/disk-full';
import { UserError } from '../../../app/common/errors';
import { FfmpegRunError } from '../../../app/media/process';

const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

describe('a full disk', () => {
  it("is recognised from a failed write, ffmpeg's last lines, or a cause several errors down", () => {
    expect(isDiskFull(enospc)).toBe(true);
    expect(isDiskFull(Object.assign(new Error('write failed'), { code: 'ENOSPC' }))).toBe(true);
    const ffmpeg = new FfmpegRunError(new UserError('external', 'the lane encoder failed'), [
      '[matroska] Error writing',
      'av_interleaved_write_frame(): No space left on device',
    ]);
    expect(isDiskFull(ffmpeg)).toBe(true);
    expect(isDiskFull(new UserError('external', 'the scenario failed', { cause: new Error('x', { cause: enospc }) }))).toBe(true);
  });

  it('is not any other failure', () => {
    expect(isDiskFull(new Error('EACCES: permission denied'))).toBe(false);
    expect(isDiskFull(new FfmpegRunError(new UserError('external', 'the screen capture failed'), ['Killed']))).toBe(false);
    expect(isDiskFull(null)).toBe(false);
    expect(isDiskFull('ENOSPC')).toBe(false);
    // A cycle of causes ends.
    const a: Error & { cause?: unknown } = new Error('a');
    a.cause = a;
    expect(isDiskFull(a)).toBe(false);
  });

  it('is said with the stage, what could not be written, the folder to free and the kept run folder', () => {
    const e = diskFullError({
      where: 'during the scenes, at step 2 (look-right)',
      what: 'the "webitel" lane\'s recording could not be written',
      folder: '/data',
      runDir: '/data/recordings/x/1',
      cause: enospc,
    });
    expect(e.kind).toBe('external');
    expect(e.message).toBe(
      'the disk is full: the recording stopped during the scenes, at step 2 (look-right): the "webitel" lane\'s recording could not be written; free disk space at /data',
    );
    expect(e.hint).toMatch(/kept in \/data\/recordings\/x\/1/);
    expect(e.cause).toBe(enospc);
  });
});
