// The machine's processes as Linux's /proc shows them: parent, process group and state, and the tree below a process.
import { promises as fs } from 'node:fs';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** Process group. */
  pgrp: number;
  /** One letter: R running, S sleeping, Z zombie (ended, not yet reaped), … */
  state: string;
  /** The program's name, as the kernel keeps it (at most 15 characters). */
  comm: string;
}

/** Every process /proc lists now (empty where there is no /proc); a process that ends while it is read is left out. */
export async function processTable(): Promise<Map<number, ProcessEntry>> {
  const out = new Map<number, ProcessEntry>();
  for (const name of await fs.readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await fs.readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so read after the last ')'.
    const close = stat.lastIndexOf(')');
    if (close < 0) continue;
    const [state, ppid, pgrp] = stat.slice(close + 2).split(' ');
    out.set(Number(name), { pid: Number(name), ppid: Number(ppid), pgrp: Number(pgrp), state: state ?? '?', comm: stat.slice(stat.indexOf('(') + 1, close) });
  }
  return out;
}

/** Whether `pid` is below `root` in the table (its child, grandchild, …). */
export function isBelow(table: ReadonlyMap<number, ProcessEntry>, pid: number, root: number): boolean {
  for (let p = table.get(pid)?.ppid, hops = 0; p && hops < 64; p = table.get(p)?.ppid, hops++) if (p === root) return true;
  return false;
}

/** Every process below `root`: pid → command line, its arguments joined by spaces. */
export async function descendantsOf(root: number): Promise<Map<number, string>> {
  const table = await processTable();
  const out = new Map<number, string>();
  for (const pid of table.keys()) {
    if (!isBelow(table, pid, root)) continue;
    const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    out.set(pid, cmdline.replace(/\0/g, ' ').trim());
  }
  return out;
}

/** Live (not zombie) processes of a process group. */
export async function groupMembers(pgid: number): Promise<number> {
  let n = 0;
  for (const p of (await processTable()).values()) if (p.pgrp === pgid && p.state !== 'Z') n++;
  return n;
}
