// Ends this process's helpers (browsers, screens, ffmpeg) even when it is killed without a chance to clean up.
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A small watchdog process, started on first use: it learns each helper's pid over a pipe and,
 * when that pipe closes without a goodbye (this process ended, even by SIGKILL), kills them and
 * removes the folders registered with them. An orderly exit says goodbye first (`process.on('exit')`):
 * the folders are then left to their own code, and only helpers still registered are killed. A
 * helper is forgotten when its exit is seen, so those are ones this process is leaving running: a
 * lane browser whose launch finished after a cancel had closed the others once outlived `ui`.
 */
const WATCHDOG = `
const pids = new Map(); const dirs = new Set(); let buf = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  buf += d; let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const [cmd, arg, group] = buf.slice(0, i).split('\\t'); buf = buf.slice(i + 1);
    if (cmd === 'add') pids.set(Number(arg), group === '1');
    else if (cmd === 'del') pids.delete(Number(arg));
    else if (cmd === 'dir') dirs.add(arg);
    else if (cmd === 'undir') dirs.delete(arg);
    else if (cmd === 'bye') { killAll(); process.exit(0); }
  }
});
const killAll = () => { for (const [pid, group] of pids) { try { process.kill(group ? -pid : pid, 'SIGKILL'); } catch {} try { process.kill(pid, 'SIGKILL'); } catch {} } };
process.stdin.on('end', () => {
  killAll();
  for (const d of dirs) { try { require('fs').rmSync(d, { recursive: true, force: true }); } catch {} }
  process.exit(0);
});
`;

let watchdog: ChildProcess | null | undefined;

function send(line: string): void {
  if (watchdog === undefined) {
    if (process.platform === 'win32') watchdog = null;
    else {
      try {
        watchdog = spawn(process.execPath, ['-e', WATCHDOG], { stdio: ['pipe', 'ignore', 'ignore'], detached: true, windowsHide: true });
        watchdog.on('error', () => (watchdog = null));
        watchdog.stdin?.on('error', () => undefined);
        watchdog.unref();
        (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
        process.once('exit', () => watchdog?.stdin?.write('bye\n'));
      } catch {
        watchdog = null;
      }
    }
  }
  watchdog?.stdin?.write(`${line}\n`);
}

/**
 * Kill this child (and its process group when `group`) if this process dies while it runs; it
 * is forgotten when it exits, so a pid used again later is never touched.
 */
export function reapOnDeath(child: Pick<ChildProcess, 'pid' | 'once' | 'exitCode' | 'signalCode'> | null | undefined, o: { group?: boolean } = {}): void {
  const pid = child?.pid;
  if (!child || !pid || child.exitCode !== null || child.signalCode !== null) return;
  send(`add\t${pid}\t${o.group ? '1' : '0'}`);
  child.once('exit', () => {
    if (watchdog) send(`del\t${pid}`);
  });
}

/** Remove `dir` if this process dies before `keepDir` (a screen's private folder). */
export function removeOnDeath(dir: string): void {
  send(`dir\t${dir}`);
}

export function keepDir(dir: string): void {
  if (watchdog) send(`undir\t${dir}`);
}
