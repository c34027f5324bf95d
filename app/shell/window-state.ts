// Remembers the main window's size and place between launches, and keeps it on a screen that still exists.
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../common/atomic-write';

/** The main window's size and place, kept in `<userData>/window-state.json`. */
export const WindowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(640).max(10_000),
  height: z.number().int().min(480).max(10_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A missing or broken file just means "use the defaults". */
export async function loadWindowState(file: string): Promise<WindowState> {
  try {
    const r = WindowStateSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
    return r.success ? r.data : DEFAULT_WINDOW_STATE;
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(WindowStateSchema.parse(state), null, 2) + '\n', 0o644);
}

/**
 * Drops a remembered position that no display shows any more (a monitor was unplugged),
 * so the window never opens off-screen.
 */
export function fitToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  if (state.x === undefined || state.y === undefined) return state;
  const { x, y } = state;
  const visible = workAreas.some((a) => x + 100 <= a.x + a.width && x + state.width - 100 >= a.x && y >= a.y && y + 40 <= a.y + a.height);
  if (visible) return state;
  return { width: state.width, height: state.height, maximized: state.maximized };
}
