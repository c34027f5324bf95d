// Proves a hand-over cut out of a composed video (real ffmpeg): shorter by the cut, cross-faded, with captions, chapters and clips still on their steps.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeRun } from '../../../app/recorder/compose/compose';
import { layoutCanvas, popupPlacement, type Rect } from '../../../app/media/canvas';
import { CLIP_CARD_SEC } from '../../../app/recorder/clips';
import { captionCues, FPS } from '../../../app/recorder/compose/video-time';
import { ManifestSchema, readManifest, writeManifest } from '../../../app/recorder/run-folder';
import type { TimelineEvent } from '../../../app/recorder/timeline';
import { changeFrames, composedClock, regionSignatures } from '../../../scripts/bench/caption-sync';
import { colourFile, countFrames, tools, writeColourRun } from './helpers';
import { loadRecordingFacts } from '../../../app/review/checks/recording-facts';
import { recordingsDir } from '../../../app/recorder/run-folder';
import type { RecordingDetail } from '../../../app/api/views';
import { apiHarness } from '../../unit/api/harness';
import { syntheticCapture, syntheticManifestHead } from '../../synthetic-run';

/**
 * A run whose step 1 was handed to the person for 12 s, composed with real ffmpeg from lane
 * files whose colours change at known moments of the run: the video loses the person's
 * search (all but 1.5 s each side) and everything after it — the lanes' pictures, the
 * captions, the chapters and the clip — moves earlier by exactly that, within 2 frames.
 */
const T = 1_700_000_000_000;
const W = 480;
const H = 540;
/** Lane "a": black, grey from the assisted step, cyan while the person searched (never on video), blue, white at the consent scene, red at the last step. */
const LANE_A: Array<[string, number]> = [
  ['black', 3],
  ['gray', 5],
  ['cyan', 5],
  ['blue', 4],
  ['white', 3],
  ['red', 4],
];
/** Lane "b": black, then white a second into the consent scene. */
const LANE_B: Array<[string, number]> = [
  ['black', 19],
  ['white', 5],
];
const step = (ms: number, index: number, laneId: string, action: string, caption: string, sceneId: string): TimelineEvent => ({
  type: 'step-started',
  t: T + ms,
  index,
  stepId: `s${index}`,
  sceneId,
  laneId,
  action,
  caption,
});
const timeline: TimelineEvent[] = [
  { type: 'run-started', t: T },
  { type: 'url-changed', t: T, laneId: 'a', url: 'https://webitel.localhost/admin', popup: false },
  { type: 'url-changed', t: T, laneId: 'b', url: 'https://facebook.localhost/', popup: false },
  { type: 'scene-started', t: T + 500, sceneId: 'login', title: 'Log in', permissions: [] },
  step(500, 0, 'a', 'goto', 'The administrator opens Webitel.', 'login'),
  { type: 'step-succeeded', t: T + 1000, index: 0, stepId: 's0', durationMs: 500 },
  step(3000, 1, 'a', 'click', 'The administrator clicks "Next".', 'login'),
  {
    type: 'assist-started',
    t: T + 4000,
    index: 1,
    stepId: 's1',
    laneId: 'a',
    action: 'click',
    missed: 'target',
    reason: 'none of the selectors matched a visible element',
    lookedFor: ['#next'],
  },
  { type: 'assist-ended', t: T + 16_000, startedAt: T + 4000, index: 1, stepId: 's1', laneId: 'a', how: 'click', missed: 'target' },
  { type: 'step-succeeded', t: T + 16_200, index: 1, stepId: 's1', durationMs: 13_200 },
  { type: 'scene-started', t: T + 17_000, sceneId: 'consent', title: 'Consent', permissions: ['pages_show_list'] },
  step(17_000, 2, 'b', 'click', 'The Page admin selects the Page.', 'consent'),
  { type: 'step-succeeded', t: T + 18_000, index: 2, stepId: 's2', durationMs: 1000 },
  step(20_000, 3, 'a', 'click', 'The administrator saves.', 'consent'),
  { type: 'step-succeeded', t: T + 21_000, index: 3, stepId: 's3', durationMs: 1000 },
  { type: 'run-finished', t: T + 24_000, status: 'passed' },
];
const TITLE_SEC = 1;
/** Uncut: the title, then 24 s of lanes. The hand-over is 5–17 s of it; kept: 5–6.5 and 15.5–17. */
const CUT = { at: 6.5, removed: 9 };
/** Video time of a run moment after the cut. */
const after = (ms: number) => TITLE_SEC + ms / 1000 - CUT.removed;
const frame = (sec: number) => Math.round(sec * FPS);

