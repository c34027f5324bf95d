// Proves the /proc reader: this process and a child as the kernel lists them, a name with spaces and parentheses, zombies apart.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { descendantsOf, groupMembers, isBelow, processTable } from '../../../app/common/processes';
import { LINUX_MISSING, describeNeeding } from '../../needs';

describeNeeding(LINUX_MISSING('/proc'))('the process table', () => {
  it('lists this process with its parent and group, and a child below it with its command line', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => child.once('spawn', r));
      const table = await processTable();
      expect(table.get(process.pid)).toMatchObject({ ppid: process.ppid, comm: 'node' });
      expect(table.get(child.pid!)).toMatchObject({ ppid: process.pid, comm: 'sleep' });
      expect(isBelow(table, child.pid!, process.pid)).toBe(true);
      expect(isBelow(table, process.pid, child.pid!)).toBe(false);
      expect((await descendantsOf(process.pid)).get(child.pid!)).toBe('sleep 30');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('reads a program name holding spaces and parentheses', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'proc-'));
    const odd = path.join(dir, 'a (b) c');
    await fs.copyFile('/bin/sleep', odd);
    await fs.chmod(odd, 0o755);
    const child = spawn(odd, ['30'], { detached: true, stdio: 'ignore' });
    try {
      await new Promise((r) => child.once('spawn', r));
      // Asleep in `sleep`, or still starting on a loaded machine: either way the letter after the name, read past its ")".
      expect((await processTable()).get(child.pid!)).toMatchObject({
        comm: 'a (b) c',
        ppid: process.pid,
        pgrp: child.pid,
        state: expect.stringMatching(/^[RSD]$/),
      });
    } finally {
      child.kill('SIGKILL');
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('counts a process group without its zombies', async () => {
    // A group leader whose child has ended and is never reaped: a zombie in the group. The shell
    // starts the child, then becomes `sleep`, which never waits for it. (Not python3: where it is
    // a pyenv shim, the shim's own short-lived shells were in the group, one of them a zombie,
    // before python ran at all.)
    const leader = spawn('/bin/sh', ['-c', '(exit 0) & exec sleep 30'], { detached: true, stdio: 'ignore' });
    try {
      let zombies = 0;
      for (let k = 0; k < 80 && zombies === 0; k++) {
        await new Promise((r) => setTimeout(r, 25));
        zombies = [...(await processTable()).values()].filter((p) => p.pgrp === leader.pid && p.state === 'Z').length;
      }
      expect(zombies).toBe(1);
      expect(await groupMembers(leader.pid!)).toBe(1);
    } finally {
      process.kill(-leader.pid!, 'SIGKILL');
    }
  });
});
