// Proves composing a recorded run again: what a missing, killed or cancelled ffmpeg and a full disk leave, and that unchanged segments are kept (also in a moved folder).
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../../app/common/errors';
import { recompose } from '../../../app/recorder/compose/compose';
import { readManifest, writeManifest } from '../../../app/recorder/run-folder';
import type { TimelineEvent } from '../../../app/recorder/timeline';
import { childFfmpegPids, decodeErrors, writeColourRun } from './helpers';

/**
 * A recorded run that was never composed: two lanes of real video whose colours change, four
 * scenes (so several segments), as the recorder leaves it. Composing it again is what `compose
 * RUN_FOLDER` and the app's Compose again do; nothing here depends on how it was recorded.
 */
const T = 1_700_000_000_000;
const W = 480;
const H = 540;
const SCENES = ['login', 'connect', 'consent', 'reply'];
const step = (ms: number, index: number, laneId: string, caption: string, sceneId: string): TimelineEvent[] => [
  { type: 'step-started', t: T + ms, index, stepId: `s${index}`, sceneId, laneId, action: 'click', caption },
  { type: 'step-succeeded', t: T + ms + 800, index, stepId: `s${index}`, durationMs: 800 },
];
const timeline: TimelineEvent[] = [
  { type: 'run-started', t: T },
  { type: 'url-changed', t: T, laneId: 'webitel', url: 'https://webitel.localhost/admin', popup: false },
  { type: 'url-changed', t: T, laneId: 'messenger', url: 'https://facebook.localhost/', popup: false },
  ...SCENES.flatMap((sceneId, i): TimelineEvent[] => [
    { type: 'scene-started', t: T + 500 + i * 6000, sceneId, title: `Scene ${i + 1}`, permissions: ['pages_show_list'] },
    ...step(600 + i * 6000, 2 * i, 'webitel', `The administrator does step ${2 * i + 1}.`, sceneId),
    ...step(3000 + i * 6000, 2 * i + 1, 'messenger', `The customer does step ${2 * i + 2}.`, sceneId),
  ]),
  { type: 'run-finished', t: T + 24_000, status: 'passed' },
];

let data: string;
let run: string;

beforeAll(async () => {
  data = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-compose-again-'));
  run = path.join(data, 'recorded');
  await writeColourRun(run, {
    runId: 'recorded',
    t0: T,
    titleSec: 1,
    endMs: 24_000,
    size: { width: W, height: H },
    lanes: [
      {
        id: 'webitel',
        title: 'Webitel — administrator',
        colours: [
          ['navy', 6],
          ['teal', 6],
          ['olive', 6],
          ['maroon', 6],
        ],
      },
      {
        id: 'messenger',
        title: 'Facebook — customer',
        colours: [
          ['gray', 12],
          ['white', 12],
        ],
      },
    ],
    timeline,
  });
}, 60_000);

afterAll(async () => {
  await fs.rm(data, { recursive: true, force: true });
});

/** The run as recorded, copied (or its lane files linked) to `dest`. */
async function copyRun(dest: string, opts: { linkLanes?: boolean } = {}): Promise<string> {
  await fs.mkdir(path.join(dest, 'lanes'), { recursive: true });
  await fs.copyFile(path.join(run, 'manifest.json'), path.join(dest, 'manifest.json'));
  for (const f of await fs.readdir(path.join(run, 'lanes'))) {
    if (opts.linkLanes) await fs.symlink(path.join(run, 'lanes', f), path.join(dest, 'lanes', f));
    else await fs.copyFile(path.join(run, 'lanes', f), path.join(dest, 'lanes', f));
  }
  return dest;
}