let tmp: string;
let dir: string;
const layout = layoutCanvas(1440, [
  { width: W, height: H },
  { width: W, height: H },
]);
/** A patch near the top of a lane: away from the chapter card and the standby panel's text. */
const lanePatch = (i: number): Rect => {
  const p = layout.lanes[i]!.picture;
  return { x: p.x + Math.round(p.w / 4), y: p.y + 40, w: Math.round(p.w / 2) & ~1, h: 60 };
};
const band = layout.captionBand;
const mean = (sig: Uint8Array) => sig.reduce((a, b) => a + b, 0) / sig.length;

/** Frames at which a region changes, from `from` on, with runs of neighbouring frames (a fade) kept as their first. */
function changesFrom(sigs: Uint8Array[], from: number): number[] {
  const all = changeFrames(sigs).filter((f) => f >= from);
  return all.filter((f, i) => i === 0 || f - all[i - 1]! > 1);
}

function expectNear(got: number[], want: number[], what: string): void {
  expect(got.length, `${what}: changes at ${got.join(', ')}, wanted ${want.join(', ')}`).toBe(want.length);
  want.forEach((w, i) => expect(Math.abs(got[i]! - w), `${what}: change ${i} at frame ${got[i]}, wanted ${w}`).toBeLessThanOrEqual(2));
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-cutwaits-'));
  dir = path.join(tmp, 'run');
  await writeColourRun(dir, {
    runId: 'cut',
    t0: T,
    titleSec: TITLE_SEC,
    endMs: 24_000,
    size: { width: W, height: H },
    lanes: [
      { id: 'a', title: 'Webitel — administrator', colours: LANE_A },
      { id: 'b', title: 'Facebook — Page admin', colours: LANE_B },
    ],
    timeline,
  });
}, 60_000);
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('a hand-over cut out of the video', () => {
  it('is shorter by the cut, and its lanes, captions, chapters and clip line up with their steps within 2 frames', async () => {
    const m = await composeRun(dir, { tools, skipStepPictures: true });
    const demo = path.join(dir, 'demo.mp4');
    expect(m.waits).toBe('assisted');
    expect(m.cuts).toEqual([{ atSec: CUT.at, removedSec: CUT.removed, fromMs: T + 5500, toMs: T + 14_500, reason: 'assisted', stepId: 's1' }]);
    expect(await countFrames(demo)).toBe(frame(TITLE_SEC + 24 - CUT.removed));
    expect(m.video!.durationSec).toBe(TITLE_SEC + 24 - CUT.removed);

    const [a, b, caption] = await regionSignatures(tools, demo, [lanePatch(0), lanePatch(1), band]);
    // Lane a: grey at the assisted step, white at the consent scene, red at the last step; the cut
    // itself is no jump but a cross-fade (no frame differs much from the one before).
    expectNear(changesFrom(a!, 60), [frame(TITLE_SEC + 3), frame(after(17_000)), frame(after(20_000))], 'lane a');
    // The person's search (cyan, as the lane file has it) is nowhere in the video; the cut
    // cross-fades from grey to blue over several frames.
    const lumas = a!.map(mean);
    const grey = lumas[frame(CUT.at) - 3]!;
    const blue = lumas[frame(CUT.at) + 12]!;
    const [file] = await regionSignatures(tools, path.join(dir, 'lanes', 'a.mkv'), [{ x: 0, y: 0, w: W, h: H }]);
    const cyan = mean(file![frame(10)]!);
    expect(Math.abs(grey - blue)).toBeGreaterThan(40);
    expect(Math.abs(cyan - grey)).toBeGreaterThan(20);
    const between = lumas.slice(frame(CUT.at), frame(CUT.at) + 10).filter((l) => l < grey - 8 && l > blue + 8);
    expect(between.length).toBeGreaterThanOrEqual(3);
    expect(lumas.slice(frame(TITLE_SEC) + 20).filter((l) => Math.abs(l - cyan) < 6)).toEqual([]);
    // Lane b moved by the same cut: white a second into the consent scene.
    expectNear(changesFrom(b!, 60), [frame(after(19_000))], 'lane b');
    // Captions: each at its step; the assisted step's caption stays on across the cut.
    expectNear(changesFrom(caption!, 40), [frame(TITLE_SEC + 0.5), frame(TITLE_SEC + 3), frame(after(17_000)), frame(after(20_000))], 'captions');
    // The caption-sync benchmark measures against the same cut clock.
    const starts = captionCues(m.timeline, composedClock(m)).map((c) => c.start);
    [TITLE_SEC + 0.5, TITLE_SEC + 3, after(17_000), after(20_000)].forEach((want, i) => expect(starts[i]).toBeCloseTo(want, 6));
    const srt = await fs.readFile(path.join(dir, 'captions.srt'), 'utf8');
    expect(srt).toContain('00:00:04,000 --> 00:00:09,000\nThe administrator clicks "Next".');
    expect(srt).toContain('00:00:09,000 --> 00:00:12,000\nThe Page admin selects the Page.');
    // Chapters: the consent scene starts where its step's picture does.
    const chapters = JSON.parse(await fs.readFile(path.join(dir, 'chapters.json'), 'utf8')) as {
      durationSec: number;
      chapters: Array<{ sceneId: string; start: number; end: number }>;
    };
    expect(chapters.durationSec).toBe(16);
    expect(chapters.chapters.map((c) => [c.sceneId, c.start, c.end])).toEqual([
      ['login', 1.5, after(17_000)],
      ['consent', after(17_000), 16],
    ]);
    expect(Math.abs(changesFrom(a!, 60)[1]! - frame(chapters.chapters[1]!.start))).toBeLessThanOrEqual(2);

    // The clip: its card, then the video from the login scene, the cut included, frame for frame.
    const clip = path.join(dir, m.files.clips.pages_show_list!);
    expect(await countFrames(clip)).toBe(frame(CLIP_CARD_SEC + 16 - 1.5));
    const [clipA] = await regionSignatures(tools, clip, [lanePatch(0)]);
    const shift = frame(CLIP_CARD_SEC) - frame(1.5);
    expectNear(
      changesFrom(clipA!, frame(CLIP_CARD_SEC) + 15),
      changesFrom(a!, 60).map((f) => f + shift),
      "the clip's lane a",
    );
    expect(Math.abs(changesFrom(clipA!, frame(CLIP_CARD_SEC) + 15)[1]! - (frame(chapters.chapters[1]!.start) + shift))).toBeLessThanOrEqual(2);
    // The cross-fade is in the clip too, at the same place.
    const clipLumas = clipA!.map(mean);
    expect(Math.abs(clipLumas[frame(CUT.at) + shift - 3]! - grey)).toBeLessThan(6);
    expect(Math.abs(clipLumas[frame(CUT.at) + shift + 12]! - blue)).toBeLessThan(6);

    // `check` reads what was cut from the run folder.
    const facts = await loadRecordingFacts(dir);
    expect(facts.cuts).toEqual([expect.objectContaining({ atSec: CUT.at, removedSec: CUT.removed, reason: 'assisted', stepId: 's1' })]);
  }, 180_000);

  it('composed again the same way keeps every segment; --keep-waits gives the whole wait back', async () => {
    const segDir = path.join(dir, 'segments');
    const stamp = async () =>
      Object.fromEntries(
        await Promise.all(
          (await fs.readdir(segDir)).filter((f) => f.endsWith('.mp4')).map(async (f) => [f, (await fs.stat(path.join(segDir, f))).mtimeMs] as const),
        ),
      );
    const before = await stamp();
    await composeRun(dir, { tools, skipStepPictures: true });
    expect(await stamp()).toEqual(before);

    const m = await composeRun(dir, { tools, skipStepPictures: true, waits: 'keep' });
    expect(m.cuts).toEqual([]);
    expect((await readManifest(dir)).waits).toBe('keep');
    expect(await countFrames(path.join(dir, 'demo.mp4'))).toBe(frame(TITLE_SEC + 24));
    const [a] = await regionSignatures(tools, path.join(dir, 'demo.mp4'), [lanePatch(0)]);
    // Uncut: grey, green (the search), blue, white, red at their own moments.
    expectNear(
      changesFrom(a!, 60),
      [4, 9, 14, 18, 21].map((s) => frame(s)),
      'lane a uncut',
    );
  }, 180_000);
});

