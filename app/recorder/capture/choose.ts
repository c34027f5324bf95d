// The registered capture methods, and which of them a run uses: adding a method is one module and one line in CAPTURE_METHODS.
import { UserError } from '../../common/errors';
import { chromeRecorder } from './chrome-recorder';
import { displayCapture } from './display';
import type { CaptureMethod, Machine, Unavailable } from './method';
import { screencast } from './screencast';

/** Every capture method, in the order `auto` prefers them (the screen capture keeps the most distinct frames: BENCHMARKS.md). */
export const CAPTURE_METHODS: readonly CaptureMethod[] = [displayCapture, chromeRecorder, screencast];

export const CAPTURE_METHOD_IDS: readonly string[] = CAPTURE_METHODS.map((m) => m.id);

/**
 * The methods a run may record its lanes with, in order: each lane is recorded by the first
 * that starts for it. `auto` is every registered method that can run on this machine (a method
 * may still refuse a lane as it starts, such as a browser without Chrome's recorder); a named
 * method is that one alone, or an error saying why it cannot run here.
 */
export function decideCapture(
  requested: string,
  unavailable: ReadonlyMap<string, Unavailable | null>,
  methods: readonly CaptureMethod[] = CAPTURE_METHODS,
): CaptureMethod[] {
  if (requested === 'auto') return methods.filter((m) => !unavailable.get(m.id));
  const method = methods.find((m) => m.id === requested);
  if (!method) {
    throw new UserError('usage', `--capture must be auto, ${methods.map((m) => m.id).join(', ')}, not "${requested}"`, {
      hint: 'leave --capture out to let the recorder choose',
    });
  }
  const why = unavailable.get(method.id);
  if (why) throw new UserError(why.kind, why.message, { hint: why.hint });
  return [method];
}

/** decideCapture with what this machine has (each method asked only when it could be chosen). */
export async function chooseCapture(requested: string, machine: Machine, methods: readonly CaptureMethod[] = CAPTURE_METHODS): Promise<CaptureMethod[]> {
  const asked = methods.filter((m) => requested === 'auto' || m.id === requested);
  const answers = await Promise.all(asked.map(async (m) => [m.id, await m.unavailable(machine)] as const));
  return decideCapture(requested, new Map(answers), methods);
}
