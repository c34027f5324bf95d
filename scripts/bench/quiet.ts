/**
 * Waiting for a quiet machine before a measurement: on a shared 2-core machine, a recording
 * started while something else still runs (another process's tail, a previous recorder's
 * browsers shutting down) loses frames that are the machine's, not the recorder's.
 */
import { readFileSync } from 'node:fs';

export interface CpuTimes {
  busy: number;
  total: number;
}

/** The machine's CPU times from /proc/stat's first line (all cores). */
export function parseProcStat(text: string): CpuTimes {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no "cpu" line in /proc/stat');
  // user nice system idle iowait irq softirq steal (guest counted in user)
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - f[4]!, total };
}

/** The busy share of the CPU between two readings (0–1). */
export function busyBetween(a: CpuTimes, b: CpuTimes): number {
  const dt = b.total - a.total;
  return dt > 0 ? (b.busy - a.busy) / dt : 0;
}

export interface Quiet {
  /** Busy share (%) over the last window before the measurement started. */
  busyPct: number;
  waitedMs: number;
  /** False when the machine never got quiet within the limit (the measurement ran anyway). */
  quiet: boolean;
}

/** Waits until the CPU is at most `maxBusy` busy over a `windowMs` window, at most `limitMs`. */
export async function waitForQuiet(o: { maxBusy?: number; windowMs?: number; limitMs?: number; read?: () => CpuTimes } = {}): Promise<Quiet> {
  const read = o.read ?? (() => parseProcStat(readFileSync('/proc/stat', 'utf8')));
  const maxBusy = o.maxBusy ?? 0.1;
  const windowMs = o.windowMs ?? 2000;
  const limitMs = o.limitMs ?? 90_000;
  const start = Date.now();
  for (;;) {
    const a = read();
    await new Promise((r) => setTimeout(r, windowMs));
    const busy = busyBetween(a, read());
    const waitedMs = Date.now() - start;
    if (busy <= maxBusy || waitedMs >= limitMs) return { busyPct: Math.round(busy * 100), waitedMs, quiet: busy <= maxBusy };
  }
}
