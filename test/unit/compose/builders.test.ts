import { describe, expect, it } from 'vitest';
import { assColor, assText, assTime, buildAss, fitUrl } from '../../../app/recorder/compose/ass';
import { buildClipPlan, buildComposePlan, DEFAULT_ENCODER, encoderOutputOptions, escapeFilterValue } from '../../../app/recorder/compose/filter-graph';
import { fitInside, layoutCanvas, popupPlacement } from '../../../app/recorder/compose/layout';
import { parseTimemark } from '../../../app/recorder/compose/ffmpeg';

const lanes = [{ width: 960, height: 1080 }, { width: 960, height: 1080 }];

describe('layout', () => {
  it('puts two lanes side by side inside a 1920×1080 canvas, above the caption band', () => {
    const L = layoutCanvas(1920, lanes);
    expect([L.width, L.height]).toEqual([1920, 1080]);
    const [a, b] = L.lanes;
    expect(a!.picture.x + a!.picture.w).toBeLessThanOrEqual(b!.picture.x);
    for (const l of L.lanes) {
      expect(l.picture.y).toBeGreaterThanOrEqual(l.addressBar.y + l.addressBar.h);
      expect(l.picture.y + l.picture.h).toBeLessThanOrEqual(L.captionBand.y);
      expect(l.picture.w % 2).toBe(0);
      expect(l.picture.h % 2).toBe(0);
      expect(l.picture.w / l.picture.h).toBeCloseTo(960 / 1080, 1);
    }
  });
  it('scales everything for the 1440-wide option', () => {
    const L = layoutCanvas(1440, lanes);
    expect([L.width, L.height]).toEqual([1440, 810]);
    expect(L.lanes[1]!.column.x + L.lanes[1]!.column.w).toBeLessThanOrEqual(1440);
    expect(L.fontSizes.caption).toBeLessThan(layoutCanvas(1920, lanes).fontSizes.caption);
  });
  it('never upscales beyond the box and centres the fit', () => {
    const r = fitInside({ width: 400, height: 300 }, { x: 0, y: 0, w: 800, h: 300 });
    expect(r).toEqual({ x: 200, y: 0, w: 400, h: 300 });
  });
  it('centres a popup window inside its lane with a title bar above it', () => {
    const lane = layoutCanvas(1920, lanes).lanes[0]!.picture;
    const p = popupPlacement(lane, { width: 640, height: 720 }, 1);
    expect(p.titleBar.y + p.titleBar.h).toBe(p.picture.y);
    expect(p.window.x).toBeGreaterThanOrEqual(lane.x);
    expect(p.window.y + p.window.h).toBeLessThanOrEqual(lane.y + lane.h);
    expect(Math.abs(p.picture.x + p.picture.w / 2 - (lane.x + lane.w / 2))).toBeLessThanOrEqual(1);
  });
});

describe('ASS overlay', () => {
  it('formats colours, times and text safely', () => {
    expect(assColor('#112233')).toBe('&H00332211');
    expect(assColor('#112233', 255)).toBe('&HFF332211');
    expect(assTime(3723.456)).toBe('1:02:03.46');
    expect(assText('a{\\b1}b\nc')).toBe('a(∖b1)b\\Nc');
  });
  it('keeps the host of a long URL and shortens the path', () => {
    const p = fitUrl('https://www.facebook.com/v24.0/dialog/oauth?client_id=1234567890&redirect_uri=https%3A%2F%2Fhost%2Fchat%2Fabc', 50);
    expect(p.host).toBe('www.facebook.com');
    expect(p.scheme.length + p.host.length + p.rest.length).toBeLessThanOrEqual(50);
    expect(p.rest.endsWith('…')).toBe(true);
  });
  it('draws labels, URLs, captions and cards at their times', () => {
    const layout = layoutCanvas(1920, lanes);
    const ass = buildAss({
      layout,
      laneTitles: ['Webitel — operator', 'Facebook Messenger — customer'],
      laneIds: ['webitel', 'messenger'],
      cues: [{ index: 0, start: 3.5, end: 6, caption: 'Click {Log in}', laneId: 'webitel', stepId: 's0' }],
      chapters: [{ sceneId: 'login', title: 'Log in', permissions: ['pages_show_list'], start: 3.2, end: 9 }],
      urls: [{ laneId: 'messenger', popup: false, url: 'https://www.facebook.com/messages', start: 3, end: 9 }],
      popups: [],
      title: { appName: 'Acme', gateway: 'gw', date: '2026-11-25', permissions: ['pages_show_list'], lanes: ['A', 'B'] },
      titleSec: 3,
      durationSec: 9,
    });
    expect(ass).toContain('PlayResX: 1920');
    expect(ass).toContain('Webitel — operator');
    expect(ass).toMatch(/Dialogue: 5,0:00:03\.50,0:00:06\.00,Caption,.*Click \(Log in\)/);
    expect(ass).toMatch(/\\b1\\1c&H111111&\}www\.facebook\.com/);
    expect(ass).toMatch(/Dialogue: 7,0:00:03\.20,0:00:05\.20,Card,.*Log in/);
    expect(ass).toMatch(/Dialogue: 9,0:00:00\.00,0:00:03\.00,Card,.*Acme/);
  });
});

