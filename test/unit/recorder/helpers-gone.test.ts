// Proves a closed browser's helpers that outlive it are waited for, then killed: nothing of its process group is left.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { helpersGone } from '../../../app/recorder/browser/launch';
import { LINUX_MISSING, describeNeeding } from '../../needs';

/** Live members of a process group, read from /proc (zombies left out, as the product does). */
function members(pgid: number): number {
  let n = 0;
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    let stat = '';
    try {
      stat = readFileSync(`/proc/${e}/stat`, 'utf8');
    } catch {
      continue;
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (f[2] === String(pgid) && f[0] !== 'Z') n++;
  }
  return n;
}

/** A "browser" that ends at once and leaves a helper in its process group for `helperSec`. */
async function browserLeaving(helperSec: number): Promise<number> {
  const p = spawn('sh', ['-c', `sleep ${helperSec} & exit 0`], { detached: true, stdio: 'ignore' });
  await new Promise((r) => p.once('exit', r));
  return p.pid!;
}

describeNeeding(LINUX_MISSING('/proc'))('a closed browser leaves no helper behind', () => {
  it('kills a helper still running after the grace', async () => {
    const pgid = await browserLeaving(30);
    expect(members(pgid)).toBe(1);
    await helpersGone(pgid, 200);
    for (let k = 0; k < 40 && members(pgid) > 0; k++) await new Promise((r) => setTimeout(r, 25));
    expect(members(pgid)).toBe(0);
  });

  it('waits for a helper that ends by itself within the grace, and returns once it has', async () => {
    const pgid = await browserLeaving(0.3);
    expect(members(pgid)).toBe(1);
    await helpersGone(pgid, 5000);
    expect(members(pgid)).toBe(0);
  });
});