describe('compose failures', () => {
  it('ffmpeg missing: a clear error, the run marked failed, no video listed', async () => {
    const dir = await copyRun(path.join(data, 'copy-missing'));
    const err = await recompose(dir, { ffmpegPath: '/nonexistent/ffmpeg' }).catch((e: unknown) => e);
    expect(isUserError(err) && err.message).toMatch(/ffmpeg was not found at \/nonexistent\/ffmpeg/);
    const m = await readManifest(dir);
    expect(m.status).toBe('failed');
    expect(m.error?.message).toMatch(/not found/);
    expect(m.files.demo).toBeNull();
  });

  it('ffmpeg killed mid-compose: failed with the stderr tail, nothing half-written presented', async () => {
    const dir = await copyRun(path.join(data, 'copy-killed'));
    // Every report kills what runs then: one sweep can fall between two segments' processes.
    let kills = 0;
    const killAll = async () => {
      for (const p of await childFfmpegPids()) {
        try {
          process.kill(p, 'SIGKILL');
          kills++;
        } catch {
          // ended meanwhile
        }
      }
    };
    const err = await recompose(dir, {
      skipStepPictures: true,
      onProgress: (stage, f) => {
        if (stage === 'compose' && f > 0) void killAll();
      },
    }).catch((e: unknown) => e);
    expect(kills).toBeGreaterThan(0);
    expect(isUserError(err) && err.message).toMatch(/(composing|joining) the video.*failed/);
    const m = await readManifest(dir);
    expect(m.status).toBe('failed');
    expect(m.error?.stage).toBe('compose');
    expect(m.files.demo).toBeNull();
    await expect(fs.access(path.join(dir, 'demo.mp4'))).rejects.toThrow();
    // the lane recordings (the evidence) are still there
    expect((await fs.readdir(path.join(dir, 'lanes'))).length).toBe(2);
  });

  it('cancel mid-compose: the run is marked cancelled', async () => {
    const dir = await copyRun(path.join(data, 'copy-cancel'));
    const ac = new AbortController();
    const err = await recompose(dir, { signal: ac.signal, skipStepPictures: true, onProgress: (s, f) => s === 'compose' && f > 0 && ac.abort() }).catch(
      (e: unknown) => e,
    );
    expect(isUserError(err) && err.kind).toBe('cancelled');
    expect((await readManifest(dir)).status).toBe('cancelled');
    expect(await childFfmpegPids()).toEqual([]);
  });

  it('a full disk: failed, with a hint about space, no video listed', async (t) => {
    const mnt = path.join(data, 'small-disk');
    await fs.mkdir(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', mnt]);
    } catch (e) {
      // Said as a skip with its reason, not passed.
      return t.skip(`a full disk needs a size-limited tmpfs, which needs root: ${(e as Error).message.split('\n')[0]}`);
    }
    try {
      const dir = await copyRun(path.join(mnt, 'run'), { linkLanes: true });
      const err = await recompose(dir, { skipStepPictures: true }).catch((e: unknown) => e);
      expect(isUserError(err)).toBe(true);
      expect(isUserError(err) && `${err.message} ${err.hint}`).toMatch(/No space left on device|disk is full|ENOSPC/i);
      const m = await readManifest(dir);
      expect(m.status).toBe('failed');
      expect(m.error?.stage).toBe('compose');
      expect(m.files.demo).toBeNull();
      await expect(fs.access(path.join(dir, 'demo.mp4'))).rejects.toThrow();
      // Nothing half-written is left holding the space; the lane recordings (the evidence) stay.
      const left = (await fs.readdir(dir, { recursive: true })).map(String);
      expect(left.filter((f) => /\.partial|\.tmp$/.test(f))).toEqual([]);
      expect(left).toEqual(expect.arrayContaining([path.join('lanes', 'webitel.mkv'), path.join('lanes', 'messenger.mkv')]));
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});

describe('composing again', () => {
  it('keeps every segment when nothing changed (also once the run folder is moved), and redoes only the segment a caption fix touches', async () => {
    const dir = await copyRun(path.join(data, 'copy-again'));
    await recompose(dir, { skipStepPictures: true });
    const stamp = async (folder = dir): Promise<Record<string, number>> => {
      const segDir = path.join(folder, 'segments');
      const files = (await fs.readdir(segDir)).filter((f) => f.endsWith('.mp4')).sort();
      return Object.fromEntries(await Promise.all(files.map(async (f) => [f, (await fs.stat(path.join(segDir, f))).mtimeMs] as const)));
    };
    const first = await stamp();
    expect(Object.keys(first).length).toBeGreaterThan(3);
    await recompose(dir, { skipStepPictures: true });
    expect(await stamp()).toEqual(first);

    const m = await readManifest(dir);
    const last = [...m.timeline].reverse().find((e) => e.type === 'step-started');
    if (last?.type !== 'step-started') throw new Error('no step');
    last.caption = 'A better caption';
    await writeManifest(dir, m);
    await recompose(dir, { skipStepPictures: true });
    const after = await stamp();
    const names = Object.keys(first);
    expect(Object.keys(after)).toEqual(names);
    expect(names.filter((k) => after[k] !== first[k])).toEqual([names.at(-1)]);
    expect(await fs.readFile(path.join(dir, 'captions.srt'), 'utf8')).toContain('A better caption');
    expect(await decodeErrors(path.join(dir, 'demo.mp4'))).toBe('');

    // Moved elsewhere (as support staff copy a run off a server): what the keys name moved with them.
    const moved = path.join(data, 'moved', 'copy-again');
    await fs.mkdir(path.dirname(moved));
    await fs.rename(dir, moved);
    await recompose(moved, { skipStepPictures: true });
    expect(await stamp(moved)).toEqual(after);
    expect(await decodeErrors(path.join(moved, 'demo.mp4'))).toBe('');
  });
});
