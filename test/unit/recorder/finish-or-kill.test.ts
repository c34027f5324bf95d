// Proves a screen grab finishing its backlog is waited for, and a silent one is killed.
import { describe, expect, it } from 'vitest';
import { finishOrKill } from '../../../app/recorder/capture/display';

/** A stand-in for ffmpeg finishing: writes `chunks` bytes, one every `everyMs`, then ends; or ends when killed. */
function finishing(chunks: number, everyMs: number) {
  let written = 0;
  let killed = false;
  let end: (v: unknown) => void = () => undefined;
  let fail: (e: unknown) => void = () => undefined;
  const done = new Promise((res, rej) => ((end = res), (fail = rej)));
  const t = setInterval(() => {
    if (written >= chunks) {
      clearInterval(t);
      end('finished');
    } else written++;
  }, everyMs);
  return {
    done,
    written: () => written,
    kill: () => {
      killed = true;
      clearInterval(t);
      fail(new Error('exit SIGKILL'));
    },
    killed: () => killed,
  };
}

describe('stopping a screen grab', () => {
  it('waits for a grab that is still writing, longer than the quiet time, and never kills it', async () => {
    const g = finishing(12, 50); // about 0.6 s of backlog, written steadily
    await finishOrKill(g.done, g.written, g.kill, { quietMs: 200, checkMs: 20 });
    expect(g.killed()).toBe(false);
    expect(g.written()).toBe(12);
  });

  it('kills a grab that writes nothing for the quiet time, and the stop fails with its end', async () => {
    const g = finishing(1_000_000, 60_000); // one write a minute: silent
    await expect(finishOrKill(g.done, g.written, g.kill, { quietMs: 150, checkMs: 20 })).rejects.toThrow('exit SIGKILL');
    expect(g.killed()).toBe(true);
  });

  it('kills a grab still writing once the longest wait is over', async () => {
    const g = finishing(1_000_000, 10);
    await expect(finishOrKill(g.done, g.written, g.kill, { quietMs: 1000, maxMs: 200, checkMs: 20 })).rejects.toThrow('exit SIGKILL');
    expect(g.killed()).toBe(true);
    expect(g.written()).toBeGreaterThan(0);
  });
});
