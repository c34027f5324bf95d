// Maps a path inside the packaged app's archive to its unpacked copy, for files that programs like ffmpeg must read.
import { existsSync } from 'node:fs';

/**
 * Inside the packaged desktop app, modules live in `app.asar`: Node (patched by Electron) reads
 * files there, but a program it starts cannot — ffmpeg cannot be spawned from the archive,
 * nor read a fonts folder inside it. electron-builder.yml unpacks those files to
 * `app.asar.unpacked`; this maps a path to its unpacked copy when there is one (outside a
 * package, or for a file that is not unpacked, the path is returned unchanged).
 */
export function unpackedPath(p: string, exists: (p: string) => boolean = existsSync): string {
  const u = p.replace(/([\\/])app\.asar(?=[\\/])/, '$1app.asar.unpacked');
  return u !== p && exists(u) ? u : p;
}
