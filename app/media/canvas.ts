// The composed video's canvas: where each lane, label and caption sits, and the sizes lanes are recorded at.
/**
 * Where everything sits on the composed canvas. Pure geometry, designed at 1920×1080 and
 * scaled for the 1440×810 option (Meta advises a screen width of at most 1440 px).
 */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Size {
  width: number;
  height: number;
}

export type CanvasWidth = 1920 | 1440;

export interface LaneLayout {
  /** The lane's whole column. */
  column: Rect;
  /** Label text box ("Webitel — admin and operator"). */
  label: Rect;
  /** The omnibox-like address strip. */
  addressBar: Rect;
  /** The area the lane picture is fitted into. */
  pictureArea: Rect;
  /** The lane picture itself: fitted, centred, even sizes (yuv420p). */
  picture: Rect;
}

export interface CanvasLayout {
  width: number;
  height: number;
  /** Multiplier from the 1920-wide design to this canvas. */
  scale: number;
  lanes: LaneLayout[];
  captionBand: Rect;
  fontSizes: { label: number; address: number; caption: number; explanation: number; cardTitle: number; cardText: number };
}

const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2);

const nearestEven = (n: number) => Math.round(n / 2) * 2;

/**
 * Fits `src` inside `box` keeping its aspect ratio, centred, even dimensions and an even
 * position: ffmpeg's overlay puts a yuv420p picture at the even position at or below the one
 * asked for, so a picture placed at an odd x showed one column to the left of where the
 * overlay's panels and frames (drawn at the exact rect) expected it.
 */
export function fitInside(src: Size, box: Rect): Rect {
  const k = Math.min(box.w / src.width, box.h / src.height, 1e9);
  // The even positions inside the box, and the even length they leave.
  const span = (from: number, length: number) => {
    const lo = Math.ceil(from / 2) * 2;
    return { lo, len: Math.max(2, Math.floor((from + length) / 2) * 2 - lo) };
  };
  const sx = span(box.x, box.w);
  const sy = span(box.y, box.h);
  const w = Math.min(even(src.width * k), sx.len);
  const h = Math.min(even(src.height * k), sy.len);
  const place = (s: { lo: number; len: number }, size: number, centre: number) => Math.min(Math.max(nearestEven(centre - size / 2), s.lo), s.lo + s.len - size);
  return { x: place(sx, w, box.x + box.w / 2), y: place(sy, h, box.y + box.h / 2), w, h };
}

export function canvasSize(width: CanvasWidth): Size {
  return width === 1440 ? { width: 1440, height: 810 } : { width: 1920, height: 1080 };
}

/** Lays out N lanes side by side (the demo has two) above a caption band. */
export function layoutCanvas(canvasWidth: CanvasWidth, laneSizes: Size[]): CanvasLayout {
  const { width, height } = canvasSize(canvasWidth);
  const s = width / 1920;
  const px = (n: number) => Math.round(n * s);
  const n = Math.max(1, laneSizes.length);
  const gutter = px(12);
  const colW = Math.floor((width - gutter * (n + 1)) / n);
  const captionH = px(150);
  const captionBand: Rect = { x: 0, y: height - captionH, w: width, h: captionH };
  const lanes = laneSizes.map((size, i): LaneLayout => {
    const x = gutter + i * (colW + gutter);
    const column: Rect = { x, y: 0, w: colW, h: height - captionH };
    const label: Rect = { x, y: px(8), w: colW, h: px(36) };
    const addressBar: Rect = { x, y: px(48), w: colW, h: px(40) };
    const pictureArea: Rect = { x, y: px(96), w: colW, h: captionBand.y - px(96) - px(6) };
    return { column, label, addressBar, pictureArea, picture: fitInside(size, pictureArea) };
  });
  return {
    width,
    height,
    scale: s,
    lanes,
    captionBand,
    fontSizes: { label: px(26), address: px(22), caption: px(34), explanation: px(25), cardTitle: px(60), cardText: px(32) },
  };
}

/**
 * The scale each lane is recorded at, so that its recording has the size the video shows it
 * (at 1920×1080 a 960×1080 lane is shown 736×828: 0.767), and ffmpeg neither decodes nor
 * resamples a larger picture (BENCHMARKS.md, fifth session). Never above 1: a lane smaller
 * than its place is shown at its own size.
 */
export function laneCaptureScales(canvasWidth: CanvasWidth, viewports: Size[]): number[] {
  const layout = layoutCanvas(canvasWidth, viewports);
  return viewports.map((v, i) => {
    const p = layout.lanes[i]!.picture;
    return Math.min(1, p.w / v.width, p.h / v.height);
  });
}

/** The picture a lane rendered at `scale` delivers (what its recording's frames measure). */
export function scaledSize(viewport: Size, scale: number): Size {
  return { width: Math.round(viewport.width * scale), height: Math.round(viewport.height * scale) };
}

/** Where a popup window sits over its lane: centred, at most 86 % of the lane picture, below a title bar. */
export function popupPlacement(lanePicture: Rect, popup: Size, scale: number): { window: Rect; titleBar: Rect; picture: Rect } {
  const bar = Math.round(34 * scale);
  const border = Math.max(2, Math.round(2 * scale));
  const w = Math.round(lanePicture.w * 0.86);
  const h = Math.round(lanePicture.h * 0.86) - bar;
  const x = lanePicture.x + Math.round((lanePicture.w - w) / 2);
  const picture = fitInside(popup, { x, y: lanePicture.y + Math.round((lanePicture.h - (h + bar)) / 2) + bar, w, h });
  const titleBar: Rect = { x: picture.x - border, y: picture.y - bar, w: picture.w + 2 * border, h: bar };
  const window: Rect = { x: picture.x - border, y: picture.y - bar, w: picture.w + 2 * border, h: picture.h + bar + border };
  return { window, titleBar, picture };
}
