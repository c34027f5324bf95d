// Proves how the capture method is chosen and refused, and how a lane on its own screen is started, launched and read.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../../app/common/errors';
import { laneArgs, screenEnv } from '../../../app/recorder/browser/launch';
import { popupWindowBounds } from '../../../app/recorder/browser/popup-size';
import { findXvfb, xauthorityEntry, xvfbArgs } from '../../../app/recorder/browser/virtual-display';
import { CAPTURE_METHOD_IDS, chooseCapture, decideCapture } from '../../../app/recorder/capture/choose';
import type { CaptureMethod, Unavailable } from '../../../app/recorder/capture/method';
import { displayGrabArgs, grabStartSec } from '../../../app/recorder/capture/display';
import { hasX11grab } from '../../../app/media/capabilities';
import { withFakeFfmpegs } from '../compose/fake-ffmpeg';

/** A stand-in method: only its id and whether it can run matter to the choice. */
const method = (id: string): CaptureMethod => ({
  id,
  summary: id,
  colour: { range: 'limited', matrix: 'bt709' },
  container: 'mp4',
  unavailable: async () => null,
  start: () => Promise.reject(new Error('not started in this test')),
});
const ids = (ms: CaptureMethod[]) => ms.map((m) => m.id);
const screenOnly: Unavailable = {
  kind: 'usage',
  message: '--capture display records the lanes on invisible screens: it needs --headless',
  hint: 'add --headless',
};

