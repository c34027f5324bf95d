// Starts a private Xvfb screen for one unwatched lane, so its browser runs as a normal window that ffmpeg can capture.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argv } from '../../common/argv';
import { UserError } from '../../common/errors';
import { keepDir, reapOnDeath, removeOnDeath } from '../../common/reaper';
import type { Size } from '../../media/canvas';
import { warpPointer } from './x-pointer';

/**
 * A private X screen (Xvfb) for one lane: the lane's browser runs as a normal window filling
 * it, and ffmpeg reads the screen (x11grab). On a 2-core machine where Chrome's recorder spends
 * most of its time copying every frame into fresh memory (BENCHMARKS.md, eleventh session),
 * reading the screen costs a fraction of that, and a popup window the page opens shows on the
 * screen over the page, as on a desktop.
 *
 * Only for lanes nobody watches (`--headless` runs): the screen is invisible, so a person
 * cannot act in it.
 */
export interface VirtualDisplay {
  /** The X display name, `:N`. */
  readonly display: string;
  /** The cookie file a client needs to connect (XAUTHORITY): nobody else can read or drive the lane's screen. */
  readonly xauthority: string;
  /** The cookie itself (x-pointer.ts speaks to the server directly). */
  readonly cookie: Buffer;
  readonly size: Size;
  /** Why the X server ended, once it has ("stopped" after stop()); null while it runs. */
  ended(): string | null;
  /** Ends the X server (after the browsers on it closed); never throws. */
  stop(): Promise<void>;
}

/** Xvfb on PATH (Linux), or null: then this capture is not available here. */
export function findXvfb(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  if (platform !== 'linux') return null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, 'Xvfb');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * The Xvfb arguments for a screen of `size` (device pixels); the display number is chosen by Xvfb
 * itself (`-displayfd`). No GLX: the lanes' browsers draw without the GPU (`--disable-gpu`), and
 * GLX is what loads Mesa into the server: 66 MB resident per screen with it, 13 MB without.
 */
export function xvfbArgs(size: Size, authFile: string): string[] {
  return argv`-displayfd 3 -auth ${authFile} -screen 0 ${size.width}x${size.height}x24 -nolisten tcp -nocursor -noreset -extension GLX`;
}

/**
 * An Xauthority file holding one MIT-MAGIC-COOKIE-1 for any address and display (family
 * "wild", empty display number), as `xvfb-run` writes with xauth: the server started with
 * `-auth` accepts only clients that present the cookie.
 */
export function xauthorityEntry(cookie: Buffer): Buffer {
  const field = (b: Buffer) => Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
  return Buffer.concat([Buffer.from([0xff, 0xff]), field(Buffer.alloc(0)), field(Buffer.alloc(0)), field(Buffer.from('MIT-MAGIC-COOKIE-1')), field(cookie)]);
}

/**
 * Starts an Xvfb of `size` and resolves once it accepts connections. Xvfb picks a free display
 * number and writes it to fd 3 when ready, so two runs (or a user's own Xvfb) never collide.
 */
export async function startVirtualDisplay(xvfb: string, size: Size, timeoutMs = 10_000): Promise<VirtualDisplay> {
  // Private to this user (mkdtemp: 0700), removed with the screen.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'review-assistant-screen-'));
  const xauthority = path.join(dir, 'Xauthority');
  const cookie = randomBytes(16);
  await fs.writeFile(xauthority, xauthorityEntry(cookie), { mode: 0o600 });
  removeOnDeath(dir);
  const removeDir = () => {
    keepDir(dir);
    return fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };
  let screen: VirtualDisplay;
  try {
    screen = await startXvfb(xvfb, size, xauthority, cookie, timeoutMs, removeDir);
  } catch (e) {
    await removeDir();
    throw e;
  }
  // Out of the page's way (x-pointer.ts). Best effort: a pointer left in the middle only moves the drawn cursor there when a popup closes.
  await warpPointer(screen, size.width - 1, size.height - 1).catch(() => undefined);
  return screen;
}

function startXvfb(
  xvfb: string,
  size: Size,
  xauthority: string,
  cookie: Buffer,
  timeoutMs: number,
  removeDir: () => Promise<unknown>,
): Promise<VirtualDisplay> {
  return new Promise((resolve, reject) => {
    const proc = spawn(xvfb, xvfbArgs(size, xauthority), { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], detached: false });
    reapOnDeath(proc);
    let said = '';
    let err = '';
    let settled = false;
    const fail = (why: string, cause?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(
        new UserError('external', `the virtual screen for a lane did not start (${why})`, {
          hint: 'check that Xvfb runs (apt-get install xvfb), or record with --capture chrome-recorder',
          ...(cause ? { cause } : {}),
        }),
      );
    };
    const timer = setTimeout(() => fail(`no answer from ${xvfb} in ${timeoutMs} ms`), timeoutMs);
    proc.stderr?.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-2000)));
    proc.on('error', (e) => fail(e.message, e));
    proc.on('exit', (code, signal) =>
      fail(`Xvfb ended: ${signal ?? `exit code ${code}`}${err.trim() ? `: ${err.trim().split('\n').slice(-2).join(' ')}` : ''}`),
    );
    const fd3 = proc.stdio[3] as NodeJS.ReadableStream | undefined;
    fd3?.on('data', (c: Buffer) => {
      said += c.toString();
      const m = /^(\d+)\n/.exec(said);
      if (!m || settled) return;
      settled = true;
      clearTimeout(timer);
      const exited = new Promise<void>((r) => {
        if (proc.exitCode !== null || proc.signalCode !== null) r();
        else proc.once('exit', () => r());
      });
      let stopping = false;
      resolve({
        display: `:${m[1]}`,
        xauthority,
        cookie,
        size,
        ended() {
          if (proc.exitCode === null && proc.signalCode === null) return null;
          if (stopping) return 'stopped';
          return proc.signalCode ? `killed by ${proc.signalCode}` : `exit code ${proc.exitCode}`;
        },
        async stop() {
          stopping = true;
          if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
          const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
          await exited;
          clearTimeout(t);
          await removeDir();
        },
      });
    });
  });
}
