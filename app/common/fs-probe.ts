// Questions asked of the file system and the process table without changing either.
import { promises as fs } from 'node:fs';

/** Whether a path exists (any kind of entry this process may see). */
export async function pathExists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

/** Whether a process of this computer runs: signal 0 asks without sending; EPERM means alive, another user's. */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
