// Proves the composer's layout and the ffmpeg inputs, filter graphs and overlays it builds, by their properties.
import { describe, expect, it } from 'vitest';
import { assColor, assText, assTime, buildAss, fitUrl } from '../../../app/recorder/compose/ass';
import {
  buildBackgroundPlan,
  buildCardPlan,
  buildConcatPlan,
  buildSegmentPlan,
  concatList,
  DEFAULT_ENCODER,
  frameGrabsArgs,
  encoderOutputOptions,
  planSegments,
} from '../../../app/recorder/compose/filter-graph';
import { EncoderSettingsSchema } from '../../../app/recorder/run-folder';
import { escapeFilterValue } from '../../../app/media/plan';
import { fitInside, laneCaptureScales, layoutCanvas, popupPlacement, scaledSize } from '../../../app/media/canvas';
import { parseTimemark } from '../../../app/media/process';
import { parseAssTime } from '../../../app/recorder/compose/ass-window';
import { FPS } from '../../../app/recorder/compose/video-time';
import { chainTo, filterOf, inOrder, names, parseGraph } from './filter-chain';

const lanes = [
  { width: 960, height: 1080 },
  { width: 960, height: 1080 },
];

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
  it('places every picture at even canvas coordinates, where ffmpeg overlays a yuv420p picture', () => {
    // A 940×828 lane (the sandbox's) centred in its 942-wide area sat at x = 13; ffmpeg drew it
    // at 12 and the standby panel, drawn at 13, left the page's white column 12 showing.
    for (const canvas of [1920, 1440] as const) {
      for (const size of [
        { width: 940, height: 828 },
        { width: 961, height: 1079 },
        { width: 1280, height: 720 },
        { width: 401, height: 999 },
      ]) {
        const L = layoutCanvas(canvas, [size, size]);
        for (const l of L.lanes) {
          expect([l.picture.x % 2, l.picture.y % 2], `${canvas} ${size.width}×${size.height}`).toEqual([0, 0]);
          expect(l.picture.x).toBeGreaterThanOrEqual(l.pictureArea.x);
          expect(l.picture.x + l.picture.w).toBeLessThanOrEqual(l.pictureArea.x + l.pictureArea.w);
          const p = popupPlacement(l.picture, { width: 483, height: 611 }, L.scale).picture;
          expect([p.x % 2, p.y % 2]).toEqual([0, 0]);
        }
      }
    }
  });
  it('centres a popup window inside its lane with a title bar above it', () => {
    const lane = layoutCanvas(1920, lanes).lanes[0]!.picture;
    const p = popupPlacement(lane, { width: 640, height: 720 }, 1);
    expect(p.titleBar.y + p.titleBar.h).toBe(p.picture.y);
    expect(p.window.x).toBeGreaterThanOrEqual(lane.x);
    expect(p.window.y + p.window.h).toBeLessThanOrEqual(lane.y + lane.h);
    expect(Math.abs(p.picture.x + p.picture.w / 2 - (lane.x + lane.w / 2))).toBeLessThanOrEqual(1);
  });
  it('records each lane at the size the video shows it, so the lane picture needs no resampling', () => {
    const vp = { width: 960, height: 1080 };
    for (const canvas of [1920, 1440] as const) {
      const scales = laneCaptureScales(canvas, [vp, vp]);
      const pics = layoutCanvas(canvas, [vp, vp]).lanes.map((l) => l.picture);
      scales.forEach((s, i) => {
        expect(s).toBeLessThan(1);
        const size = scaledSize(vp, s);
        // the recording's frames are (within the rounding of one scale for both sides) the lane picture
        expect(Math.abs(size.width - pics[i]!.w)).toBeLessThanOrEqual(1);
        expect(Math.abs(size.height - pics[i]!.h)).toBeLessThanOrEqual(1);
        if (canvas === 1920) expect(fitInside(size, layoutCanvas(canvas, [size, size]).lanes[i]!.pictureArea)).toEqual(pics[i]);
      });
    }
    expect(laneCaptureScales(1920, [vp, vp])[0]).toBeCloseTo(736 / 960, 6);
  });
  it('never records a lane larger than its page: a small lane keeps scale 1', () => {
    expect(
      laneCaptureScales(1920, [
        { width: 400, height: 300 },
        { width: 960, height: 1080 },
      ]),
    ).toEqual([1, 736 / 960]);
    expect(scaledSize({ width: 400, height: 300 }, 1)).toEqual({ width: 400, height: 300 });
  });
});

