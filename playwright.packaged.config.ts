import { defineConfig } from '@playwright/test';

// The packaged desktop app (release workflow only): `PACKAGED_APP=<binary> npx playwright test -c playwright.packaged.config.ts`.
export default defineConfig({
  testDir: 'test/packaged',
  outputDir: 'test-results/packaged',
  timeout: 900_000,
  workers: 1,
  reporter: process.env.CI ? 'line' : 'list',
});
