import { defineConfig } from 'vitest/config';

/**
 * Tests that measure where a lane's pictures fall against the captions, in frames. On 2 cores
 * the pages and Chrome's capture fall behind when anything else runs: with two busy loops beside
 * record-animated, a step's picture came 16 and 22 frames after its caption (at most 11 alone),
 * past the measure's half-second window, and a page's second animation frame after a step came up
 * to 261 ms after it. That is the machine, not the composer, so these run last, one at a time,
 * with the CPU to themselves, as the bench does.
 */
const TIMING = ['test/integration/recorder/record-animated.test.ts', 'test/integration/recorder/record-still.test.ts'];

export default defineConfig({
  test: {
    // Integration tests drive real Chromium and ffmpeg on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          exclude: TIMING,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'timing', include: TIMING, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
