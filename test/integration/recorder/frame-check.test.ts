// Proves the frame check finds the lanes where the composer put them and catches broken, blank and frozen takes.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockOf, planComposition } from '../../../app/recorder/compose/compose';
import { resolveFfmpegTools } from '../../../app/media/tools';
import { inspectRun, videoPlanOf } from '../../../app/recorder/inspect/inspect-video';
import { readManifest } from '../../../app/recorder/run-folder';
import { TAKES, cutRunFolder, makeLaneVideo, readFixtureManifest, type LaneShows } from '../../fixtures/video/takes';

const tools = resolveFfmpegTools();
let tmp: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'frame-check-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function check(dir: string) {
  return inspectRun(dir, await readManifest(dir), { tools });
}

describe('the frame check on real takes', () => {
  it('places the lanes where the composer put them (1920×1080: webitel at 14,96, facebook at 968,96, 940×828, in quarter-size pixels)', async () => {
    const dir = await cutRunFolder(path.join(tmp, 'plan'), TAKES.good);
    const plan = videoPlanOf(dir, await readManifest(dir));
    expect([plan.width, plan.height]).toEqual([480, 270]);
    expect(plan.lanes.map((l) => [l.id, l.box])).toEqual([
      ['webitel', { x: 5, y: 25, w: 232, h: 205 }],
      ['facebook', { x: 243, y: 25, w: 233, h: 205 }],
    ]);
  });

  it('places them as the composer does on the 1440×810 canvas too, inside its lane pictures', async () => {
    const m = await readFixtureManifest(TAKES.good.manifest);
    m.canvas = { width: 1440, height: 810 };
    const plan = videoPlanOf('/unused', m);
    const layout = planComposition('/unused', m, clockOf(m)).layout;
    expect([plan.width, plan.height]).toEqual([360, 202]);
    plan.lanes.forEach((l, i) => {
      const pic = layout.lanes[i]!.picture;
      expect(l.box.x / (plan.width / 1440)).toBeGreaterThanOrEqual(pic.x);
      expect((l.box.x + l.box.w) / (plan.width / 1440)).toBeLessThanOrEqual(pic.x + pic.w);
      expect((l.box.y + l.box.h) / (plan.height / 810)).toBeLessThanOrEqual(pic.y + pic.h);
      expect(l.box.w).toBeGreaterThan((pic.w * plan.width) / 1440 - 4);
    });
  });

  it('fails the broken take (made with the live previews on): both lanes drawn in their top-left corner', async () => {
    const r = await check(await cutRunFolder(path.join(tmp, 'broken'), TAKES.broken));
    expect(r.ok).toBe(false);
    expect(r.samples).toBeGreaterThanOrEqual(15);
    const underfill = r.findings.filter((f) => f.kind === 'underfill');
    expect(underfill.map((f) => f.laneId).sort()).toEqual(['facebook', 'webitel']);
    for (const f of underfill) expect(f.toSec - f.fromSec).toBeGreaterThan(5);
    expect(underfill.find((f) => f.laneId === 'webitel')?.message).toMatch(
      /^The Webitel lane's page fills only the top-left part of its lane from 0:0\d to 0:0\d/,
    );
    expect(r.findings.filter((f) => f.kind !== 'underfill')).toEqual([]);
  });

  it('passes the good take of the same moment', async () => {
    const r = await check(await cutRunFolder(path.join(tmp, 'good'), TAKES.good));
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.video).toMatchObject({ file: 'demo.mp4', sizeBytes: (await fs.stat(TAKES.good.video)).size });
  });
});

describe('the frame check on made-up lane videos', () => {
  // The good run from 75 s: both lanes show pages, the customer's steps (fill, fill, click, fill) act on the right lane.
  const FROM = 75;
  async function made(name: string, lanes: LaneShows[], o: { stillFromSec?: number } = {}) {
    const m = await readFixtureManifest(TAKES.good.manifest);
    const video = path.join(tmp, `${name}.mp4`);
    await makeLaneVideo(video, { seconds: 10, lanes, laneSize: { width: 940, height: 828 }, ...o });
    return check(await cutRunFolder(path.join(tmp, name), { video, manifest: m, fromSec: FROM }));
  }

  it('finds nothing in lanes that change every frame', async () => {
    expect((await made('moving', ['moving', 'moving'])).findings).toEqual([]);
  });

  it('finds a lane blank for its whole 10 s (and says so once, not also as frozen)', async () => {
    const r = await made('blank', ['moving', 'blank']);
    expect(r.findings.map((f) => [f.kind, f.laneId])).toEqual([['blank', 'facebook']]);
    expect(r.findings[0]!.message).toMatch(/^The Facebook Messenger lane shows a blank page \(one flat colour\) from 0:00 to 0:(09|10)$/);
  });

  it('finds a lane whose picture stands still while the customer steps act on it', async () => {
    const r = await made('still-lane', ['moving', 'still']);
    expect(r.findings.map((f) => [f.kind, f.laneId])).toEqual([['frozen', 'facebook']]);
    expect(r.findings[0]!.steps).toBeGreaterThanOrEqual(2);
  });

  it('finds the whole video standing still while steps start', async () => {
    const r = await made('still-video', ['moving', 'moving'], { stillFromSec: 2 });
    const whole = r.findings.find((f) => f.kind === 'video-frozen');
    expect(whole).toMatchObject({ laneId: null });
    expect(whole!.fromSec).toBeLessThanOrEqual(2.5);
    expect(whole!.message).toMatch(/^The video stands still from 0:0[12] to 0:(09|10), while \d steps start$/);
  });
});
