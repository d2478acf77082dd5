import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one file at a time on a 2-core
    // machine. The files mostly wait (servers starting, PostgreSQL, Chromium), so three run at
    // once; the closing note of the change has the figures.
    maxWorkers: 3,
  },
});
