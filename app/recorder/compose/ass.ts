// Draws everything over the lanes (labels, address strips, popup frames, captions, title and chapter cards) as one ASS subtitle document.
import type { CanvasLayout, Rect } from '../../media/canvas';
import { FPS, frameAtOrAfter, standbyUntil, type CaptionCue, type Chapter, type Fading, type UrlSpan } from './video-time';
import { drawnOnVideo, type Matrix } from '../../media/colour';

/** The shipped font libass draws with; coordinates are canvas pixels (PlayRes = canvas size). */
export const FONT_NAME = 'DejaVu Sans';

export interface TitleInfo {
  appName: string;
  gateway: string;
  date: string;
  permissions: string[];
  lanes: string[];
}

/** A popup window's frame, fading with a cut as its picture does. */
export interface PopupWindow extends Fading {
  laneIndex: number;
  /** The popup picture on the canvas (the frame is drawn around it). */
  window: Rect;
  titleBar: Rect;
  picture: Rect;
}

export interface OverlayInput {
  layout: CanvasLayout;
  laneTitles: string[];
  laneIds: string[];
  cues: CaptionCue[];
  chapters: Chapter[];
  urls: UrlSpan[];
  popups: PopupWindow[];
  title: TitleInfo;
  titleSec: number;
  durationSec: number;
}

const COLORS = {
  canvas: '#1f2329',
  label: '#ffffff',
  strip: '#f1f3f4',
  stripBorder: '#c4c7c5',
  host: '#111111',
  urlRest: '#5f6368',
  band: '#0b0d10',
  caption: '#ffffff',
  explanation: '#c9d1d9',
  card: '#10243e',
  accent: '#4c9aff',
  frame: '#dadce0',
  standby: '#2b3139',
} as const;
type Palette = { readonly [K in keyof typeof COLORS]: string };

/** The palette as given to an ass filter that draws with BT.601 on the video's BT.709 picture (colour.ts). */
const ON_VIDEO_601: Palette = Object.fromEntries(Object.entries(COLORS).map(([k, v]) => [k, drawnOnVideo(v, 'bt601')])) as Palette;

/** `#rrggbb` → ASS `&HAABBGGRR` (alpha 0 = opaque, 255 = transparent). */
export function assColor(hex: string, alpha = 0): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`bad colour ${hex}`);
  const a = alpha.toString(16).padStart(2, '0').toUpperCase();
  return `&H${a}${m[3]!.toUpperCase()}${m[2]!.toUpperCase()}${m[1]!.toUpperCase()}`;
}

/**
 * `H:MM:SS.cc` for an event at `sec`, placed so that it shows from the first frame at or after
 * `sec` (and, as an end, up to the frame before that). ffmpeg's ass filter renders a frame at
 * its time in whole milliseconds, cut down (frame 494 at 30 fps is 16466 ms), and ASS keeps
 * centiseconds: an event at 16.47 would wait a frame. So the time is the frame's own, set
 * 5–15 ms early. Rounded to the nearest centisecond, a third of captions came a frame late.
 */
export function assTime(sec: number): string {
  const frame = frameAtOrAfter(sec);
  const cs = Math.max(0, Math.floor((frame / FPS) * 100 - 0.5));
  const h = Math.floor(cs / 360_000);
  const m = Math.floor((cs % 360_000) / 6000);
  const s = Math.floor((cs % 6000) / 100);
  const c = cs % 100;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(c).padStart(2, '0')}`;
}

/** `#rrggbb` → the inline override form `&HBBGGRR&`. */
export function tagColor(hex: string): string {
  return `&H${assColor(hex).slice(4)}&`;
}

/** Text safe for an ASS event: no override blocks, no escapes, line breaks as \N. */
export function assText(s: string): string {
  return s.replace(/\\/g, '\u2216').replace(/\{/g, '(').replace(/\}/g, ')').replace(/\r?\n/g, '\\N');
}

