import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Tests that measure where a lane's pictures fall against the captions, in frames. On 2 cores
 * the pages and Chrome's capture fall behind when anything else runs: with two busy loops beside
 * record-animated, a step's picture came 16 and 22 frames after its caption (at most 11 alone),
 * past the measure's half-second window, and a page's second animation frame after a step came up
 * to 261 ms after it. That is the machine, not the composer. So these run last and one at a time
 * on any machine (vitest runs files side by side where it has the cores for it: cores − 1
 * workers), and each starts its recording once the CPU is quiet, as the bench does.
 */
const TIMING = ['record-animated', 'record-still', 'record-display'].map((t) => `test/integration/recorder/${t}.test.ts`);

export default defineConfig({
  test: {
    // Integration tests drive real Chromium and ffmpeg on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // At least two files side by side, also on 2 cores: the browser tests mostly wait on their
    // pages (a release × consent run uses about a third of a core), and the suite passed whole
    // this way under a load average of 8–18. The timing project still runs one file at a time.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/reliability/**/*.test.ts'],
          exclude: TIMING,
          // Not 0: a project of one worker at group 0 is moved to run last, after 'timing'.
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: { name: 'timing', include: TIMING, fileParallelism: false, sequence: { groupOrder: 2 } },
      },
    ],
  },
});
