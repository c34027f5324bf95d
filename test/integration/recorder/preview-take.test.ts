// Proves the UI's live previews do not change the take: the same pictures are recorded with previews as without.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LanePreviews } from '../../../app/api/lane-preview';
import { withPreviews } from '../../../app/api/record-job';
import { sampleProfile } from '../../../app/profile/sample';
import { chooseCapture } from '../../../app/recorder/capture/choose';
import { recordProfile, type RecordResult } from '../../../app/recorder/record';
import { readManifest } from '../../../app/recorder/run-folder';
import { frameRegion, probeVideo, stillPagesScenario, tools } from './helpers';

/**
 * The UI's live previews must not change the take. A recording from the app once came out with
 * every page drawn in the top-left 40 % of its lane: the preview's screenshot with a scaled clip
 * re-emulated the page while its screen was recorded. Two short recordings of pages with a
 * marker in each corner — one with previews taken all along, one without — must show the same
 * lane pictures, the corners included.
 */
const CORNERS = ['#e0102a', '#10a040', '#1050e0', '#f0a000'] as const;
const page = (label: string) =>
  'data:text/html,' +
  encodeURIComponent(
    `<!doctype html><body style="margin:0;background:#fff;font:32px sans-serif"><h1 style="margin:40px">${label}</h1>` +
      CORNERS.map(
        (c, i) => `<div style="position:fixed;${i < 2 ? 'top' : 'bottom'}:0;${i % 2 ? 'right' : 'left'}:0;width:120px;height:120px;background:${c}"></div>`,
      ).join('') +
      '</body>',
  );

const scenario = stillPagesScenario('Preview take', { left: page('Left lane'), right: page('Right lane') });

/**
 * `auto` records each lane from a screen of its own where Xvfb is (the preview then reads that
 * screen); a lane without one (Chrome's recorder here) is previewed with `Page.captureScreenshot`
 * of the page being recorded, the path that once changed the take: forced so that both are proven.
 */
const SCREENSHOT_METHOD = 'chrome-recorder';
const METHODS = ['auto', SCREENSHOT_METHOD] as const;

let data: string;
let autoMethod = '';
interface Pair {
  with: RecordResult;
  without: RecordResult;
  /** Preview pictures taken during the take with previews on. */
  pictures: number;
}
const pairs = new Map<string, Pair>();

async function take(method: string, withPreviewsOn: boolean, onPicture: () => void): Promise<RecordResult> {
  const previews = new LanePreviews(onPicture, { tools, intervalMs: 250 });
  try {
    return await recordProfile({
      profile: sampleProfile(),
      dataDir: path.join(data, method, withPreviewsOn ? 'with' : 'without'),
      sandbox: true,
      headless: true,
      scenario,
      captureMethod: method,
      skipStepPictures: true,
      ...(withPreviewsOn ? { wrapHooks: (hooks) => withPreviews(hooks, previews) } : {}),
    });
  } finally {
    await previews.stop();
  }
}

beforeAll(async () => {
  data = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-preview-take-'));
  autoMethod = (await chooseCapture('auto', { headless: true, tools }))[0]?.id ?? '';
  for (const method of METHODS) {
    // Where auto already takes the screenshot path, the forced case would record the same twice.
    if (method !== 'auto' && method === autoMethod) continue;
    let pictures = 0;
    const withOn = await take(method, true, () => pictures++);
    pairs.set(method, { with: withOn, without: await take(method, false, () => undefined), pictures });
  }
}, 600_000);

afterAll(async () => {
  await fs.rm(data, { recursive: true, force: true });
});

/** The mean colour of a square inside the lane picture, `inset` pixels from the named corner. */
async function cornerColour(file: string, sec: number, w: number, h: number, corner: number, size = 24, inset = 12): Promise<[number, number, number]> {
  const x = corner % 2 ? w - inset - size : inset;
  const y = corner < 2 ? inset : h - inset - size;
  const px = await frameRegion(file, sec, { x, y, w: size, h: size }, 'rgb24');
  const sum = [0, 0, 0];
  for (let i = 0; i < px.length; i += 3) for (let c = 0; c < 3; c++) sum[c]! += px[i + c]!;
  const n = px.length / 3;
  return [sum[0]! / n, sum[1]! / n, sum[2]! / n];
}

const hex = (c: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number];
const near = (a: readonly number[], b: readonly number[], tol: number) => a.every((v, i) => Math.abs(v - b[i]!) <= tol);

describe.each(METHODS)('live previews during a recording (capture %s)', (method) => {
  /** The pair recorded with this method, or a visible skip when auto already is the screenshot path. */
  const pairOf = (skip: (note: string) => never): Pair =>
    pairs.get(method) ?? skip(`auto already chose ${SCREENSHOT_METHOD} here: its case above records the screenshot path`);

  it('were taken all along the recording with previews on', ({ skip }) => {
    expect(pairOf(skip).pictures).toBeGreaterThan(4);
  });

  it("leave each lane's page filling its lane, corner to corner, as without previews", async ({ skip }) => {
    const pair = pairOf(skip);
    for (const t of [pair.with, pair.without]) {
      const m = await readManifest(t.dir);
      expect(m.status).toBe('done');
      for (const lane of m.lanes) {
        const file = path.join(t.dir, lane.capture!.file);
        // By the file's own length: on a loaded machine the grabber's last pictures may come short of its stop.
        const end = (await probeVideo(file)).duration;
        // Late in the take: the previews have been running for seconds.
        for (const sec of [end * 0.6, end - 0.5]) {
          for (const [i, c] of CORNERS.entries()) {
            const got = await cornerColour(file, sec, lane.capture!.width, lane.capture!.height, i);
            expect(
              near(got, hex(c), 40),
              `${path.basename(path.dirname(path.dirname(file)))}/${lane.id} corner ${i} at ${sec.toFixed(1)} s: ${got.map(Math.round).join(',')}`,
            ).toBe(true);
          }
        }
      }
    }
  });

  it('record the same pictures with previews as without', async ({ skip }) => {
    const pair = pairOf(skip);
    const [a, b] = await Promise.all([readManifest(pair.with.dir), readManifest(pair.without.dir)]);
    expect(a.lanes.map((l) => l.capture?.method)).toEqual(b.lanes.map((l) => l.capture?.method));
    // The method under test recorded every lane: auto's choice, or the forced one whose previews are page screenshots.
    const expected = method === 'auto' ? (autoMethod === 'display' ? 'display' : 'chrome-recorder') : method;
    expect(a.lanes.every((l) => l.capture?.method === expected)).toBe(true);
    for (const [i, la] of a.lanes.entries()) {
      const lb = b.lanes[i]!;
      expect([la.capture!.width, la.capture!.height]).toEqual([lb.capture!.width, lb.capture!.height]);
      const region = { x: 0, y: 0, w: la.capture!.width & ~1, h: la.capture!.height & ~1 };
      const fa = path.join(pair.with.dir, la.capture!.file);
      const fb = path.join(pair.without.dir, lb.capture!.file);
      const end = Math.min((await probeVideo(fa)).duration, (await probeVideo(fb)).duration);
      for (const sec of [end * 0.6, end - 0.5]) {
        const pa = await frameRegion(fa, sec, region, 'gray');
        const pb = await frameRegion(fb, sec, region, 'gray');
        let diff = 0;
        for (let k = 0; k < pa.length; k++) diff += Math.abs(pa[k]! - pb[k]!);
        // The same page in both: only the drawn cursor and anti-aliasing may differ.
        expect(diff / pa.length, `${la.id} at ${sec.toFixed(1)} s`).toBeLessThan(3);
      }
    }
  });
});
