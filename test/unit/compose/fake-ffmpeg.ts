// Test helper: stand-in ffmpeg binaries (shell scripts) in a fresh folder, for the probes that run one.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Stand-in ffmpeg binaries (shell scripts) for probes that run one: `make(name, body)` writes an
 * executable script with `body`; `withFakeFfmpegs(test)` gives the test a fresh folder for them and removes it after.
 */
export async function withFakeFfmpegs(test: (make: (name: string, body: string) => Promise<string>) => Promise<void>): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-fake-ffmpeg-'));
  try {
    await test(async (name, body) => {
      const f = path.join(dir, name);
      await fs.writeFile(f, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
      return f;
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
