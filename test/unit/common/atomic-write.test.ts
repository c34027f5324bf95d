// Proves atomic writes keep the old file and leave no temp file on a full disk, and that a stopped run's partial files are removed.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../app/common/atomic-write';
import { removePartials, tempName } from '../../../app/recorder/run-folder';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-atomic-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('atomic writes on a full disk', () => {
  it('fails with ENOSPC, keeps the old file, and leaves no temp file holding the space', async (t) => {
    const mnt = path.join(tmp, 'small');
    await fs.mkdir(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt], { stdio: 'ignore' });
    } catch (e) {
      // Said as a skip with its reason, not passed.
      return t.skip(`a full disk needs a size-limited tmpfs, which needs root: ${(e as Error).message.split('\n')[0]}`);
    }
    try {
      const file = path.join(mnt, 'manifest.json');
      await writeFileAtomic(file, 'old');
      const err = await writeFileAtomic(file, 'x'.repeat(256 * 1024)).catch((e: unknown) => e);
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
      expect(await fs.readFile(file, 'utf8')).toBe('old');
      expect(await fs.readdir(mnt)).toEqual(['manifest.json']);
      // The space is free again: a small write succeeds.
      await writeFileAtomic(file, 'new');
      expect(await fs.readFile(file, 'utf8')).toBe('new');
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});

describe('removing the half-written outputs of a stopped run', () => {
  it('removes partial files in the run folder and its subfolders, and nothing else', async () => {
    const run = path.join(tmp, 'run');
    const files = {
      partial: [
        tempName(path.join(run, 'demo.mp4')),
        tempName(path.join(run, 'captions.srt')),
        tempName(path.join(run, 'segments', '003.mp4')),
        tempName(path.join(run, 'clips', 'pages_messaging.mp4')),
      ],
      kept: [
        path.join(run, 'demo.mp4'),
        path.join(run, 'manifest.json'),
        path.join(run, 'lanes', 'webitel.mp4'),
        path.join(run, 'segments', '002.mp4'),
        path.join(run, '.hidden'),
        path.join(run, 'notes.partial.txt'),
      ],
    };
    for (const f of [...files.partial, ...files.kept]) {
      await fs.mkdir(path.dirname(f), { recursive: true });
      await fs.writeFile(f, 'x');
    }
    expect(await removePartials(run)).toBe(files.partial.length);
    for (const f of files.partial) await expect(fs.access(f)).rejects.toThrow();
    for (const f of files.kept) await expect(fs.access(f)).resolves.toBeUndefined();
    expect(await removePartials(path.join(tmp, 'no-such-run'))).toBe(0);
  });
});