describe('ASS overlay', () => {
  it('formats colours, times and text safely', () => {
    expect(assColor('#112233')).toBe('&H00332211');
    expect(assColor('#112233', 255)).toBe('&HFF332211');
    expect(assTime(3723.456)).toBe('1:02:03.46'); // from the frame at 3723.467 s
    expect(assText('a{\\b1}b\nc')).toBe('a(∖b1)b\\Nc');
  });
  it("times an event so that it shows from the first frame at or after it, as ffmpeg's ass filter reads the time (whole ms, cut down)", () => {
    const frameMs = (frame: number) => Math.trunc(frame * (1 / FPS) * 1000);
    const wrong: string[] = [];
    for (let i = 1; i < 20_000; i++) {
      // Frame-aligned times and times anywhere between frames (a step's event, a URL change).
      const t = i % 2 ? Math.floor(i / 2) / FPS : i * 0.01237;
      const startMs = Math.round(parseAssTime(assTime(t)) * 1000);
      const first = Math.ceil(t * FPS - 1e-6);
      if (!(frameMs(first) >= startMs && frameMs(first - 1) < startMs)) wrong.push(`${t} → ${assTime(t)}`);
    }
    expect(wrong).toEqual([]);
  });
  it('keeps the host of a long URL and shortens the path', () => {
    const p = fitUrl('https://www.facebook.com/v24.0/dialog/oauth?client_id=1234567890&redirect_uri=https%3A%2F%2Fhost%2Fchat%2Fabc', 50);
    expect(p.host).toBe('www.facebook.com');
    expect(p.scheme.length + p.host.length + p.rest.length).toBeLessThanOrEqual(50);
    expect(p.rest.endsWith('…')).toBe(true);
  });
  it('draws labels, URLs, captions and cards at their times', () => {
    const layout = layoutCanvas(1920, lanes);
    const ass = buildAss(overlay(layout));
    expect(ass).toContain('PlayResX: 1920');
    expect(ass).toContain('Webitel — operator');
    expect(ass).toMatch(/Dialogue: 5,0:00:03\.49,0:00:05\.99,Caption,.*Click \(Log in\)/);
    expect(ass).toMatch(/\\b1\\1c&H111111&\}www\.facebook\.com/);
    expect(ass).toMatch(/Dialogue: 7,0:00:03\.19,0:00:05\.19,Card,.*Log in/);
    expect(ass).toMatch(/Dialogue: 9,0:00:00\.00,0:00:02\.99,Card,.*Acme/);
    // The still part (labels, strips, caption band) and the moving part split the same events.
    const still = buildAss(overlay(layout), 'static');
    const moving = buildAss(overlay(layout), 'moving');
    const events = (t: string) => t.split('\n').filter((l) => l.startsWith('Dialogue:'));
    expect(events(still)).toHaveLength(5);
    expect(events(still).join('\n')).toContain('Webitel — operator');
    expect(events(still).join('\n')).not.toContain('Click');
    expect(events(moving).join('\n')).not.toContain('Webitel — operator');
    expect([...events(still), ...events(moving)].sort()).toEqual(events(ass).sort());
  });
  it("a popup's title-bar address comes and goes with its window: faded in and out with it at a cut", () => {
    const layout = layoutCanvas(1920, lanes);
    const place = popupPlacement(layout.lanes[1]!.picture, { width: 500, height: 600 }, layout.scale);
    const url = 'https://www.facebook.com/v24.0/dialog/oauth';
    const events = (ass: string, what: RegExp) => ass.split('\n').filter((l) => l.startsWith('Dialogue:') && what.test(l));
    // Closed inside a cut at 5 s: the window outlasts its close by the 0.3 s cross-fade, fading to clear;
    // the address it showed (its span ends at the close, on the cut) stays and fades with it.
    const closing = buildAss(
      {
        ...overlay(layout),
        urls: [{ laneId: 'messenger', popup: true, url, start: 2, end: 5 }],
        popups: [{ laneIndex: 1, start: 2, end: 5.3, fadeOut: { sec: 0.3, to: 0 }, ...place }],
      },
      'moving',
    );
    const [addr] = events(closing, /PopupUrl,/);
    const bar = events(closing, /Shape,/).find((l) => l.includes(`m ${Math.round(place.titleBar.x)} ${Math.round(place.titleBar.y)} `))!;
    expect(addr).toMatch(/^Dialogue: 4,0:00:01\.99,0:00:05\.29,PopupUrl,.*\\fade\(0,0,255,0,0,3000,3300\)\}.*www\.facebook\.com/);
    expect(bar).toMatch(/^Dialogue: 3,0:00:01\.99,0:00:05\.29,Shape,.*\\fade\(0,0,255,0,0,3000,3300\)/);
    // Opened inside a cut: both fade in over the cross-fade from where it shows.
    const opening = buildAss(
      {
        ...overlay(layout),
        urls: [{ laneId: 'messenger', popup: true, url, start: 4, end: 9 }],
        popups: [{ laneIndex: 1, start: 4, end: 9, fadeIn: { sec: 0.3, from: 0 }, ...place }],
      },
      'moving',
    );
    expect(events(opening, /PopupUrl,/)[0]).toMatch(/^Dialogue: 4,0:00:03\.99,0:00:08\.99,PopupUrl,.*\\fade\(255,0,0,0,300,300,300\)/);
    // No cut: the address ends at the close, with the window.
    const plain = buildAss(
      { ...overlay(layout), urls: [{ laneId: 'messenger', popup: true, url, start: 2, end: 5 }], popups: [{ laneIndex: 1, start: 2, end: 5, ...place }] },
      'moving',
    );
    expect(events(plain, /PopupUrl,/)[0]).toMatch(/^Dialogue: 4,0:00:01\.99,0:00:04\.99,PopupUrl,/);
    expect(events(plain, /PopupUrl,/)[0]).not.toContain('\\fade');
    // A lane's address changed inside a cut: the old one fades out over the cross-fade, the new one in.
    const strip = buildAss(
      {
        ...overlay(layout),
        urls: [
          { laneId: 'messenger', popup: false, url: 'https://www.facebook.com/start', start: 3, end: 6.3, fadeOut: { sec: 0.3, to: 0 } },
          { laneId: 'messenger', popup: false, url: 'https://www.facebook.com/messages', start: 6, end: 9, fadeIn: { sec: 0.3, from: 0 } },
        ],
      },
      'moving',
    );
    expect(events(strip, /,Url,/)).toEqual([
      expect.stringMatching(/^Dialogue: 2,0:00:02\.99,0:00:06\.29,Url,.*\\fade\(0,0,255,0,0,3000,3300\)\}.*\/start$/),
      expect.stringMatching(/^Dialogue: 2,0:00:05\.99,0:00:08\.99,Url,.*\\fade\(255,0,0,0,300,300,300\)\}.*\/messages$/),
    ]);
  });
  it('covers a lane that has opened no page yet with a standby panel, whatever comes later', () => {
    const layout = layoutCanvas(1920, lanes);
    const o = overlay(layout);
    const panels = (ass: string) => ass.split('\n').filter((l) => /^Dialogue: [12],/.test(l) && !/Url,/.test(l));
    const pic = layout.lanes[1]!.picture;
    const ass = buildAss(o, 'moving');
    expect(ass).not.toContain('about:blank');
    // The messenger lane opens its page at 3 s: its panel spans 0–3.5 s over its picture (the
    // tab stays white until the page paints). Its #2b3139 is given as #2c3139: drawn on BT.709 YUV (colour.ts).
    expect(panels(ass).join('\n')).toContain(
      `Dialogue: 1,0:00:00.00,0:00:03.49,Shape,,0,0,0,,{\\an7\\pos(0,0)\\p1\\bord0\\shad0\\1c&H39312C&\\1a&H00&}m ${pic.x} ${pic.y} l ${pic.x + pic.w} ${pic.y}`,
    );
    expect(panels(ass).join('\n')).toMatch(/Dialogue: 2,0:00:00\.00,0:00:03\.49,Card,.*Not in use yet/);
    // The webitel lane never navigates here: covered to the end; once it does (at 8 s) the
    // panel ends half a second later and reads the same (segments made while recording stay valid).
    expect(panels(ass).filter((l) => l.includes('0:00:08.99'))).toHaveLength(2);
    const later = buildAss({ ...o, urls: [...o.urls, { laneId: 'webitel', popup: false, url: 'https://w.example/', start: 8, end: 9 }] }, 'moving');
    const strip = (l: string) => l.replace(/^(Dialogue: \d+,)[^,]*,[^,]*,/, '$1');
    expect(panels(later).map(strip)).toEqual(panels(ass).map(strip));
    expect(panels(later).filter((l) => l.includes('0:00:08.49'))).toHaveLength(2);
    // A lane that navigates as the video starts has no panel.
    const atOnce = buildAss({ ...o, urls: [{ laneId: 'webitel', popup: false, url: 'https://w.example/', start: 0, end: 9 }, ...o.urls] }, 'moving');
    expect(panels(atOnce)).toHaveLength(2);
  });
});

