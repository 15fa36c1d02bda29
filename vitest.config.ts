import { cloudflareTest } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // The gateway logs a line per request; show it only for tests that fail.
    silent: 'passed-only',
    projects: [
      {
        // Worker code runs where it ships: inside workerd.
        plugins: [
          cloudflareTest({
            main: './worker/index.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                CODEX_SHIM_BIND_HOST: '127.0.0.1',
                CODEX_SHIM_ALLOWED_HOSTS: 'gateway.test',
                CODEX_SHIM_HOST_SECRET: 'worker-test-host-secret',
                CODEX_SHIM_ACCESS_TOKEN: 'worker-test-gateway-token',
              },
            },
          }),
        ],
        test: { name: 'worker', include: ['test/worker/**/*.test.ts'] },
      },
      {
        test: {
          name: 'node',
          include: [
            'test/shared/**/*.test.ts',
            'test/cli/**/*.test.ts',
            'test/kit/**/*.test.ts',
            'test/e2e/**/*.test.ts',
            'test/repo/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Real headless Chromium (Debian's package, driven by playwright-core) against the built gateway.
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