describe('choosing the capture', () => {
  it("auto is every registered method that can run here, in the registry's order; the screen capture first", () => {
    expect(ids(decideCapture('auto', new Map()))).toEqual(['display', 'chrome-recorder', 'screencast']);
    // Visible windows: a person may have to act in them, so they stay on the real screen.
    expect(ids(decideCapture('auto', new Map([['display', screenOnly]])))).toEqual(['chrome-recorder', 'screencast']);
    expect(CAPTURE_METHOD_IDS).toEqual(['display', 'chrome-recorder', 'screencast']);
  });

  it('a method added to the registry is chosen by its id, and by auto in its place', () => {
    const methods = [method('a'), method('b'), method('c')];
    expect(ids(decideCapture('b', new Map(), methods))).toEqual(['b']);
    expect(ids(decideCapture('auto', new Map([['a', screenOnly]]), methods))).toEqual(['b', 'c']);
    expect(() => decideCapture('d', new Map(), methods)).toThrow(/--capture must be auto, a, b, c, not "d"/);
  });

  it('keeps an explicit method', () => {
    expect(ids(decideCapture('chrome-recorder', new Map()))).toEqual(['chrome-recorder']);
    expect(ids(decideCapture('screencast', new Map()))).toEqual(['screencast']);
  });

  it('refuses the screen capture where it cannot work, saying what to do', async () => {
    await withFakeFfmpegs(async (make) => {
      const x11 = await make('ffmpeg-x11', 'echo " D  x11grab         X11 screen capture, using XCB"');
      const none = await make('ffmpeg-none', 'echo " D  lavfi  Libavfilter virtual input device"');
      const xvfbDir = path.dirname(await make('Xvfb', 'exit 0'));
      const machine = (o: { headless?: boolean; ffmpeg?: string; path?: string }) => ({
        headless: o.headless ?? true,
        tools: { ffmpeg: o.ffmpeg ?? x11, ffprobe: '' },
        env: { PATH: o.path ?? xvfbDir },
        platform: 'linux' as const,
      });
      const err = async (m: ReturnType<typeof machine>) => {
        try {
          await chooseCapture('display', m);
        } catch (e) {
          return isUserError(e) ? `${e.kind}: ${e.message} (${e.hint})` : String(e);
        }
        return 'no error';
      };
      expect(ids(await chooseCapture('display', machine({})))).toEqual(['display']);
      expect(await err(machine({ headless: false }))).toMatch(/^usage: .*needs --headless \(add --headless/);
      expect(await err(machine({ path: '/nonexistent' }))).toMatch(/needs Xvfb.*apt-get install xvfb/);
      expect(await err(machine({ ffmpeg: none }))).toMatch(/x11grab.*REVIEW_ASSISTANT_FFMPEG/);
      expect(ids(await chooseCapture('auto', machine({ headless: false })))).toEqual(['chrome-recorder', 'screencast']);
    });
  });

  it('finds Xvfb on PATH, on Linux only', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-xvfb-'));
    try {
      await fs.writeFile(path.join(dir, 'Xvfb'), '#!/bin/sh\n', { mode: 0o755 });
      await fs.writeFile(path.join(dir, 'notexec'), '', { mode: 0o644 });
      expect(findXvfb({ PATH: `/nonexistent:${dir}` }, 'linux')).toBe(path.join(dir, 'Xvfb'));
      expect(findXvfb({ PATH: '/nonexistent' }, 'linux')).toBeNull();
      expect(findXvfb({ PATH: dir }, 'darwin')).toBeNull();
      await fs.chmod(path.join(dir, 'Xvfb'), 0o644); // not executable: not found
      expect(findXvfb({ PATH: dir }, 'linux')).toBeNull();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('tells whether an ffmpeg can read X screens from its device list', async () => {
    await withFakeFfmpegs(async (make) => {
      const yes = await make(
        'ffmpeg-x11',
        'echo "Devices:"; echo " D  lavfi  Libavfilter virtual input device"; echo " D  x11grab         X11 screen capture, using XCB"',
      );
      const no = await make('ffmpeg-none', 'echo "Devices:"; echo " D  lavfi  Libavfilter virtual input device"; echo " DE alsa   ALSA audio output"');
      const broken = await make('ffmpeg-broken', 'exit 1');
      expect(await hasX11grab({ ffmpeg: yes })).toBe(true);
      expect(await hasX11grab({ ffmpeg: no })).toBe(false);
      expect(await hasX11grab({ ffmpeg: broken })).toBe(false);
    });
  });
});

describe('a lane on its own screen', () => {
  it('starts Xvfb at the picture size, choosing its own display number, open only to its cookie', () => {
    const a = xvfbArgs({ width: 736, height: 828 }, '/tmp/s/Xauthority');
    expect(a).toEqual(expect.arrayContaining(['-displayfd', '3', '-screen', '0', '736x828x24', '-nolisten', 'tcp']));
    expect(a[a.indexOf('-auth') + 1]).toBe('/tmp/s/Xauthority');
    // The browsers draw without the GPU: no Mesa in the server.
    expect(a[a.indexOf('-extension') + 1]).toBe('GLX');
  });

  it('writes the cookie as xauth does: any address, any display, MIT-MAGIC-COOKIE-1', () => {
    const cookie = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const e = xauthorityEntry(cookie);
    expect(e.toString('hex')).toBe(
      ['ffff', '0000', '0000', '0012', Buffer.from('MIT-MAGIC-COOKIE-1').toString('hex'), '0010', cookie.toString('hex')].join(''),
    );
  });

  it('launches the browser as a kiosk window the size of the page, with nothing over it', () => {
    const base = {
      headless: false,
      viewport: { width: 960, height: 1080 },
      position: { x: 960, y: 0 },
      root: true,
      platform: 'linux' as const,
      scale: 0.7666667,
    };
    const own = laneArgs({ ...base, ownScreen: true });
    expect(own).toEqual(expect.arrayContaining(['--kiosk', '--test-type', '--ozone-platform=x11', '--disable-gpu-vsync', '--window-size=960,1080']));
    // Its X screen, never the desktop's Wayland.
    expect(screenEnv({ PATH: '/bin', DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0' }, { display: ':12', xauthority: '/tmp/s/Xauthority' })).toEqual({
      PATH: '/bin',
      DISPLAY: ':12',
      XAUTHORITY: '/tmp/s/Xauthority',
    });
    // A visible window also holds the tabs and address bar: taller, and no kiosk.
    const visible = laneArgs(base);
    expect(visible).toContain('--window-size=960,1168');
    expect(visible).not.toContain('--kiosk');
  });

  it('reads the screen at a constant rate into fragmented, lossless 4:4:4 H.264, tagged BT.709 limited range', () => {
    const a = displayGrabArgs({ display: ':99', width: 736, height: 828, fps: 30 });
    const after = (flag: string) => a[a.indexOf(flag) + 1];
    expect(after('-f')).toBe('x11grab');
    expect(after('-i')).toBe(':99+0,0');
    expect(after('-video_size')).toBe('736x828');
    expect(after('-framerate')).toBe('30');
    expect(after('-r')).toBe('30');
    expect(after('-g')).toBe('30'); // a fragment a second: composed while recording
    expect(after('-draw_mouse')).toBe('0');
    expect(after('-c:v')).toBe('libx264');
    expect(after('-movflags')).toMatch(/frag_keyframe/);
    expect(after('-colorspace')).toBe('bt709');
    expect(after('-color_range')).toBe('tv');
    expect(after('-vf')).toMatch(/out_color_matrix=bt709:out_range=tv/);
    // The screen as it was: the video's one chroma subsampling is the composer's.
    expect(after('-vf')).toMatch(/format=yuv444p$/);
    expect(after('-qp')).toBe('0');
    expect(a).not.toContain('-crf');
    expect(after('-threads')).toBe('2');
    expect(a).toContain('-an');
    expect(a.at(-1)).toBe('pipe:1');
  });

  it("reads when the first frame was taken from ffmpeg's description of the input", () => {
    const log = [
      "Input #0, x11grab, from ':99+0,0':",
      '  Duration: N/A, start: 1764648001.234567, bitrate: 585446 kb/s',
      '    Stream #0:0: Video: rawvideo (BGR[0] / 0x30524742), bgr0, 736x828, 30 fps',
    ].join('\n');
    expect(grabStartSec(log)).toBeCloseTo(1764648001.234567, 6);
    // Only the x11grab input's, and only a wall-clock time.
    expect(grabStartSec("Input #0, lavfi, from 'x':\n  Duration: N/A, start: 0.000000")).toBeNull();
    expect(grabStartSec("Input #0, x11grab, from ':99':\n  Duration: N/A, start: 12.5, bitrate")).toBeNull();
    expect(grabStartSec("Input #0, x11grab, from ':99':")).toBeNull();
  });

  it('places a popup window as asked, centred, its frame above the page, kept on the screen', () => {
    expect(popupWindowBounds({ width: 640, height: 720 }, { width: 0, height: 35 }, { width: 960, height: 1080 })).toEqual({
      left: 160,
      top: 163,
      width: 640,
      height: 755,
    });
    expect(popupWindowBounds({ width: 900, height: 1080 }, { width: 0, height: 35 }, { width: 960, height: 1080 })).toEqual({
      left: 30,
      top: 0,
      width: 900,
      height: 1080,
    });
  });
});