function roundedRect(r: Rect, radius: number): string {
  const x0 = Math.round(r.x);
  const y0 = Math.round(r.y);
  const x1 = Math.round(r.x + r.w);
  const y1 = Math.round(r.y + r.h);
  const k = Math.max(0, Math.min(Math.round(radius), Math.floor(r.h / 2), Math.floor(r.w / 2)));
  if (k === 0) return `m ${x0} ${y0} l ${x1} ${y0} l ${x1} ${y1} l ${x0} ${y1}`;
  return [
    `m ${x0 + k} ${y0}`,
    `l ${x1 - k} ${y0}`,
    `b ${x1} ${y0} ${x1} ${y0} ${x1} ${y0 + k}`,
    `l ${x1} ${y1 - k}`,
    `b ${x1} ${y1} ${x1} ${y1} ${x1 - k} ${y1}`,
    `l ${x0 + k} ${y1}`,
    `b ${x0} ${y1} ${x0} ${y1} ${x0} ${y1 - k}`,
    `l ${x0} ${y0 + k}`,
    `b ${x0} ${y0} ${x0} ${y0} ${x0 + k} ${y0}`,
  ].join(' ');
}

function shape(layer: number, start: number, end: number, r: Rect, color: string, alpha = 0, radius = 0, extra = ''): string {
  return `Dialogue: ${layer},${assTime(start)},${assTime(end)},Shape,,0,0,0,,{\\an7\\pos(0,0)\\p1\\bord0\\shad0\\1c${tagColor(color)}\\1a&H${alpha.toString(16).padStart(2, '0').toUpperCase()}&${extra}}${roundedRect(r, radius)}{\\p0}`;
}

/**
 * The ASS \fade of an event drawn from `start` to `end` for `x` (alpha 255 is clear): the rest of
 * its fade-in from `start`, and its fade-out over its last `sec` when the event lasts to its end.
 * Nothing when neither falls in the event.
 */
function fadeTag(x: Fading, start: number, end = x.end): string {
  const f = x.fadeIn;
  const left = f ? x.start + f.sec - start : 0;
  const fadesIn = !!f && left > 1e-3;
  const inAlpha = fadesIn ? Math.round(255 * (1 - (f.from + (1 - f.from) * (1 - left / f.sec)))) : 0;
  const inMs = fadesIn ? Math.round(left * 1000) : 0;
  const o = x.fadeOut;
  const fadesOut = !!o && end >= x.end - 1e-3;
  if (!fadesIn && !fadesOut) return '';
  if (!fadesOut) return `\\fade(${inAlpha},0,0,0,${inMs},${inMs},${inMs})`;
  // Its events end with it: the last `sec` fade from opaque (or as far as that began) to `to`.
  const ms = Math.round((x.end - start) * 1000);
  const from = Math.max(inMs, Math.round((x.end - o.sec - start) * 1000));
  return `\\fade(${inAlpha},0,${Math.round(255 * (1 - o.to))},0,${inMs},${from},${ms})`;
}

function text(layer: number, start: number, end: number, style: string, an: number, x: number, y: number, body: string, extra = ''): string {
  return `Dialogue: ${layer},${assTime(start)},${assTime(end)},${style},,0,0,0,,{\\an${an}\\pos(${Math.round(x)},${Math.round(y)})${extra}}${body}`;
}

/** A URL's parts as a browser's omnibox shows them (scheme and path dimmed, host strong), fitted into `maxChars` by shortening the path, never the host. */
export function fitUrl(url: string, maxChars: number): { scheme: string; host: string; rest: string } {
  let p = { scheme: '', host: url, rest: '' };
  try {
    const u = new URL(url);
    p = { scheme: `${u.protocol}//`, host: u.host, rest: `${u.pathname === '/' && !u.search ? '' : u.pathname}${u.search}` };
  } catch {
    // not a URL: shown whole, as the host
  }
  const room = maxChars - p.scheme.length - p.host.length;
  if (p.rest.length > room) p.rest = room > 2 ? `${p.rest.slice(0, room - 1)}…` : '';
  return p;
}

function urlBody(C: Palette, url: string, rect: Rect, fontSize: number): string {
  // DejaVu Sans averages ~0.58 em per character; keep a margin for the lock glyph and padding.
  const maxChars = Math.max(10, Math.floor((rect.w - fontSize * 2.2) / (fontSize * 0.6)));
  const p = fitUrl(url, maxChars);
  const dim = `{\\b0\\1c${tagColor(C.urlRest)}}`;
  const strong = `{\\b1\\1c${tagColor(C.host)}}`;
  return `${dim}${assText(p.scheme)}${strong}${assText(p.host)}${dim}${assText(p.rest)}`;
}

/** How long a scene's chapter card stays over the lanes (seconds), unless the overlay says otherwise. */
export const CHAPTER_CARD_SEC = 2;

