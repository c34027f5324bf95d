// Which ffmpeg and ffprobe binaries the app runs: the option, the environment, or the bundled ones.
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { UserError } from '../common/errors';
import { unpackedPath } from '../common/unpacked-path';

const require = createRequire(import.meta.url);

export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
}

function bundled(pkg: string): string | undefined {
  try {
    return unpackedPath((require(pkg) as { path: string }).path);
  } catch {
    return undefined;
  }
}

/** ffmpeg from the option, REVIEW_ASSISTANT_FFMPEG, or the bundled @ffmpeg-installer binary (same for ffprobe). */
export function resolveFfmpegTools(opts: { ffmpegPath?: string | undefined; ffprobePath?: string | undefined; env?: NodeJS.ProcessEnv } = {}): FfmpegTools {
  const env = opts.env ?? process.env;
  const ff = opts.ffmpegPath ?? env.REVIEW_ASSISTANT_FFMPEG ?? bundled('@ffmpeg-installer/ffmpeg');
  const fp = opts.ffprobePath ?? env.REVIEW_ASSISTANT_FFPROBE ?? bundled('@ffprobe-installer/ffprobe');
  const check = (p: string | undefined, what: string, envName: string): string => {
    try {
      if (!p) throw new Error('none');
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      throw new UserError('external', `${what} was not found${p ? ` at ${p}` : ''}`, {
        hint: `reinstall the app's dependencies (npm install), or point ${envName} at a working ${what} binary`,
      });
    }
  };
  return { ffmpeg: check(ff, 'ffmpeg', 'REVIEW_ASSISTANT_FFMPEG'), ffprobe: check(fp, 'ffprobe', 'REVIEW_ASSISTANT_FFPROBE') };
}
