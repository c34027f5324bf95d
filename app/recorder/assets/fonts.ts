import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The fonts shipped with the app (DejaVu Sans), so captions render without system fonts. */
export const ASSETS_FONTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fonts');
