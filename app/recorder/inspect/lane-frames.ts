// Pure analysis of sampled video pictures: what each lane showed, and the findings that make a take broken.
import type { FrameFinding, FrameFindingKind } from './frame-check-schema';

/** An RGB picture, three bytes a pixel, row by row. */
export interface Picture {
  width: number;
  height: number;
  rgb: Uint8Array;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Two colours closer than this (largest channel difference) are one colour: H.264 at the
 * composer's CRF 20, area-scaled to a quarter, moves a flat colour by 1–3 levels, while the
 * nearest colours a page uses side by side (Webitel's grey-blue page behind its white panels)
 * are ~10 apart.
 */
export const SAME_COLOUR = 6;

/** The bottom-right block (this fraction of the lane each way) whose colour is the lane's fill. */
export const CORNER = 0.2;

/**
 * The corner is one flat colour when this share of its pixels match its median colour: the
 * cursor and an overlay scrollbar drawn full size may pass through it (the broken take's
 * Webitel scrollbar took 4 % of it).
 */
export const CORNER_FLAT = 0.9;

/**
 * Content pixels left out at each end when measuring where the content lies, whichever is
 * more: this share of the content, or OUTLIER_LANE_SHARE of the lane. Drawn full size over a
 * page drawn too small, the cursor (~35 pixels at a quarter size) and an overlay scrollbar
 * (~45: the broken take's Webitel lane) must not stretch the measured picture.
 */
export const OUTLIER_SHARE = 0.01;
export const OUTLIER_LANE_SHARE = 0.003;

/**
 * A lane shows a page drawn too small when its content ends before this fraction of the
 * lane's width AND of its height. The broken take's pages ended at 0.40; a real page's
 * sidebar, header or centred form reaches past 0.7 in at least one direction.
 */
export const UNDERFILL_MAX_EXTENT = 0.7;

/**
 * …and the content's middle lies in the top-left, before this fraction each way: the sparse
 * pages that are fine (Facebook's centred login, the composer's "Not in use yet" panel, a
 * consent dialog) are centred, at ~0.5.
 */
export const UNDERFILL_MAX_CENTRE = 0.35;

/** …and holds at least this share of the lane: a page (the broken take's sparse Messenger page held 1.6 %), not a cursor (0.1 %) or a lone line of text. */
export const UNDERFILL_MIN_CONTENT = 0.01;

/** A lane is blank when no more than this share of it differs from its fill colour (a cursor's worth). */
export const BLANK_MAX_CONTENT = 0.003;

/**
 * A lane's picture has not changed since the last sample when no more than this share of its
 * pixels moved by more than SAME_COLOUR: a blinking caret or a moving cursor changes more;
 * re-encoding noise of a still picture changes nothing at this tolerance.
 */
export const STILL_MAX_CHANGE = 0.0005;

/** Held for at least this long, a page drawn too small is a broken take, not a moment of a page's layout settling (a few samples at 2 a second). */
export const UNDERFILL_MIN_SEC = 3;

/**
 * Blank for longer than this after the lane's first page: a page paints well within a second
 * on the sandbox and within a few on a slow real host; a lane white for longer shows nothing a
 * reviewer can follow (the live preview's about:blank lasted a whole 60 s scene).
 */
export const BLANK_MAX_SEC = 8;

/**
 * A lane's picture still for this long while steps act on it is frozen: every click moves the
 * cursor and every fill types, so two acting steps (FROZEN_MIN_STEPS) without a changed pixel
 * cannot be a page that is simply quiet.
 */
export const FROZEN_MIN_SEC = 8;
export const FROZEN_MIN_STEPS = 2;

/** The whole video still for this long while a step starts (each step's start changes the caption) is a stalled video. */
export const VIDEO_FROZEN_MIN_SEC = 5;

/** Findings of one kind in one lane this close together are one finding (a chapter card or a popup's moment between them). */
export const JOIN_GAP_SEC = 3;

export interface LaneLook {
  /** Share of the lane's pixels unlike its fill colour. */
  content: number;
  /** The bottom-right corner is one flat colour. */
  cornerFlat: boolean;
  /** Where the content lies, as fractions of the lane (outliers left out); null without content. */
  extent: { x0: number; y0: number; x1: number; y1: number } | null;
  underfilled: boolean;
  blank: boolean;
}

const colourAt = (p: Picture, x: number, y: number): [number, number, number] => {
  const i = (y * p.width + x) * 3;
  return [p.rgb[i]!, p.rgb[i + 1]!, p.rgb[i + 2]!];
};

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Integer box inside the picture. */
export function clampBox(p: Pick<Picture, 'width' | 'height'>, b: Box): Box {
  const x = Math.max(0, Math.min(p.width, Math.round(b.x)));
  const y = Math.max(0, Math.min(p.height, Math.round(b.y)));
  return { x, y, w: Math.max(0, Math.min(p.width - x, Math.round(b.w))), h: Math.max(0, Math.min(p.height - y, Math.round(b.h))) };
}

/** The part of a picture inside a box, as its own picture. */
export function crop(p: Picture, box: Box): Picture {
  const b = clampBox(p, box);
  const out = new Uint8Array(b.w * b.h * 3);
  for (let y = 0; y < b.h; y++) out.set(p.rgb.subarray(((b.y + y) * p.width + b.x) * 3, ((b.y + y) * p.width + b.x + b.w) * 3), y * b.w * 3);
  return { width: b.w, height: b.h, rgb: out };
}

/** The fill colour (median of the bottom-right corner) and whether that corner is flat. */
export function fillColour(p: Picture): { colour: [number, number, number]; flat: boolean } {
  const cw = Math.max(1, Math.round(p.width * CORNER));
  const ch = Math.max(1, Math.round(p.height * CORNER));
  const rs: number[] = [];
  const gs: number[] = [];
  const bs: number[] = [];
  for (let y = p.height - ch; y < p.height; y++)
    for (let x = p.width - cw; x < p.width; x++) {
      const [r, g, b] = colourAt(p, x, y);
      rs.push(r);
      gs.push(g);
      bs.push(b);
    }
  const colour: [number, number, number] = [median(rs), median(gs), median(bs)];
  let same = 0;
  for (let i = 0; i < rs.length; i++)
    if (Math.max(Math.abs(rs[i]! - colour[0]), Math.abs(gs[i]! - colour[1]), Math.abs(bs[i]! - colour[2])) <= SAME_COLOUR) same++;
  return { colour, flat: same >= rs.length * CORNER_FLAT };
}

/** First index where the running sum of `counts` passes `skip`; from the end with `fromEnd`. */
function edgeIndex(counts: Uint32Array, skip: number, fromEnd = false): number {
  let run = 0;
  for (let k = 0; k < counts.length; k++) {
    const i = fromEnd ? counts.length - 1 - k : k;
    run += counts[i]!;
    if (run > skip) return i;
  }
  return fromEnd ? 0 : counts.length - 1;
}

/** What one lane picture shows: how much content, where it lies, and whether it is a page drawn too small or blank. */
export function lookAtLane(p: Picture): LaneLook {
  const n = p.width * p.height;
  if (n === 0) return { content: 0, cornerFlat: false, extent: null, underfilled: false, blank: false };
  const { colour, flat } = fillColour(p);
  const cols = new Uint32Array(p.width);
  const rows = new Uint32Array(p.height);
  let total = 0;
  for (let y = 0; y < p.height; y++)
    for (let x = 0; x < p.width; x++) {
      const i = (y * p.width + x) * 3;
      const d = Math.max(Math.abs(p.rgb[i]! - colour[0]), Math.abs(p.rgb[i + 1]! - colour[1]), Math.abs(p.rgb[i + 2]! - colour[2]));
      if (d > SAME_COLOUR) {
        cols[x]!++;
        rows[y]!++;
        total++;
      }
    }
  const content = total / n;
  // Never all of it: a lane whose only content is a cursor still has somewhere its content lies.
  const skip = Math.min(total - 1, Math.max(total * OUTLIER_SHARE, n * OUTLIER_LANE_SHARE));
  const extent = total
    ? {
        x0: edgeIndex(cols, skip) / p.width,
        x1: (edgeIndex(cols, skip, true) + 1) / p.width,
        y0: edgeIndex(rows, skip) / p.height,
        y1: (edgeIndex(rows, skip, true) + 1) / p.height,
      }
    : null;
  const underfilled =
    flat &&
    !!extent &&
    content >= UNDERFILL_MIN_CONTENT &&
    extent.x1 <= UNDERFILL_MAX_EXTENT &&
    extent.y1 <= UNDERFILL_MAX_EXTENT &&
    (extent.x0 + extent.x1) / 2 <= UNDERFILL_MAX_CENTRE &&
    (extent.y0 + extent.y1) / 2 <= UNDERFILL_MAX_CENTRE;
  return { content, cornerFlat: flat, extent, underfilled, blank: flat && content <= BLANK_MAX_CONTENT };
}

/** Share of pixels that changed (by more than SAME_COLOUR) between two pictures of one size. */
export function changedShare(a: Picture, b: Picture): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  const n = a.width * a.height;
  if (n === 0) return 0;
  let changed = 0;
  for (let i = 0; i < n * 3; i += 3) {
    if (
      Math.abs(a.rgb[i]! - b.rgb[i]!) > SAME_COLOUR ||
      Math.abs(a.rgb[i + 1]! - b.rgb[i + 1]!) > SAME_COLOUR ||
      Math.abs(a.rgb[i + 2]! - b.rgb[i + 2]!) > SAME_COLOUR
    )
      changed++;
  }
  return changed / n;
}

/** What the analysis needs to know about a composed video: where each lane is, and when it matters. */
export interface VideoPlan {
  /** The sampled pictures' size. */
  width: number;
  height: number;
  durationSec: number;
  /** The title card: no lane is shown before. */
  titleSec: number;
  lanes: Array<{
    id: string;
    title: string;
    /** The lane's picture in the sampled pictures. */
    box: Box;
    /** Until then the composer's standby panel stands in for the lane ("Not in use yet"). */
    shownFromSec: number;
    /** Video seconds at which steps that act on the lane (goto, click, fill, press) started. */
    actions: number[];
  }>;
  /** Video seconds at which a step that changes the picture started (one that acts, or shows a caption). */
  steps: number[];
  /** Overlays the composer draws over lanes for a while (chapter cards): samples of a lane they touch are not judged. */
  covers: Array<{ fromSec: number; toSec: number; box: Box }>;
}

/** One sampled picture of the whole video, reduced to what the findings need. */
export interface SampleLook {
  sec: number;
  /** Per lane, in plan order: its look, or null when the lane is not judged at this moment (title card, standby panel, chapter card). */
  lanes: Array<(LaneLook & { changed: number | null }) | null>;
  /** Share of the whole picture changed since the previous sample (null for the first). */
  changed: number | null;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Looks at the sampled pictures one at a time (a whole video's pictures would not fit in
 * memory at once), keeping each lane's last judged picture to tell what changed.
 */
export class VideoLooker {
  private prevLane: Array<Picture | null>;
  private prevWhole: Picture | null = null;
  readonly looks: SampleLook[] = [];

