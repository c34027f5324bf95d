// Proves how `record` reports a take: a broken one's findings and what to do, nothing more for a good one, and its --json.
import { describe, expect, it } from 'vitest';
import type { RecordResult } from '../../../app/recorder/record';
import { cutsLine, isBrokenTake, printBrokenTake, printResult } from '../../../scripts/cli/commands/record-output';
import type { CommandContext } from '../../../scripts/cli/command';
import { goodFrames } from '../../fixtures/checks/submission';
import { readFixtureManifest, TAKES } from '../../fixtures/video/takes';

function context(json = false) {
  const out: string[] = [];
  const err: string[] = [];
  const json_: unknown[] = [];
  const ctx = { json, out: (s: string) => out.push(s), err: (s: string) => err.push(s), outJson: (v: unknown) => json_.push(v) } as unknown as CommandContext;
  return { ctx, out, err, json: json_ };
}

async function result(frames: RecordResult['frames']): Promise<RecordResult> {
  const manifest = await readFixtureManifest(TAKES.broken.manifest);
  return { dir: '/data/recordings/sample/run', manifest, frames, files: { demo: '', captions: '', chapters: '', manifest: '', clips: {}, steps: [] } };
}

describe('record output', () => {
  it('warns of a broken take with each finding and what to do, after the files', async () => {
    const r = await result(
      goodFrames([
        {
          kind: 'underfill',
          laneId: 'webitel',
          fromSec: 7,
          toSec: 106,
          message: "The Webitel lane's page fills only the top-left part of its lane from 0:07 to 1:46",
        },
      ]),
    );
    const c = context();
    printResult(c.ctx, r);
    printBrokenTake(c.ctx, r);
    expect(isBrokenTake(r)).toBe(true);
    expect(c.out.join('\n')).toMatch(/video: {5}\/data\/recordings\/sample\/run\/demo\.mp4/);
    const warning = c.err.join('\n');
    expect(warning).toMatch(/WARNING: this take is broken; do not upload it\./);
    expect(warning).toMatch(/- The Webitel lane's page fills only the top-left part of its lane from 0:07 to 1:46\./);
    expect(warning).toMatch(/watch \/data\/recordings\/sample\/run\/demo\.mp4 at those times, then record again/);
  });

  it('says nothing more of a good take, or of one whose check could not run', async () => {
    for (const frames of [goodFrames(), null]) {
      const r = await result(frames);
      const c = context();
      printBrokenTake(c.ctx, r);
      expect(isBrokenTake(r)).toBe(false);
      expect(c.err).toEqual([]);
    }
  });

  it('gives the check in --json, ok false for a broken take', async () => {
    const c = context(true);
    printResult(c.ctx, await result(goodFrames([{ kind: 'blank', laneId: 'facebook', fromSec: 1, toSec: 20, message: 'x' }])));
    expect(c.json[0]).toMatchObject({ ok: false, frames: { ok: false, findings: [{ kind: 'blank' }] } });
  });

  it('says which waits the video shortened, and how to keep them', async () => {
    const r = await result(null);
    expect(cutsLine(r.manifest)).toBeNull();
    r.manifest.cuts = [
      { atSec: 42.5, removedSec: 12.3, fromMs: 1, toMs: 2, reason: 'assisted', stepId: 'admin-next' },
      { atSec: 70, removedSec: 4, fromMs: 3, toMs: 4, reason: 'wait', stepId: 'open-workspace' },
    ];
    const c = context();
    printResult(c.ctx, r);
    expect(c.out.join('\n')).toContain(
      '2 waits shortened, 16.3 s in all: your step "admin-next" at 0:42 (−12.3 s), a wait in "open-workspace" at 1:10 (−4.0 s) (--keep-waits keeps them)',
    );
    const j = context(true);
    printResult(j.ctx, r);
    expect((j.json[0] as { cuts: unknown[] }).cuts).toHaveLength(2);
  });
});
