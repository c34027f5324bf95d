// Proves a closed browser's helpers that outlive it are waited for, then killed: nothing of its process group is left.
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { groupMembers as members } from '../../../app/common/processes';
import { helpersGone } from '../../../app/recorder/browser/launch';
import { LINUX_MISSING, describeNeeding } from '../../needs';

/** A "browser" that ends at once and leaves a helper in its process group for `helperSec`. */
async function browserLeaving(helperSec: number): Promise<number> {
  const p = spawn('sh', ['-c', `sleep ${helperSec} & exit 0`], { detached: true, stdio: 'ignore' });
  await new Promise((r) => p.once('exit', r));
  return p.pid!;
}

describeNeeding(LINUX_MISSING('/proc'))('a closed browser leaves no helper behind', () => {
  it('kills a helper still running after the grace', async () => {
    const pgid = await browserLeaving(30);
    expect(await members(pgid)).toBe(1);
    await helpersGone(pgid, 200);
    for (let k = 0; k < 40 && (await members(pgid)) > 0; k++) await new Promise((r) => setTimeout(r, 25));
    expect(await members(pgid)).toBe(0);
  });

  it('waits for a helper that ends by itself within the grace, and returns once it has', async () => {
    const pgid = await browserLeaving(0.3);
    expect(await members(pgid)).toBe(1);
    await helpersGone(pgid, 5000);
    expect(await members(pgid)).toBe(0);
  });
});
