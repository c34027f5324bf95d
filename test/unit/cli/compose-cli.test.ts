// Proves the `compose` command refuses a bad --jobs before touching the run, and its help explains segments.
import { describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli/main';

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(args, { stdout: () => undefined, stderr: (s) => (stderr += s), env: {}, signal: new AbortController().signal });
  return { code, stderr };
}

describe('review-assistant compose', () => {
  it('refuses a --jobs that is not a small whole number before touching the run (exit 2, names the option)', async () => {
    for (const bad of ['0', '2.5', 'many', '99']) {
      const r = await run(['compose', '/nonexistent/run', '--jobs', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/--jobs must be a whole number from 1 to 16/);
    }
  });

  it('refuses --keep-waits with --compress-waits before touching the run (exit 2, names both)', async () => {
    const r = await run(['compose', '/nonexistent/run', '--keep-waits', '--compress-waits']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--keep-waits and --compress-waits contradict each other/);
    const rec = await run(['record', '--profile', 'sample', '--keep-waits', '--compress-waits']);
    expect(rec.code).toBe(2);
    expect(rec.stderr).toMatch(/--keep-waits and --compress-waits contradict each other/);
  });

  it('says what it does with segments in its help', async () => {
    let out = '';
    await main(['compose', '--help'], { stdout: (s) => (out += s), stderr: () => undefined, env: {}, signal: new AbortController().signal });
    expect(out).toMatch(/--jobs N/);
    expect(out).toMatch(/only the part of the video around that caption/);
    expect(out).toMatch(/--keep-waits +show every wait as it was recorded/);
    expect(out).toMatch(/--compress-waits +also shorten long waits of the page/);
  });
});
