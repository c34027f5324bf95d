// Proves the fragment clock (how much of a recording is final on disk) and which overlay events each segment holds.
import { describe, expect, it } from 'vitest';
import { FragmentClock, findBox } from '../../../app/recorder/capture/fragment-clock';
import { parseAssTime, windowAss } from '../../../app/recorder/compose/ass-window';

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}
const u32 = (...n: number[]) =>
  Buffer.concat(
    n.map((x) => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(x);
      return b;
    }),
  );
const mdhd = (timescale: number) => box('mdhd', u32(0, 0, 0, timescale, 0, 0));
const moov = (timescale: number) => box('moov', box('mvhd', u32(0)), box('trak', box('tkhd', u32(0)), box('mdia', mdhd(timescale))));
function moof(t: number, v1 = false): Buffer {
  const tfdt = v1
    ? box(
        'tfdt',
        Buffer.from([1, 0, 0, 0]),
        (() => {
          const b = Buffer.alloc(8);
          b.writeBigUInt64BE(BigInt(t));
          return b;
        })(),
      )
    : box('tfdt', u32(0, t));
  return box('moof', box('mfhd', u32(0, 1)), box('traf', box('tfhd', u32(0, 1)), tfdt));
}
const mdat = (n: number) => box('mdat', Buffer.alloc(n, 7));

describe('fragment clock (how much of a recording is final on disk)', () => {
  const file = Buffer.concat([box('ftyp', Buffer.from('isom')), moov(30000), moof(0), mdat(5000), moof(63600), mdat(7000), moof(124000, true), mdat(300)]);

  it('knows nothing until a second fragment starts, then everything before the newest one', () => {
    const c = new FragmentClock();
    const firstMoof = file.indexOf(Buffer.from('moof'));
    c.push(file.subarray(0, firstMoof + 200));
    expect(c.finalSec).toBe(0);
    c.push(file.subarray(firstMoof + 200));
    expect(c.starts).toEqual([0, 2.12, 124000 / 30000]);
    expect(c.finalSec).toBeCloseTo(124000 / 30000, 9);
  });

  it('gives the same answer whatever the chunking (byte by byte included)', () => {
    for (const size of [1, 3, 7, 64, 4096]) {
      const c = new FragmentClock();
      for (let i = 0; i < file.length; i += size) c.push(file.subarray(i, i + size));
      expect(c.starts).toEqual([0, 2.12, 124000 / 30000]);
    }
  });

  it('finds nested boxes and rejects truncated ones', () => {
    expect(findBox(moov(90000).subarray(8), ['trak', 'mdia', 'mdhd'])?.readUInt32BE(12)).toBe(90000);
    expect(findBox(moov(90000).subarray(8, 30), ['trak', 'mdia', 'mdhd'])).toBeNull();
  });
});

describe('overlay window of a segment', () => {
  const head = ['[Script Info]', 'PlayResX: 1920', '', '[Events]', 'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text'];
  const doc = (captionEnd: string, far: string) =>
    [
      ...head,
      'Dialogue: 9,0:00:00.00,0:00:03.00,Card,,0,0,0,,Title',
      `Dialogue: 5,0:00:04.00,${captionEnd},Caption,,0,0,0,,Click Log in`,
      `Dialogue: 5,0:00:40.00,0:00:45.00,Caption,,0,0,0,,${far}`,
    ].join('\n');

  it('keeps the events that can show in the segment (with a fade margin), and the header', () => {
    const w = windowAss(doc('0:00:20.00', 'Later'), 3.2, 13);
    expect(w.text).toContain('[Script Info]');
    expect(w.text).toContain('Title'); // ends 0.2 s before: a fade-out could still show
    expect(w.text).toContain('Click Log in');
    expect(w.text).not.toContain('Later');
    expect(parseAssTime('1:02:03.45')).toBeCloseTo(3723.45, 6);
  });

  it('has the same key when only events outside it change, a different one when its own change', () => {
    const k = (d: string, a: number, b: number) => JSON.stringify(windowAss(d, a, b).key);
    // The caption's end is far past the segment (not yet known while recording, known later).
    expect(k(doc('0:00:20.00', 'Later'), 3, 13)).toBe(k(doc('0:00:31.00', 'Fixed later'), 3, 13));
    // Its end now falls inside the segment: different pictures, different key.
    expect(k(doc('0:00:20.00', 'Later'), 3, 13)).not.toBe(k(doc('0:00:12.00', 'Later'), 3, 13));
    // A caption text fixed inside the segment changes its key.
    expect(k(doc('0:00:20.00', 'Later'), 38, 48)).not.toBe(k(doc('0:00:20.00', 'Fixed'), 38, 48));
  });
});