/**
 * A popup that opens a tenth of a second after a cut's start (inside the pictures the cut
 * cross-fades from) and stays open past its end: at the cut it fades in with the cross-fade,
 * its picture and its window frame alike, instead of showing at once or as a black box.
 */
describe('a popup that opens inside a cut', () => {
  let popDir: string;
  const P = { width: 300, height: 200 };
  const one = layoutCanvas(1440, [{ width: W, height: H }]);
  const place = popupPlacement(one.lanes[0]!.picture, P, one.scale);
  const inner = (r: Rect, by: number): Rect => ({ x: r.x + by, y: r.y + by, w: (r.w - 2 * by) & ~1, h: (r.h - 2 * by) & ~1 });
  /** Where the title bar's address is written: inside its white pill, away from the pill's round ends. */
  const addressText = (): Rect => {
    const s = one.scale;
    const pill = { x: place.titleBar.x + 6 * s, y: place.titleBar.y + 4 * s, w: place.titleBar.w - 12 * s, h: place.titleBar.h - 8 * s };
    const x = Math.round(pill.x + pill.h);
    return { x, y: Math.round(pill.y + 2), w: Math.round(pill.w - 2 * pill.h) & ~1, h: Math.round(pill.h - 4) & ~1 };
  };
  /** How much the address's letters stand out in that region (none: no address, or a bare pill). */
  const contrast = (sig: Uint8Array) => Math.max(...sig) - Math.min(...sig);

  beforeAll(async () => {
    popDir = path.join(tmp, 'popup-run');
    await fs.mkdir(path.join(popDir, 'lanes'), { recursive: true });
    colourFile(path.join(popDir, 'lanes', 'a.mkv'), [['gray', 22]], { width: W, height: H });
    colourFile(path.join(popDir, 'lanes', 'popup.mkv'), [['yellow', 12.4]], P);
    const capture = (file: string, from: number, to: number, size: { width: number; height: number }) => syntheticCapture(file, T + from, T + to, size);
    const m = ManifestSchema.parse({
      ...syntheticManifestHead({ runId: 'cut-popup', t0: T, status: 'recording', titleSec: TITLE_SEC }),
      lanes: [
        { id: 'a', title: 'Webitel — administrator', viewport: { width: W, height: H }, capture: capture('lanes/a.mkv', 0, 22_000, { width: W, height: H }) },
      ],
      popups: [{ laneId: 'a', openedMs: T + 5600, closedMs: T + 18_000, capture: capture('lanes/popup.mkv', 5600, 18_000, P) }],
      timeline: [
        { type: 'run-started', t: T },
        { type: 'url-changed', t: T, laneId: 'a', url: 'https://webitel.localhost/admin', popup: false },
        { type: 'scene-started', t: T + 500, sceneId: 'login', title: 'Log in', permissions: ['pages_show_list'] },
        step(500, 0, 'a', 'goto', 'The administrator opens Webitel.', 'login'),
        { type: 'step-succeeded', t: T + 1000, index: 0, stepId: 's0', durationMs: 500 },
        step(3000, 1, 'a', 'click', 'The administrator clicks "Add pages".', 'login'),
        {
          type: 'assist-started',
          t: T + 4000,
          index: 1,
          stepId: 's1',
          laneId: 'a',
          action: 'click',
          missed: 'target',
          reason: 'not found',
          lookedFor: ['#add'],
        },
        { type: 'url-changed', t: T + 5600, laneId: 'a', url: 'https://facebook.localhost/dialog/oauth', popup: true },
        { type: 'assist-ended', t: T + 16_000, startedAt: T + 4000, index: 1, stepId: 's1', laneId: 'a', how: 'click', missed: 'target' },
        { type: 'step-succeeded', t: T + 16_200, index: 1, stepId: 's1', durationMs: 13_200 },
        { type: 'run-finished', t: T + 22_000, status: 'passed' },
      ],
      encoder: { codec: 'libx264', preset: 'ultrafast', crf: 23, pixFmt: 'yuv420p', fps: FPS, x264Params: 'threads=2:bframes=0' },
      files: {},
    });
    await writeManifest(popDir, m);
  }, 60_000);

  it('fades in with the cross-fade, its picture and its window frame, never black', async () => {
    const m = await composeRun(popDir, { tools, skipStepPictures: true });
    expect(m.cuts).toEqual([expect.objectContaining({ atSec: CUT.at, removedSec: CUT.removed })]);
    const [pic, bar, text] = await regionSignatures(tools, path.join(popDir, 'demo.mp4'), [inner(place.picture, 20), inner(place.titleBar, 2), addressText()]);
    const lum = pic!.map(mean);
    const barLum = bar!.map(mean);
    const letters = text!.map(contrast);
    const at = frame(CUT.at);
    const grey = lum[at - 5]!;
    const yellow = lum[at + 30]!;
    expect(yellow - grey, `the popup (${yellow}) stands out from its lane (${grey})`).toBeGreaterThan(40);
    // Before the cut: the lane. At the cut's first frame the outgoing pictures (no popup yet)
    // still show; over the fade the popup comes in, never darker than the lane (a black box).
    expect(Math.abs(lum[at - 1]! - grey)).toBeLessThan(4);
    expect(lum[at]! - grey, `frame ${at}: ${lum[at]}`).toBeLessThan((yellow - grey) * 0.25);
    for (let f = at; f < at + 12; f++) expect(lum[f]!, `frame ${f} of the fade`).toBeGreaterThan(grey - 6);
    expect(lum[at + 6]! - grey).toBeGreaterThan((yellow - grey) * 0.5);
    for (let f = at + 9; f < at + 30; f++) expect(Math.abs(lum[f]! - yellow), `frame ${f} after the fade`).toBeLessThan(6);
    // The window frame (title bar) follows the same fade.
    const barGrey = barLum[at - 5]!;
    const barOn = barLum[at + 30]!;
    expect(Math.abs(barOn - barGrey)).toBeGreaterThan(40);
    expect(Math.abs(barLum[at]! - barGrey), `title bar at the cut: ${barLum[at]}`).toBeLessThan(Math.abs(barOn - barGrey) * 0.25);
    expect(Math.abs(barLum[at + 12]! - barOn)).toBeLessThan(6);
    // So does its address: not there before, coming in over the fade, written once it is in.
    expect(letters[at + 30]!, 'the address is written in the title bar').toBeGreaterThan(40);
    expect(letters[at - 5]!).toBeLessThan(letters[at + 30]! * 0.2);
    expect(letters[at]!, `address at the cut: ${letters[at]}`).toBeLessThan(letters[at + 30]! * 0.35);
    expect(Math.abs(letters[at + 12]! - letters[at + 30]!)).toBeLessThan(letters[at + 30]! * 0.2);
    // It closes where the time map puts its close.
    expect(Math.abs(lum[frame(after(18_000)) + 3]! - grey)).toBeLessThan(4);
  }, 180_000);

  it('one open before the cut that closes inside it fades out with the cross-fade instead of vanishing at the cut', async () => {
    const m = await readManifest(popDir);
    colourFile(path.join(popDir, 'lanes', 'popup2.mkv'), [['white', 3.65]], P);
    const cap = { ...m.popups[0]!.capture!, file: 'lanes/popup2.mkv', startMs: T + 2000, endMs: T + 5650 };
    m.popups = [{ laneId: 'a', openedMs: T + 2000, closedMs: T + 5650, capture: cap }];
    // As a run records it: the popup's address from its opening, its close noted in the timeline.
    m.timeline = [
      ...m.timeline.map((e) => (e.type === 'url-changed' && e.popup ? { ...e, t: T + 2000 } : e)),
      { type: 'popup-closed', t: T + 5650, laneId: 'a' },
    ];
    await writeManifest(popDir, m);
    await composeRun(popDir, { tools, skipStepPictures: true });
    const [pic, bar, text] = await regionSignatures(tools, path.join(popDir, 'demo.mp4'), [inner(place.picture, 20), inner(place.titleBar, 2), addressText()]);
    const lum = pic!.map(mean);
    const barLum = bar!.map(mean);
    const letters = text!.map(contrast);
    const at = frame(CUT.at);
    const white = lum[at - 5]!;
    const grey = lum[at + 30]!;
    expect(white - grey).toBeGreaterThan(40);
    // At the cut the outgoing pictures still have it; it goes within the fade, never darker than the lane.
    expect(lum[at]! - grey, `frame ${at}: ${lum[at]}`).toBeGreaterThan((white - grey) * 0.6);
    for (let f = at; f < at + 12; f++) expect(lum[f]!, `frame ${f} of the fade`).toBeGreaterThan(grey - 6);
    for (let f = at + 9; f < at + 30; f++) expect(Math.abs(lum[f]! - grey), `frame ${f} after the fade`).toBeLessThan(6);
    const barOn = barLum[at - 5]!;
    const barGrey = barLum[at + 30]!;
    expect(Math.abs(barLum[at]! - barGrey), `title bar at the cut: ${barLum[at]}`).toBeGreaterThan(Math.abs(barOn - barGrey) * 0.6);
    expect(Math.abs(barLum[at + 9]! - barGrey)).toBeLessThan(6);
    // Its address goes with it: still written at the cut's first frame (it vanished there while
    // its window faded), fading over the cross-fade, gone after it.
    const written = letters[at - 5]!;
    expect(written, 'the address is written in the title bar').toBeGreaterThan(40);
    expect(letters[at]!, `address at the cut: ${letters[at]}`).toBeGreaterThan(written * 0.6);
    expect(letters[at + 5]!).toBeLessThan(letters[at]!);
    expect(letters[at + 12]!).toBeLessThan(written * 0.2);
  }, 180_000);
});

