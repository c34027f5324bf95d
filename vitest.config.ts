import { defineConfig } from 'vitest/config';

/**
 * Tests that measure where a lane's pictures fall against the captions, in frames. Chrome's
 * recorder stamps a frame when its page has drawn it, and on a 2-core machine a page drawn beside
 * another test's browsers and ffmpeg draws up to 0.7 s late (22 frames, measured with two busy
 * loops beside it): that is the machine, not the composer. They run last, one at a time, with the
 * CPU to themselves, as the bench does.
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
