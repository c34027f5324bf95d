// Proves the X11 pointer requests byte by byte, and that a lane's own screen parks its pointer out of the page's way (real Xvfb).
import { describe, expect, it } from 'vitest';
import { findXvfb, startVirtualDisplay } from '../../../app/recorder/browser/virtual-display';
import { queryPointer, rootOfSetupReply, setupRequest, warpPointer, warpRequest } from '../../../app/recorder/browser/x-pointer';
import { XVFB_MISSING, describeNeeding } from '../../needs';

/** The X11 requests byte by byte, and against a real Xvfb. `.ci/run` installs Xvfb. */
const xvfb = findXvfb();

describe('the X11 requests', () => {
  it('sets up a little-endian connection with the cookie, padded to 4 bytes', () => {
    const b = setupRequest(Buffer.alloc(16, 7));
    expect(b.length).toBe(12 + 20 + 16);
    expect([b.toString('latin1', 0, 1), b.readUInt16LE(2), b.readUInt16LE(6), b.readUInt16LE(8)]).toEqual(['l', 11, 18, 16]);
    expect(b.toString('latin1', 12, 30)).toBe('MIT-MAGIC-COOKIE-1');
    expect(b.subarray(32)).toEqual(Buffer.alloc(16, 7));
  });

  it('warps on the root window, 24 bytes', () => {
    const b = warpRequest(0x123, 735, 827);
    expect([b[0], b.readUInt16LE(2), b.readUInt32LE(4), b.readUInt32LE(8), b.readInt16LE(20), b.readInt16LE(22)]).toEqual([41, 6, 0, 0x123, 735, 827]);
  });

  it('says why the server refused', () => {
    const reason = 'No protocol specified\n';
    const reply = Buffer.alloc(8 + 24);
    reply[0] = 0;
    reply[1] = reason.length;
    reply.write(reason, 8, 'latin1');
    expect(() => rootOfSetupReply(reply)).toThrow('the X server refused the connection: No protocol specified');
  });
});

describeNeeding(xvfb ? null : XVFB_MISSING)("a lane's own screen", () => {
  it("starts with its pointer parked in its last pixel, out of the page's way, and moves it when asked", async () => {
    const screen = await startVirtualDisplay(xvfb!, { width: 736, height: 828 });
    try {
      expect(await queryPointer(screen)).toEqual({ x: 735, y: 827 });
      await warpPointer(screen, 10, 20);
      expect(await queryPointer(screen)).toEqual({ x: 10, y: 20 });
      await expect(queryPointer({ ...screen, cookie: Buffer.alloc(16) })).rejects.toThrow('refused');
    } finally {
      await screen.stop();
    }
  });
});