/**
 * The recorder screen's "Compose again": without a new choice it composes the video with the
 * waits the recording was composed with (its manifest), with one it uses and keeps that.
 */
describe('composed again from the app', () => {
  const h = apiHarness('ra-compose-again-');
  const runId = '2026-12-06T10-00-00-000Z';
  let runDir: string;

  beforeAll(async () => {
    await h.ok('vaultCreate', { passphrase: 'compose-again-passphrase' });
    await h.ok('createSubmission', { name: 'sample', kind: 'sample' });
    runDir = path.join(recordingsDir(h.dir, 'sample'), runId);
    await fs.cp(dir, runDir, { recursive: true });
    // Recorded with the waits kept whole.
    await composeRun(runDir, { tools, skipStepPictures: true, waits: 'keep' });
  }, 120_000);

  async function composeAgain(input: Record<string, unknown>): Promise<void> {
    const { jobId } = await h.ok<{ jobId: string }>('startCompose', { name: 'sample', runId, ...input });
    await expect
      .poll(() => h.events.find((e) => e.type === 'job-finished' && e.jobId === jobId), { timeout: 120_000, interval: 200 })
      .toMatchObject({ status: 'passed' });
  }

  it("keeps the recording's own choice unless another is picked, and then keeps that one", async () => {
    expect((await h.ok<RecordingDetail>('getRecording', { name: 'sample', runId })).waits).toBe('keep');
    await composeAgain({});
    let m = await readManifest(runDir);
    expect(m.waits).toBe('keep');
    expect(m.cuts).toEqual([]);
    expect(await countFrames(path.join(runDir, 'demo.mp4'))).toBe(frame(TITLE_SEC + 24));

    await composeAgain({ waits: 'assisted' });
    m = await readManifest(runDir);
    expect(m.waits).toBe('assisted');
    expect(m.cuts).toEqual([expect.objectContaining({ atSec: CUT.at, removedSec: CUT.removed, reason: 'assisted' })]);
    expect(await countFrames(path.join(runDir, 'demo.mp4'))).toBe(frame(TITLE_SEC + 24 - CUT.removed));
    const detail = await h.ok<RecordingDetail>('getRecording', { name: 'sample', runId });
    expect(detail).toMatchObject({ waits: 'assisted', cuts: [expect.objectContaining({ reason: 'assisted', stepId: 's1' })] });

    // Again without a choice: the one it was last composed with.
    await composeAgain({});
    expect((await readManifest(runDir)).waits).toBe('assisted');
    expect(await h.call('startCompose', { name: 'sample', runId, waits: 'some' })).toMatchObject({ ok: false, error: { issues: [{ field: 'waits' }] } });
  }, 300_000);
});