function overlay(layout: ReturnType<typeof layoutCanvas>) {
  return {
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
  };
}

describe('ffmpeg plans', () => {
  const layout = layoutCanvas(1920, lanes);
  it('escapes filter option values', () => {
    expect(escapeFilterValue("/a b/it's:x,y[1];")).toBe("/a b/it\\\\\\'s\\\\:x\\,y\\[1\\]\\;");
  });
  it('cuts segments at the title, at chapter starts and every 10 s, on whole frames', () => {
    const segs = planSegments({ titleSec: 3, chapterStarts: [3, 15.5, 16.01], durationSec: 30 });
    expect(segs.map((s) => [s.start, s.end, s.title])).toEqual([
      [0, 3, true],
      [3, 13, false],
      [13, 15.5, false],
      [15.5, 16, false],
      [16, 26, false],
      [26, 30, false],
    ]);
    expect(segs.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5]);
    // Causal: what is planned before a moment does not change when the video goes on.
    const longer = planSegments({ titleSec: 3, chapterStarts: [3, 15.5, 16.01, 40], durationSec: 50 });
    expect(longer.slice(0, 5)).toEqual(segs.slice(0, 5));
    // Every frame belongs to exactly one segment.
    for (const [i, s] of longer.entries()) if (i) expect(s.start).toBe(longer[i - 1]!.end);
    expect(longer.at(-1)!.end).toBe(50);
  });
  it('builds a segment: still background, lanes on the video clock, overlay shifted for libass', () => {
    const plan = buildSegmentPlan({
      segment: { index: 2, start: 13, end: 23, title: false },
      background: '/r/background.png',
      lanes: [
        { path: '/r/lanes/a.mp4', offsetSec: 3, picture: layout.lanes[0]!.picture },
        { path: '/r/lanes/b.mp4', offsetSec: 14.25, picture: layout.lanes[1]!.picture, colour: { fullRange: true, matrix: 'bt709' } },
        { path: '/r/lanes/c.mp4', offsetSec: 30, picture: layout.lanes[1]!.picture },
      ],
      popups: [
        {
          path: '/r/lanes/a-popup1.mkv',
          offsetSec: 17,
          picture: { x: 100, y: 200, w: 600, h: 640 },
          start: 17.1,
          end: 20,
          colour: { fullRange: false, matrix: 'bt601' },
        },
        { path: '/r/lanes/a-popup2.mkv', offsetSec: 25, picture: { x: 100, y: 200, w: 600, h: 640 }, start: 25, end: 26 },
      ],
      assFile: '/r/overlay.ass',
      fontsDir: '/app/fonts',
      encoder: DEFAULT_ENCODER,
    });
    // The lane that has not started by the segment's end and the popup after it are left out.
    expect(plan.inputs).toEqual([
      { path: '/r/background.png', options: [] },
      { path: '/r/lanes/a.mp4', options: ['-noaccurate_seek', '-ss', '10'] },
      { path: '/r/lanes/b.mp4', options: ['-noaccurate_seek', '-ss', '0'] },
      { path: '/r/lanes/a-popup1.mkv', options: ['-noaccurate_seek', '-ss', '0'] },
    ]);
    const g = plan.filterComplex.split(';');
    // The background is drawn in RGB: turned into the video's BT.709 (ffmpeg's own conversion would be BT.601).
    const bg = chainTo(plan.filterComplex, 'bg');
    expect(bg.inputs).toEqual(['0:v']);
    expect(filterOf(bg, 'scale')?.args).toMatchObject({ out_color_matrix: 'bt709', out_range: 'tv' });
    expect(inOrder(bg, 'scale', 'format', 'loop', 'trim')).toBe(true);
    // The still background repeats for the segment's 10 s at 30 fps.
    expect(filterOf(bg, 'trim')?.args.end_frame).toBe('300');
    const pic = layout.lanes[0]!.picture;
    const lane0 = chainTo(plan.filterComplex, 'lane0');
    expect(lane0.inputs).toEqual(['1:v']);
    // Placed on the run clock by its start (3 s), on the 30 fps grid, cut to the segment (13–23 s), then scaled to its place.
    expect(filterOf(lane0, 'setpts')?.args['0']).toBe('PTS+floor(3/TB+0.5)');
    expect(filterOf(lane0, 'fps')?.args['0']).toBe('30');
    expect(filterOf(lane0, 'trim')?.args).toMatchObject({ start: '13', end: '23' });
    expect(filterOf(lane0, 'scale')?.args).toMatchObject({ 0: String(pic.w), 1: String(pic.h), flags: 'lanczos' });
    expect(inOrder(lane0, 'setpts', 'fps', 'trim', 'setpts', 'scale')).toBe(true);
    // 14.25 s lands on the grid at frame 428 (14.267 s): padded from the segment start to there.
    expect(g[3]).toContain('setsar=1,tpad=start_duration=1.267:start_mode=clone[lane1]');
    // A full-range lane (Chrome's recorder) is brought to the video's limited range, even at its
    // own size, as decoded (before the 30 fps grid repeats its frames).
    expect(g[3]).toMatch(/^\[2:v\]colorspace=all=bt709:iall=bt709:irange=pc:range=tv:fast=1,setpts=/);
    // A lane already in the video's colours is only scaled.
    expect(g[1]).not.toContain('colorspace');
    // A BT.601 popup (the screencast's JPEG frames) is turned into BT.709, its range kept.
    expect(g[5]).toMatch(/^\[3:v\]colorspace=all=bt709:iall=bt601-6-625:irange=tv:range=tv:fast=1,setpts=/);
    expect(plan.filterComplex).toContain("[c1][pop0]overlay=x=100:y=200:enable='between(t,4.1,7)':eof_action=pass[p0]");
    const out = chainTo(plan.filterComplex, 'out');
    expect(out.inputs).toEqual(['p0']);
    // The overlay is drawn at the run's time (segment start 13 s), then the segment starts at 0.
    expect(filterOf(out, 'ass')?.args).toEqual({ f: '/r/overlay.ass', fontsdir: '/app/fonts' });
    expect(inOrder(out, 'setpts', 'ass', 'setpts', 'format')).toBe(true);
    expect(out.filters.at(-1)).toEqual({ name: 'format', args: { 0: 'yuv420p' } });
    expect(plan.outputOptions.join(' ')).toBe(
      '-copyts -an -c:v libx264 -preset veryfast -crf 20 -x264-params threads=2:bframes=0:rc-lookahead=3:sync-lookahead=0:subme=1 -pix_fmt yuv420p -colorspace bt709 -color_primaries bt709 -color_trc bt709 -color_range tv -r 30 -t 10',
    );
    expect(plan.durationSec).toBe(10);
  });
  it('with lane readers: each lane (and popup) is read, timed and scaled by its own ffmpeg, piped in raw as pipe:3, pipe:4, …', () => {
    const a = layout.lanes[0]!.picture;
    const b = layout.lanes[1]!.picture;
    const common = {
      segment: { index: 2, start: 13, end: 23, title: false },
      background: '/r/background.png',
      lanes: [
        { path: '/r/lanes/a.mp4', offsetSec: 3, picture: a },
        { path: '/r/lanes/b.mp4', offsetSec: 14.25, picture: b },
      ],
      popups: [{ path: '/r/lanes/a-popup1.mkv', offsetSec: 17, picture: { x: 100, y: 200, w: 600, h: 640 }, start: 17.1, end: 20 }],
      assFile: '/r/overlay.ass',
      fontsDir: '/app/fonts',
      encoder: DEFAULT_ENCODER,
    };
    const inOne = buildSegmentPlan(common);
    const plan = buildSegmentPlan({ ...common, readers: true });
    expect(plan.inputs.map((i) => i.path)).toEqual(['/r/background.png', 'pipe:3', 'pipe:4', 'pipe:5']);
    expect(plan.inputs[1]!.options).toEqual(['-thread_queue_size', '2', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${a.w}x${a.h}`, '-r', '30']);
    expect(plan.inputs[3]!.options).toContain('600x640');
    // A reader does what the single ffmpeg did for that lane: same input, same chain.
    const chains = inOne.filterComplex.split(';');
    plan.inputs.slice(1).forEach((inp, k) => {
      const r = inp.reader!;
      expect(r.inputs).toEqual([{ ...inOne.inputs[k + 1]!, options: ['-threads', '1', ...inOne.inputs[k + 1]!.options] }]);
      const own = chains.find((c) => c.startsWith(`[${k + 1}:v]`))!;
      expect(r.filterComplex).toBe(own.replace(`[${k + 1}:v]`, '[0:v]').replace(/\[(lane|pop)\d\]$/, ',format=yuv420p[out]'));
      expect(r.outputOptions).toEqual(['-copyts', '-vsync', 'passthrough', '-an', '-pix_fmt', 'yuv420p']);
      expect(r.format).toBe('rawvideo');
    });
    const g = plan.filterComplex.split(';');
    expect(g[1]).toBe('[1:v]setpts=PTS-STARTPTS,setsar=1[lane0]');
    expect(g.slice(2).join(';')).toBe(
      inOne.filterComplex
        .split(';')
        .slice(2)
        .map((c) => c.replace(/^\[(\d):v\].*\[(lane|pop)(\d)\]$/, '[$1:v]setpts=PTS-STARTPTS,setsar=1[$2$3]'))
        .join(';'),
    );
    // The raw pictures carry no timestamps of their own to keep.
    expect(plan.outputOptions).not.toContain('-copyts');
  });
  it('leaves out a lane whose first picture falls after the segment (an empty stream would stall ffmpeg)', () => {
    const pic = layout.lanes[0]!.picture;
    const plan = buildSegmentPlan({
      segment: { index: 1, start: 3, end: 5.2, title: false },
      background: '/r/bg.png',
      lanes: [
        { path: '/r/a.mp4', offsetSec: 3, picture: pic },
        { path: '/r/b.mp4', offsetSec: 5.186, picture: pic },
      ],
      popups: [],
      assFile: '/r/o.ass',
      fontsDir: '/f',
      encoder: DEFAULT_ENCODER,
    });
    expect(plan.inputs.map((i) => i.path)).toEqual(['/r/bg.png', '/r/a.mp4']);
  });
  it('decodes no lane that its standby panel covers for the whole segment', () => {
    const pic = layout.lanes[0]!.picture;
    const seg = (start: number, end: number) => ({ index: 1, start, end, title: false });
    const lane = { path: '/r/a.mp4', offsetSec: 3, picture: pic, coveredUntil: 20 };
    const inputs = (s: ReturnType<typeof seg>) =>
      buildSegmentPlan({
        segment: s,
        background: '/r/bg.png',
        lanes: [lane],
        popups: [],
        assFile: '/r/o.ass',
        fontsDir: '/f',
        encoder: DEFAULT_ENCODER,
      }).inputs.map((i) => i.path);
    expect(inputs(seg(10, 20))).toEqual(['/r/bg.png']);
    expect(inputs(seg(15, 25))).toEqual(['/r/bg.png', '/r/a.mp4']);
  });
  it('a title segment decodes no lane', () => {
    const plan = buildSegmentPlan({
      segment: { index: 0, start: 0, end: 3, title: true },
      background: '/r/bg.png',
      lanes: [{ path: '/r/a.mp4', offsetSec: 3, picture: layout.lanes[0]!.picture }],
      popups: [],
      assFile: '/r/o.ass',
      fontsDir: '/f',
      encoder: DEFAULT_ENCODER,
    });
    expect(plan.inputs).toEqual([{ path: '/r/bg.png', options: [] }]);
    // The title card is still: libass draws it once, then the picture repeats for 3 s.
    const title = chainTo(plan.filterComplex, 'out');
    expect(parseGraph(plan.filterComplex)).toHaveLength(1);
    expect(title.inputs).toEqual(['0:v']);
    expect(inOrder(title, 'scale', 'ass', 'loop', 'trim', 'format')).toBe(true);
    expect(filterOf(title, 'trim')?.args.end_frame).toBe('90');
  });
  it('draws the still background once, and a clip card encoded like the segments', () => {
    const bg = buildBackgroundPlan({ width: 1920, height: 1080, canvasColor: '#1f2329', staticAss: '/r/background.ass', fontsDir: '/f' });
    expect(bg.inputs).toEqual([{ path: 'color=c=0x1f2329:s=1920x1080:r=30:d=1', options: ['-f', 'lavfi'] }]);
    expect(bg.outputOptions).toEqual(['-frames:v', '1']);
    expect(bg.format).toBe('image2');
    const still = chainTo(bg.filterComplex, 'out');
    expect(names(still)).toEqual(['format', 'ass']);
    expect(still.filters[0]!.args).toEqual({ 0: 'rgb24' });
    expect(still.filters[1]!.args).toEqual({ f: '/r/background.ass', fontsdir: '/f' });
    const card = buildCardPlan({
      cardAss: '/r/c.ass',
      fontsDir: '/f',
      cardSec: 2.5,
      width: 1920,
      height: 1080,
      canvasColor: '#000000',
      encoder: DEFAULT_ENCODER,
    });
    // A still card: one picture drawn, repeated for its 75 frames.
    expect(card.inputs[0]).toEqual({ path: 'color=c=0x000000:s=1920x1080:r=30:d=0.033', options: ['-f', 'lavfi'] });
    // Drawn in RGB, then into the video's BT.709 (a card's colours need no adjusting, unlike the overlay's).
    const c = chainTo(card.filterComplex, 'out');
    expect(inOrder(c, 'format', 'ass', 'scale', 'format', 'loop', 'trim')).toBe(true);
    expect(filterOf(c, 'format')?.args).toEqual({ 0: 'rgb24' });
    expect(filterOf(c, 'scale')?.args).toMatchObject({ out_color_matrix: 'bt709', out_range: 'tv' });
    expect(filterOf(c, 'trim')?.args.end_frame).toBe('75');
    expect(card.outputOptions).toEqual(encoderOutputOptions(DEFAULT_ENCODER, 2.5, false));
  });
  it('joins files by stream copy with their exact lengths', () => {
    expect(
      concatList([
        { file: "/r/it's/000.mp4", durationSec: 3 },
        { file: '/r/001.mp4', durationSec: 35 / 30 },
      ]),
    ).toBe("ffconcat version 1.0\nfile '/r/it'\\''s/000.mp4'\nduration 3.000000\nfile '/r/001.mp4'\nduration 1.166667\n");
    const plan = buildConcatPlan('/r/list.ffconcat', 12);
    expect(plan.inputs).toEqual([{ path: '/r/list.ffconcat', options: ['-f', 'concat', '-safe', '0'] }]);
    expect(plan.filterComplex).toBe('');
    expect(plan.outputOptions).toEqual(['-an', '-c', 'copy', '-movflags', '+faststart']);
    expect(encoderOutputOptions(DEFAULT_ENCODER, 30).join(' ')).toBe(
      '-an -c:v libx264 -preset veryfast -crf 20 -x264-params threads=2:bframes=0:rc-lookahead=3:sync-lookahead=0:subme=1 -pix_fmt yuv420p -colorspace bt709 -color_primaries bt709 -color_trc bt709 -color_range tv -r 30 -t 30 -movflags +faststart',
    );
  });
  it('re-composes a run folder written before x264 params existed with the settings it was made with', () => {
    // Its segments must match its kept ones and its cards, so no params are invented for it
    // (the colour tags are not x264's: every picture of a re-composed run is converted alike).
    const old = EncoderSettingsSchema.parse({ codec: 'libx264', preset: 'veryfast', crf: 20, pixFmt: 'yuv420p', fps: 30 });
    expect(encoderOutputOptions(old, 5, false).join(' ')).toBe(
      '-an -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -colorspace bt709 -color_primaries bt709 -color_trc bt709 -color_range tv -r 30 -t 5',
    );
  });
  it('pulls every step picture of a lane in one run, one picture per distinct frame', () => {
    const g = frameGrabsArgs('/r/lanes/a.mp4', [10, 0.5, 1, 1.01, -0.2], '/r/steps/.grab/%03d.png');
    expect(g.frames).toEqual([0, 15, 30, 300]);
    // 1 s and 1.01 s are the same frame: one picture serves both steps.
    expect(g.pictureOf).toEqual([4, 2, 3, 3, 1]);
    expect(g.args).toEqual([
      '-hide_banner',
      '-nostdin',
      '-y',
      '-i',
      '/r/lanes/a.mp4',
      '-vf',
      'fps=30,select=eq(n\\,0)+eq(n\\,15)+eq(n\\,30)+eq(n\\,300)',
      '-vsync',
      '0',
      '-frames:v',
      '4',
      '/r/steps/.grab/%03d.png',
    ]);
  });
  it('reads ffmpeg timemarks', () => {
    expect(parseTimemark('00:01:02.50')).toBe(62.5);
    expect(parseTimemark('N/A')).toBe(0);
  });
});
