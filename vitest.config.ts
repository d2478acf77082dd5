import { defineConfig } from 'vitest/config';
import LongestFirst from './test/sequencer.ts';

/** Files that replace modules with vi.mock: each needs a module graph of its own. */
const MOCKING = ['test/proof/mail-proof.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one file at a time on a 2-core
    // machine. The files mostly wait (servers starting, PostgreSQL, Chromium), so three run at
    // once; the closing note of the change has the figures.
    maxWorkers: 3,
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: MOCKING,
          // A worker imports the code once for all the files it runs, not once a file: the
          // files keep no state in shared modules (counters aside), and every store, app and
          // server is a test's own. src/http/routes on SQLite: 123 s isolated, 43 s shared
          // (imports 186 s → 37 s of the workers' time) on this project's 2-core CI machine.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: MOCKING } },
    ],
  },
});
