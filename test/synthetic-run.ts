// A run folder's manifest made up for tests that compose or show a run without recording one (plain data, usable from vitest and Playwright).

type Size = { width: number; height: number };

/** A lane or popup capture record: the screen capture's file on the run clock. */
export const syntheticCapture = (file: string, startMs: number, endMs: number, size: Size) => ({
  method: 'display',
  file,
  startMs,
  endMs,
  ...size,
  frames: null,
  frameCount: null,
});

/** A manifest's fields besides its lanes, popups and timeline: a one-permission sandbox run started at `t0`. */
export function syntheticManifestHead(o: { runId: string; t0: number; status: 'recording' | 'done'; titleSec: number }) {
  return {
    manifestVersion: 1,
    runId: o.runId,
    profile: 'sample',
    createdAt: new Date(o.t0).toISOString(),
    updatedAt: new Date(o.t0).toISOString(),
    status: o.status,
    scenario: { hash: 'x', title: 'Cut' },
    title: { appName: 'Acme', gateway: 'Acme gateway', date: '2026-12-06', permissions: ['pages_show_list'] },
    permissions: ['pages_show_list'],
    canvas: { width: 1440, height: 810 },
    titleSec: o.titleSec,
  };
}
