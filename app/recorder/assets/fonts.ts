// Where the caption fonts shipped with the app live, as a path ffmpeg can read even in the packaged app.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unpackedPath } from '../../common/unpacked-path';

/** The fonts shipped with the app (DejaVu Sans), so captions render without system fonts; ffmpeg reads them, so never from inside app.asar. */
export const ASSETS_FONTS_DIR = unpackedPath(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fonts'));