/** Where a chapter card sits: just above the caption band, where pages rarely have their controls (it is translucent). */
export function chapterCardBox(L: Pick<CanvasLayout, 'width' | 'scale' | 'captionBand'>): Rect {
  const s = L.scale;
  const w = Math.round(1000 * s);
  const h = Math.round(160 * s);
  return { x: Math.round((L.width - w) / 2), y: Math.round(L.captionBand.y - h - 24 * s), w, h };
}

/** What every part of the overlay is drawn from: the input, its canvas, the scale and the palette. */
interface Draw {
  o: OverlayInput;
  L: CanvasLayout;
  f: CanvasLayout['fontSizes'];
  /** Canvas scale against 1920 wide. */
  s: number;
  C: Palette;
  end: number;
}

/**
 * The overlay document. `static` is what never changes (lane labels, address strips, the
 * caption band): composed once into the still background, since libass would otherwise blend
 * those large shapes into every frame. `moving` is the rest, timed on the video clock.
 * `drawMatrix`: how the ffmpeg that draws the moving part (and `all`) on the video's YUV picture
 * turns its colours into YUV (`assDrawMatrix`); the still part is drawn in RGB.
 */
export function buildAss(o: OverlayInput, part: 'all' | 'static' | 'moving' = 'all', drawMatrix: Matrix = 'bt601'): string {
  const L = o.layout;
  const adjusted = part !== 'static' && drawMatrix === 'bt601';
  const d: Draw = { o, L, f: L.fontSizes, s: L.scale, C: adjusted ? ON_VIDEO_601 : COLORS, end: o.durationSec };
  const still = [...laneChrome(d), shape(0, 0, d.end, L.captionBand, d.C.band)];
  const moving = [...standbyPanels(d), ...laneUrls(d), ...popupFrames(d), ...captions(d), ...chapterCards(d), ...titleCard(d)];
  return assDocument(d, adjusted, [...(part === 'moving' ? [] : still), ...(part === 'static' ? [] : moving)]);
}

/** Each lane's label and address strip, there all the time. */
function laneChrome({ o, L, s, C, end }: Draw): string[] {
  return L.lanes.flatMap((lane, i) => [
    text(1, 0, end, 'Label', 4, lane.label.x + 4 * s, lane.label.y + lane.label.h / 2, assText(o.laneTitles[i] ?? '')),
    shape(0, 0, end, lane.addressBar, C.strip, 0, lane.addressBar.h / 2),
  ]);
}

/**
 * Until a lane opens its first page, a standby panel stands in for the empty tab (a white
 * rectangle under "about:blank" looked like a broken recording). Its text must not depend on
 * what happens later: segments composed while recording are kept by their overlay.
 */
function standbyPanels({ o, L, f, C, end }: Draw): string[] {
  return o.laneIds.flatMap((id, i) => {
    const lane = L.lanes[i];
    if (!lane) return [];
    const until = standbyUntil(o.urls, id, end);
    if (until <= 0) return [];
    const pic = lane.picture;
    const words = `{\\b1\\fs${f.caption}}Not in use yet\\N{\\b0\\fs${f.explanation}\\1c${tagColor(C.explanation)}}This browser has not\\Nopened a page yet.`;
    return [shape(1, 0, until, pic, C.standby), text(2, 0, until, 'Card', 5, pic.x + pic.w / 2, pic.y + pic.h / 2, words, '\\q2')];
  });
}

/** Each lane's address, in its strip, while the page is open (popups carry theirs in their own title bar). */
function laneUrls({ o, L, f, C }: Draw): string[] {
  return o.urls.flatMap((u) => {
    const lane = L.lanes[o.laneIds.indexOf(u.laneId)];
    if (!lane || u.popup) return [];
    const bar = lane.addressBar;
    return [text(2, u.start, u.end, 'Url', 4, bar.x + bar.h * 0.55, bar.y + bar.h / 2, urlBody(C, u.url, bar, f.address), fadeTag(u, u.start))];
  });
}

