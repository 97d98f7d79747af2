import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['apps/server/test/support/global-setup.ts', 'apps/web/test/web-build-folder.ts'],
    // A poll waits for a browser or a background job; on a busy 2-core machine they can take seconds.
    expect: { poll: { timeout: 15_000 } },
  },
});