  constructor(private readonly plan: VideoPlan) {
    this.prevLane = plan.lanes.map(() => null);
  }

  add(sec: number, whole: Picture): SampleLook {
    const look: SampleLook = {
      sec,
      changed: this.prevWhole ? changedShare(this.prevWhole, whole) : null,
      lanes: this.plan.lanes.map((lane, i) => {
        if (sec < this.plan.titleSec || sec < lane.shownFromSec) return null;
        if (this.plan.covers.some((c) => sec >= c.fromSec && sec <= c.toSec && overlaps(c.box, lane.box))) return null;
        const pic = crop(whole, lane.box);
        const prev = this.prevLane[i];
        this.prevLane[i] = pic;
        return { ...lookAtLane(pic), changed: prev ? changedShare(prev, pic) : null };
      }),
    };
    this.prevWhole = { ...whole, rgb: Uint8Array.from(whole.rgb) };
    this.looks.push(look);
    return look;
  }
}

/** A stretch of samples: first and last sample time. */
export interface Stretch {
  fromSec: number;
  toSec: number;
}

/**
 * The stretches where `state` says yes, unbroken by a no (a sample that is not judged, null,
 * neither breaks nor extends one), those JOIN_GAP_SEC or less apart joined, then those lasting
 * at least `minSec` (counting each sample as 1/fps long).
 */
export function stretches(samples: Array<{ sec: number; state: boolean | null }>, minSec: number, samplePeriod: number, joinGapSec = JOIN_GAP_SEC): Stretch[] {
  const runs: Stretch[] = [];
  let cur: Stretch | null = null;
  for (const s of samples) {
    if (s.state === null) continue;
    if (s.state) {
      if (cur) cur.toSec = s.sec;
      else cur = { fromSec: s.sec, toSec: s.sec };
    } else if (cur) {
      runs.push(cur);
      cur = null;
    }
  }
  if (cur) runs.push(cur);
  const joined: Stretch[] = [];
  for (const r of runs) {
    const last = joined.at(-1);
    if (last && r.fromSec - last.toSec <= joinGapSec) last.toSec = r.toSec;
    else joined.push({ ...r });
  }
  return joined.filter((r) => r.toSec - r.fromSec + samplePeriod >= minSec);
}

/**
 * The stretches where the picture stood still: from the sample before the first unchanged
 * one to the last unchanged one (a still stretch starts at the picture that then stays).
 */
export function stillStretches(samples: Array<{ sec: number; changed: number | null } | null>, minSec: number): Stretch[] {
  const out: Stretch[] = [];
  let cur: Stretch | null = null;
  let prevSec: number | null = null;
  for (const s of samples) {
    if (!s) continue;
    const still = s.changed !== null && s.changed <= STILL_MAX_CHANGE;
    if (still) {
      if (cur) cur.toSec = s.sec;
      else cur = { fromSec: prevSec ?? s.sec, toSec: s.sec };
    } else if (cur) {
      out.push(cur);
      cur = null;
    }
    prevSec = s.sec;
  }
  if (cur) out.push(cur);
  return out.filter((r) => r.toSec - r.fromSec >= minSec);
}

/** `m:ss` of video seconds, as a video player shows it. */
export function clockText(sec: number): string {
  const s = Math.max(0, Math.floor(sec));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "Webitel" of "Webitel — admin and operator": the lane as a person calls it. */
export function laneName(title: string, id: string): string {
  const head = title.split(/\s+[—–-]\s+/)[0]?.trim();
  return head || id;
}

/** The sentence a person reads for a finding. */
export function describeFinding(kind: FrameFindingKind, lane: { id: string; title: string } | null, s: Stretch, steps?: number): string {
  const when = `from ${clockText(s.fromSec)} to ${clockText(s.toSec)}`;
  const name = lane ? `The ${laneName(lane.title, lane.id)} lane` : 'The video';
  switch (kind) {
    case 'underfill':
      return `${name}'s page fills only the top-left part of its lane ${when}; the rest of the lane is one flat colour`;
    case 'blank':
      return `${name} shows a blank page (one flat colour) ${when}`;
    case 'frozen':
      return `${name}'s picture does not change ${when}, while ${steps ?? 0} steps act on it`;
    case 'video-frozen':
      return `${name} stands still ${when}, while ${steps ?? 0} steps start`;
  }
}

/**
 * Steps that started while a still stretch was on screen: after its first picture has been
 * seen for a sample period and a period before its last (a step's start and the picture it
 * changes are up to one sample apart), so a step whose change made the still picture is not counted.
 */
const countIn = (times: number[], s: Stretch, period: number) => times.filter((t) => t > s.fromSec + period && t <= s.toSec - period).length;

/** The findings of a sampled video: each lane's pages drawn too small, blank stretches and freezes, and whole-video freezes. */
export function findFindings(plan: VideoPlan, looks: SampleLook[], samplePeriod: number): FrameFinding[] {
  const out: FrameFinding[] = [];
  const add = (kind: FrameFindingKind, lane: VideoPlan['lanes'][number] | null, s: Stretch, steps?: number) =>
    out.push({
      kind,
      laneId: lane?.id ?? null,
      fromSec: s.fromSec,
      toSec: s.toSec,
      ...(steps !== undefined ? { steps } : {}),
      message: describeFinding(kind, lane, s, steps),
    });
  plan.lanes.forEach((lane, i) => {
    const mine = looks.map((l) => (l.lanes[i] ? { sec: l.sec, look: l.lanes[i] } : null));
    const judged = mine.filter((x): x is NonNullable<typeof x> => !!x);
    for (const s of stretches(
      judged.map((x) => ({ sec: x.sec, state: x.look.underfilled })),
      UNDERFILL_MIN_SEC,
      samplePeriod,
    ))
      add('underfill', lane, s);
    // Blank stretches are not joined across a picture with content: that was a page.
    for (const s of stretches(
      judged.map((x) => ({ sec: x.sec, state: x.look.blank })),
      BLANK_MAX_SEC,
      samplePeriod,
      0,
    ))
      add('blank', lane, s);
    for (const s of stillStretches(
      mine.map((x) => (x ? { sec: x.sec, changed: x.look.changed } : null)),
      FROZEN_MIN_SEC,
    )) {
      // A blank lane stands still too: it is told once, as blank.
      if (judged.find((x) => x.sec === s.toSec)?.look.blank) continue;
      const steps = countIn(lane.actions, s, samplePeriod);
      if (steps >= FROZEN_MIN_STEPS) add('frozen', lane, s, steps);
    }
  });
  for (const s of stillStretches(
    looks.filter((l) => l.sec >= plan.titleSec),
    VIDEO_FROZEN_MIN_SEC,
  )) {
    const steps = countIn(plan.steps, s, samplePeriod);
    if (steps >= 1) add('video-frozen', null, s, steps);
  }
  return out.sort((a, b) => a.fromSec - b.fromSec);
}
