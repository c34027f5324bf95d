// Proves the window's size and place are remembered, fall back to defaults when damaged, and stay on an existing display.
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, fitToDisplays, loadWindowState, saveWindowState } from '../../../app/shell/window-state';

const dir = await mkdtemp(path.join(os.tmpdir(), 'ra-win-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('window state', () => {
  it('remembers size and position across launches', async () => {
    const f = path.join(dir, 'window-state.json');
    await saveWindowState(f, { x: 40, y: 50, width: 1300, height: 900, maximized: true });
    expect(await loadWindowState(f)).toEqual({ x: 40, y: 50, width: 1300, height: 900, maximized: true });
    expect(JSON.parse(await readFile(f, 'utf8')).width).toBe(1300);
  });

  it('falls back to the defaults for a missing or damaged file', async () => {
    expect(await loadWindowState(path.join(dir, 'none.json'))).toEqual(DEFAULT_WINDOW_STATE);
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, '{"width": 10');
    expect(await loadWindowState(bad)).toEqual(DEFAULT_WINDOW_STATE);
    await writeFile(bad, '{"width": 10, "height": 10}');
    expect(await loadWindowState(bad)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('drops a position no display shows any more', () => {
    const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(fitToDisplays({ x: 100, y: 100, width: 1200, height: 800, maximized: false }, screen)).toMatchObject({ x: 100, y: 100 });
    const off = fitToDisplays({ x: 3000, y: 100, width: 1200, height: 800, maximized: false }, screen);
    expect(off.x).toBeUndefined();
    expect(off.width).toBe(1200);
  });
});