/** Popup windows: a thin frame and a title bar carrying the popup's own address. */
function popupFrames({ o, f, s, C }: Draw): string[] {
  return o.popups.flatMap((p) => {
    const border = Math.max(2, Math.round(2 * s));
    const pic = p.picture;
    const inner: Rect = { x: p.titleBar.x + 6 * s, y: p.titleBar.y + 4 * s, w: p.titleBar.w - 12 * s, h: p.titleBar.h - 8 * s };
    const fad = fadeTag(p, p.start);
    const frame = [
      shape(3, p.start, p.end, p.titleBar, C.frame, 0, 0, fad),
      shape(3, p.start, p.end, { x: p.window.x, y: pic.y, w: border, h: pic.h + border }, C.frame, 0, 0, fad),
      shape(3, p.start, p.end, { x: pic.x + pic.w, y: pic.y, w: border, h: pic.h + border }, C.frame, 0, 0, fad),
      shape(3, p.start, p.end, { x: p.window.x, y: pic.y + pic.h, w: p.window.w, h: border }, C.frame, 0, 0, fad),
      shape(3, p.start, p.end, inner, '#ffffff', 0, inner.h / 2, fad),
    ];
    const laneId = o.laneIds[p.laneIndex];
    const addresses = o.urls.flatMap((u) => {
      if (!u.popup || u.laneId !== laneId) return [];
      const a = Math.max(u.start, p.start);
      // The address shown when the window closed goes with its window: closed inside a cut, the
      // window outlasts its close by the cross-fade, and its title-bar text fades out with it.
      const lastOne = p.fadeOut !== undefined && u.end >= p.end - p.fadeOut.sec - 1e-3;
      const b = lastOne ? p.end : Math.min(u.end, p.end);
      if (b <= a) return [];
      // It comes as its window does (or, changed inside a cut, as its page does), and goes likewise.
      const fades: Fading = {
        start: u.start > p.start + 1e-3 ? u.start : p.start,
        end: b,
        fadeIn: u.start > p.start + 1e-3 ? u.fadeIn : p.fadeIn,
        fadeOut: lastOne ? p.fadeOut : u.fadeOut,
      };
      const at = { x: inner.x + inner.h * 0.5, y: inner.y + inner.h / 2 };
      return [text(4, a, b, 'PopupUrl', 4, at.x, at.y, urlBody(C, u.url, inner, Math.round(f.address * 0.85)), fadeTag(fades, a))];
    });
    return [...frame, ...addresses];
  });
}

/** The current step's caption in the band (+ explanation of the control it uses). */
function captions({ o, L, f, C }: Draw): string[] {
  const cb = L.captionBand;
  return o.cues.map((c) => {
    const expl = c.explanation ? `\\N{\\b0\\fs${f.explanation}\\1c${tagColor(C.explanation)}}${assText(c.explanation)}` : '';
    return text(5, c.start, c.end, 'Caption', 5, cb.x + cb.w / 2, cb.y + cb.h / 2, `${assText(c.caption)}${expl}`);
  });
}

/** Chapter cards: a banner over the lanes for the first seconds of each scene. */
function chapterCards({ o, L, f, s, C }: Draw): string[] {
  return o.chapters.flatMap((ch, i) => {
    const a = ch.start;
    const b = Math.min(ch.end, a + CHAPTER_CARD_SEC);
    if (b <= a) return [];
    const box = chapterCardBox(L);
    const fad = '\\fad(200,200)';
    const perms = ch.permissions.length ? `Shows: ${ch.permissions.join(', ')}` : 'Setting the scene';
    const words = `{\\fs${f.cardText}\\1c${tagColor(C.explanation)}}Scene ${i + 1} of ${o.chapters.length}\\N{\\b1\\fs${Math.round(f.cardTitle * 0.8)}\\1c&H00FFFFFF&}${assText(ch.title)}\\N{\\b0\\fs${f.cardText}\\1c${tagColor(C.explanation)}}${assText(perms)}`;
    return [
      shape(6, a, b, box, C.card, 0x30, 18 * s, fad),
      shape(6, a, b, { x: box.x, y: box.y, w: Math.round(10 * s), h: box.h }, C.accent, 0, 0, fad),
      text(7, a, b, 'Card', 5, L.width / 2, box.y + box.h / 2, words, fad),
    ];
  });
}

