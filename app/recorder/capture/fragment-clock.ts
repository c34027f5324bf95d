/**
 * Follows a fragmented MP4 (Chrome's recorder writes one fragment per 60 frames) as it
 * streams in, and tells how much of the lane is final on disk: everything before the start
 * of the newest fragment whose header has arrived, because the fragment before it is then
 * complete. That is what lets the video be composed while the recording goes on.
 *
 * Only the small boxes are kept (moov for the timescale, moof for the fragment start);
 * media data is counted past, never buffered.
 */
const KEEP = new Set(['moov', 'moof']);

export class FragmentClock {
  private head = Buffer.alloc(0);
  private body: Buffer[] = [];
  private bodyLeft = 0;
  private skipLeft = 0;
  private type = '';
  private timescale = 0;
  private fragmentStart = 0;
  private fragments = 0;

  /** Lane seconds known to be final (0 until the second fragment starts). */
  get finalSec(): number {
    return this.fragments > 1 && this.timescale ? this.fragmentStart / this.timescale : 0;
  }

  /** Start (lane seconds) of every fragment seen, for tests and the manifest. */
  readonly starts: number[] = [];

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.skipLeft > 0) {
        const n = Math.min(this.skipLeft, chunk.length - at);
        this.skipLeft -= n;
        at += n;
        continue;
      }
      if (this.bodyLeft > 0) {
        const n = Math.min(this.bodyLeft, chunk.length - at);
        this.body.push(chunk.subarray(at, at + n));
        this.bodyLeft -= n;
        at += n;
        if (this.bodyLeft === 0) this.onBox(this.type, Buffer.concat(this.body));
        continue;
      }
      // A box header: 8 bytes, or 16 with a 64-bit size.
      const need = this.head.length >= 8 && this.head.readUInt32BE(0) === 1 ? 16 : 8;
      const n = Math.min(need - this.head.length, chunk.length - at);
      this.head = Buffer.concat([this.head, chunk.subarray(at, at + n)]);
      at += n;
      if (this.head.length < need) continue;
      if (need === 8 && this.head.readUInt32BE(0) === 1) continue; // read the 64-bit size next
      const size32 = this.head.readUInt32BE(0);
      const size = size32 === 1 ? Number(this.head.readBigUInt64BE(8)) : size32;
      const type = this.head.toString('latin1', 4, 8);
      const left = size === 0 ? Number.POSITIVE_INFINITY : size - this.head.length;
      this.head = Buffer.alloc(0);
      if (KEEP.has(type) && Number.isFinite(left)) {
        this.type = type;
        this.body = [];
        this.bodyLeft = left;
        if (left === 0) this.onBox(type, Buffer.alloc(0));
      } else {
        this.skipLeft = left;
      }
    }
  }

  private onBox(type: string, body: Buffer): void {
    if (type === 'moov') {
      const mdhd = findBox(body, ['trak', 'mdia', 'mdhd']);
      if (mdhd) this.timescale = mdhd.readUInt8(0) === 1 ? mdhd.readUInt32BE(20) : mdhd.readUInt32BE(12);
    } else if (type === 'moof') {
      const tfdt = findBox(body, ['traf', 'tfdt']);
      if (!tfdt) return;
      const t = tfdt.readUInt8(0) === 1 ? Number(tfdt.readBigUInt64BE(4)) : tfdt.readUInt32BE(4);
      this.fragmentStart = Math.max(this.fragmentStart, t);
      this.fragments++;
      if (this.timescale) this.starts.push(t / this.timescale);
    }
  }
}

/** The body of the box at `path` inside `buf` (a box's body), or null. */
export function findBox(buf: Buffer, path: string[]): Buffer | null {
  let cur = buf;
  for (const want of path) {
    let at = 0;
    let found: Buffer | null = null;
    while (at + 8 <= cur.length) {
      let size = cur.readUInt32BE(at);
      const type = cur.toString('latin1', at + 4, at + 8);
      let head = 8;
      if (size === 1) {
        if (at + 16 > cur.length) break;
        size = Number(cur.readBigUInt64BE(at + 8));
        head = 16;
      } else if (size === 0) size = cur.length - at;
      if (size < head || at + size > cur.length) break;
      if (type === want) {
        found = cur.subarray(at + head, at + size);
        break;
      }
      at += size;
    }
    if (!found) return null;
    cur = found;
  }
  return cur;
}