describe('ffmpeg plans', () => {
  const layout = layoutCanvas(1920, lanes);
  it('escapes filter option values', () => {
    expect(escapeFilterValue("/a b/it's:x,y[1];")).toBe("/a b/it\\\\\\'s\\\\:x\\,y\\[1\\]\\;");
  });
  it('builds the split-screen graph with a constant rate, no audio and faststart', () => {
    const plan = buildComposePlan({
      layout,
      lanes: [
        { path: '/r/lanes/a.mp4', offsetSec: 3, picture: layout.lanes[0]!.picture },
        { path: '/r/lanes/b.mp4', offsetSec: 4.25, picture: layout.lanes[1]!.picture },
      ],
      popups: [{ path: '/r/lanes/a-popup1.mkv', offsetSec: 7, picture: { x: 100, y: 200, w: 600, h: 640 }, start: 7.1, end: 12 }],
      assFile: '/r/overlay.ass',
      fontsDir: '/app/fonts',
      durationSec: 30,
      canvasColor: '#1f2329',
      encoder: DEFAULT_ENCODER,
    });
    expect(plan.inputs.map((i) => i.path)).toEqual(['/r/lanes/a.mp4', '/r/lanes/b.mp4', '/r/lanes/a-popup1.mkv']);
    const g = plan.filterComplex.split(';');
    expect(g[0]).toBe('color=c=0x1f2329:s=1920x1080:r=30:d=30[bg]');
    expect(g[1]).toBe(`[0:v]setpts=PTS-STARTPTS,fps=30,scale=${layout.lanes[0]!.picture.w}:${layout.lanes[0]!.picture.h}:flags=lanczos,setsar=1,tpad=start_duration=3:start_mode=clone[lane0]`);
    expect(g[3]).toContain('tpad=start_duration=4.25:start_mode=clone[lane1]');
    expect(plan.filterComplex).toContain("[c1][pop0]overlay=x=100:y=200:enable='between(t,7.1,12)':eof_action=pass[p0]");
    expect(g[g.length - 1]).toBe('[p0]ass=f=/r/overlay.ass:fontsdir=/app/fonts,format=yuv420p[out]');
    expect(plan.outputOptions).toEqual(encoderOutputOptions(DEFAULT_ENCODER, 30));
    expect(plan.outputOptions.join(' ')).toBe('-an -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -r 30 -t 30 -movflags +faststart');
  });
  it('builds a clip: card then segments, concatenated', () => {
    const plan = buildClipPlan({ master: '/r/demo.mp4', segments: [{ start: 3, end: 10 }, { start: 20, end: 25.5 }], cardAss: '/r/c.ass', fontsDir: '/f', cardSec: 2.5, width: 1920, height: 1080, canvasColor: '#000000', encoder: DEFAULT_ENCODER });
    expect(plan.inputs[0]).toEqual({ path: 'color=c=0x000000:s=1920x1080:r=30:d=2.5', options: ['-f', 'lavfi'] });
    expect(plan.inputs.slice(1)).toEqual([
      { path: '/r/demo.mp4', options: ['-ss', '3', '-t', '7'] },
      { path: '/r/demo.mp4', options: ['-ss', '20', '-t', '5.5'] },
    ]);
    expect(plan.filterComplex).toContain('[card][s0][s1]concat=n=3:v=1:a=0[out]');
    expect(plan.durationSec).toBe(15);
  });
  it('reads ffmpeg timemarks', () => {
    expect(parseTimemark('00:01:02.50')).toBe(62.5);
    expect(parseTimemark('N/A')).toBe(0);
  });
});