/** Title card: opaque, over everything, for the first seconds. */
function titleCard({ o, L, f, s, C }: Draw): string[] {
  if (o.titleSec <= 0) return [];
  const full: Rect = { x: 0, y: 0, w: L.width, h: L.height };
  const accentBar: Rect = { x: Math.round(L.width * 0.12), y: Math.round(L.height * 0.26), w: Math.round(12 * s), h: Math.round(L.height * 0.46) };
  const t = o.title;
  const body = [
    `{\\b1\\fs${f.cardTitle}}${assText(t.appName)}`,
    `{\\b0\\fs${f.cardText}\\1c${tagColor(C.explanation)}}Meta App Review screen recording`,
    `{\\fs${f.cardText}\\1c&H00FFFFFF&}Gateway: ${assText(t.gateway)}`,
    `Recorded ${assText(t.date)}`,
    `Shows: ${assText(t.permissions.join(', ') || '—')}`,
    `{\\1c${tagColor(C.explanation)}}${assText(t.lanes.map((l, i) => `${i === 0 ? 'Left' : i === 1 ? 'Right' : `Lane ${i + 1}`}: ${l}`).join('   ·   '))}`,
  ].join('\\N');
  return [
    shape(8, 0, o.titleSec, full, C.card),
    shape(8, 0, o.titleSec, accentBar, C.accent),
    text(9, 0, o.titleSec, 'Card', 4, L.width * 0.12 + 40 * s, L.height / 2, body, '\\q2'),
  ];
}

/** A style line: `size` in pixels, one colour for text and fill, no outline or shadow, `margin` left and right. */
function assStyle(name: string, size: number, color: string, bold: boolean, align: number, margin: number): string {
  return `Style: ${name},${FONT_NAME},${size},${assColor(color)},${assColor(color)},&H00000000,&H00000000,${bold ? -1 : 0},0,0,0,100,100,0,0,1,0,0,${align},${margin},${margin},0,1`;
}

/** An ASS file for a canvas of `size`: script info (more `info` lines after the usual), styles, events. */
function assFile(size: { width: number; height: number }, info: string[], styles: string[], events: string[]): string {
  return [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${size.width}`,
    `PlayResY: ${size.height}`,
    'WrapStyle: 0',
    ...info,
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    ...styles,
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    ...events,
    '',
  ].join('\n');
}

/** The ASS file around the events: canvas size, colour matrix and the styles they use. */
function assDocument({ L, f, s, C }: Draw, adjusted: boolean, events: string[]): string {
  const style = (name: string, size: number, color: string, bold: boolean, align: number) => assStyle(name, size, color, bold, align, Math.round(40 * s));
  // As VSFilter reads it: the matrix that turns these colours into the video's YUV (adjusted ones
  // are meant for BT.601; see colour.ts).
  const info = ['ScaledBorderAndShadow: yes', `YCbCr Matrix: ${adjusted ? 'TV.601' : 'TV.709'}`];
  const styles = [
    style('Shape', 20, '#ffffff', false, 7),
    style('Label', f.label, C.label, true, 4),
    style('Url', f.address, C.host, false, 4),
    style('PopupUrl', Math.round(f.address * 0.85), C.host, false, 4),
    style('Caption', f.caption, C.caption, true, 8),
    style('Card', f.cardText, '#ffffff', false, 5),
  ];
  return assFile(L, info, styles, events);
}

export const CANVAS_COLOR = COLORS.canvas;

/** The card that opens a per-permission clip. */
export function buildClipCardAss(o: {
  width: number;
  height: number;
  permission: string;
  title: string;
  shows: string;
  scenes: string[];
  durationSec: number;
}): string {
  const s = o.width / 1920;
  const fs = (n: number) => Math.round(n * s);
  const body = [
    `{\\fs${fs(30)}\\1c${tagColor(COLORS.explanation)}}Permission demonstrated`,
    `{\\b1\\fs${fs(64)}\\1c&H00FFFFFF&}${assText(o.permission)}`,
    `{\\b0\\fs${fs(34)}}${assText(o.title)}`,
    '',
    `{\\fs${fs(30)}\\1c${tagColor(COLORS.explanation)}}${assText(o.shows)}`,
    `{\\fs${fs(26)}}Scenes: ${assText(o.scenes.join(' → '))}`,
  ].join('\\N');
  const card = assStyle('Card', fs(32), '#ffffff', false, 4, fs(200));
  const event = `Dialogue: 0,${assTime(0)},${assTime(o.durationSec + 1)},Card,,0,0,0,,{\\an4\\pos(${fs(200)},${Math.round(o.height / 2)})}${body}`;
  return assFile(o, [], [card], [event]);
}
