// Proves paths inside the packaged app's archive map to their unpacked copies, and other paths stay as they are.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unpackedPath } from '../../../app/common/unpacked-path';

describe('unpackedPath (files a spawned program needs, in the packaged app)', () => {
  it('maps a path inside app.asar to its unpacked copy on disk', async () => {
    const res = await fs.mkdtemp(path.join(os.tmpdir(), 'asar-'));
    const bin = path.join(res, 'app.asar.unpacked', 'node_modules', '@ffmpeg-installer', 'linux-x64', 'ffmpeg');
    await fs.mkdir(path.dirname(bin), { recursive: true });
    await fs.writeFile(bin, '');
    expect(unpackedPath(path.join(res, 'app.asar', 'node_modules', '@ffmpeg-installer', 'linux-x64', 'ffmpeg'))).toBe(bin);
    // Not unpacked (or no package at all): unchanged.
    expect(unpackedPath(path.join(res, 'app.asar', 'dist', 'shell', 'main.cjs'))).toBe(path.join(res, 'app.asar', 'dist', 'shell', 'main.cjs'));
    expect(unpackedPath('/work/app/recorder/assets/fonts')).toBe('/work/app/recorder/assets/fonts');
    await fs.rm(res, { recursive: true, force: true });
  });
  it('handles Windows separators and leaves look-alike names alone', () => {
    const all = () => true;
    expect(unpackedPath('C:\\Apps\\ARA\\resources\\app.asar\\app\\recorder\\assets\\fonts', all)).toBe(
      'C:\\Apps\\ARA\\resources\\app.asar.unpacked\\app\\recorder\\assets\\fonts',
    );
    expect(unpackedPath('/opt/x/app.asarfoo/ffmpeg', all)).toBe('/opt/x/app.asarfoo/ffmpeg');
    expect(unpackedPath('/opt/x/app.asar.unpacked/ffmpeg', all)).toBe('/opt/x/app.asar.unpacked/ffmpeg');
  });
});
