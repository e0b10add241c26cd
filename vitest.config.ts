import { defineConfig } from 'vitest/config';

// Integration and browser tests start local servers, SQLite files and Chromium: give them room, and keep
// the worker count at the machine's two cores.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
