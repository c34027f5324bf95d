// Parks and reads the pointer of a lane's own X screen over the X11 protocol, so it cannot pull the drawn cursor around.
import net from 'node:net';
import { withTimeout } from '../../common/timeout';

/**
 * The pointer of a lane's own X screen (virtual-display.ts), spoken to in the X11 protocol
 * itself: nothing to install (no xdotool) for two requests.
 *
 * Why it matters: Xvfb starts with its pointer in the middle of the screen, over the lane's
 * page. When a window over the page closes (the Facebook login popup), the X server tells the
 * page's window the pointer entered it, Chrome passes that on as a mouse move, and the cursor
 * drawn into the page (cursor.ts) jumped to the middle of the page, away from where the runner
 * had left it, until the next step moved it back. With the pointer parked in the screen's last
 * pixel, the drawn cursor stays where the runner left it (record-display test); a move from
 * there would put the arrow, which reaches right and down from its point, off the page.
 */

export interface XScreenAccess {
  /** `:N` */
  display: string;
  /** The MIT-MAGIC-COOKIE-1 the server was started with. */
  cookie: Buffer;
}

const pad4 = (n: number) => (4 - (n % 4)) % 4;

/** The connection setup request (little-endian), with the cookie. */
export function setupRequest(cookie: Buffer): Buffer {
  const name = Buffer.from('MIT-MAGIC-COOKIE-1');
  const head = Buffer.alloc(12);
  head.write('l', 0, 'latin1');
  head.writeUInt16LE(11, 2);
  head.writeUInt16LE(0, 4);
  head.writeUInt16LE(name.length, 6);
  head.writeUInt16LE(cookie.length, 8);
  return Buffer.concat([head, name, Buffer.alloc(pad4(name.length)), cookie, Buffer.alloc(pad4(cookie.length))]);
}

/** The first screen's root window from a successful setup reply, or an error naming the server's reason. */
export function rootOfSetupReply(reply: Buffer): number {
  if (reply[0] !== 1) {
    const reasonLength = reply[1] ?? 0;
    const reason = reply.subarray(8, 8 + reasonLength).toString('latin1');
    throw new Error(`the X server refused the connection${reason ? `: ${reason}` : ''}`);
  }
  const vendorLength = reply.readUInt16LE(24);
  const formats = reply[29]!;
  return reply.readUInt32LE(40 + vendorLength + pad4(vendorLength) + 8 * formats);
}

/** WarpPointer (opcode 41) to `x`, `y` of the `root` window. */
export function warpRequest(root: number, x: number, y: number): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt8(41, 0);
  b.writeUInt16LE(6, 2);
  b.writeUInt32LE(0, 4); // src-window: None
  b.writeUInt32LE(root, 8);
  b.writeInt16LE(x, 20);
  b.writeInt16LE(y, 22);
  return b;
}

/** QueryPointer (opcode 38) on the `root` window: its reply says where the pointer is. */
export function queryPointerRequest(root: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt8(38, 0);
  b.writeUInt16LE(2, 2);
  b.writeUInt32LE(root, 4);
  return b;
}

/** Talks to the screen: sends the setup, then what `then` asks with the root window, and reads `replyBytes` of answers; an X error among them (first byte 0) throws, naming `what`. */
async function converse(screen: XScreenAccess, what: string, then: (root: number) => Buffer, replyBytes: number, timeoutMs: number): Promise<Buffer> {
  const m = /^:(\d+)$/.exec(screen.display);
  if (!m) throw new Error(`not a local X display: ${screen.display}`);
  const socketPath = `/tmp/.X11-unix/X${m[1]}`;
  let reply: Buffer;
  try {
    reply = await converseAt(socketPath, screen.cookie, then, replyBytes, timeoutMs);
  } catch (e) {
    // No socket file (a /tmp the server could not write to): Linux servers also listen in the abstract namespace, as libxcb tries first.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || process.platform !== 'linux') throw e;
    reply = await converseAt(`\0${socketPath}`, screen.cookie, then, replyBytes, timeoutMs);
  }
  if (reply[0] !== 1) throw new Error(`the X server answered ${what} with error ${reply[1]}`);
  return reply;
}

async function converseAt(socketPath: string, cookie: Buffer, then: (root: number) => Buffer, replyBytes: number, timeoutMs: number): Promise<Buffer> {
  const socket = net.connect(socketPath);
  try {
    return await withTimeout(
      new Promise<Buffer>((resolve, reject) => {
        let got = Buffer.alloc(0);
        let setupLength: number | null = null;
        let asked = false;
        socket.on('error', reject);
        socket.on('close', () => reject(new Error('the X server closed the connection')));
        socket.on('connect', () => socket.write(setupRequest(cookie)));
        socket.on('data', (c: Buffer) => {
          got = Buffer.concat([got, c]);
          if (setupLength === null) {
            if (got.length < 8) return;
            setupLength = 8 + 4 * got.readUInt16LE(6);
          }
          if (got.length < setupLength) return;
          if (!asked) {
            asked = true;
            try {
              socket.write(then(rootOfSetupReply(got.subarray(0, setupLength))));
            } catch (e) {
              reject(e as Error);
            }
          }
          if (got.length >= setupLength + replyBytes) resolve(got.subarray(setupLength, setupLength + replyBytes));
        });
      }),
      timeoutMs,
    );
  } finally {
    socket.destroy();
  }
}

/** Puts the screen's pointer at `x`, `y`; resolves once the server has done it (a round trip after). */
export async function warpPointer(screen: XScreenAccess, x: number, y: number, timeoutMs = 2000): Promise<void> {
  // An error (32 bytes, first 0) would come before the query's reply.
  await converse(screen, 'WarpPointer', (root) => Buffer.concat([warpRequest(root, x, y), queryPointerRequest(root)]), 32, timeoutMs);
}

/** Where the screen's pointer is (root coordinates). */
export async function queryPointer(screen: XScreenAccess, timeoutMs = 2000): Promise<{ x: number; y: number }> {
  const reply = await converse(screen, 'QueryPointer', (root) => queryPointerRequest(root), 32, timeoutMs);
  return { x: reply.readInt16LE(16), y: reply.readInt16LE(18) };
}
