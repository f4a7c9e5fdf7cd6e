import { readdirSync, readFileSync } from 'node:fs'
import { sep } from 'node:path'

import { defineConfig } from 'vitest/config'

// Three projects, one per test floor: `npm run test:unit` is the fast inner loop (pure code and
// main-process modules, no peers); integration tests start real local peers; e2e tests drive the
// built renderer in Chromium. `npm test` runs all three.
/** Unit test files that replace a module (vi.mock): they cannot share a module graph. */
const MOCKS_MODULES = readdirSync('test/unit', { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.test\.tsx?$/.test(f))
  .map((f) => `test/unit/${f.split(sep).join('/')}`)
  .filter((f) => /\bvi\.(do)?mock\(/.test(readFileSync(f, 'utf8')))

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Network-namespace tests change host state; files run in parallel but each cleans up after itself.
    pool: 'forks',
    projects: [
      // Unit files share one module graph (no per-file isolation: about three times faster);
      // files that replace a module with vi.mock need their own and run in 'unit:isolated'.
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          exclude: MOCKS_MODULES,
          pool: 'threads',
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'unit:isolated', include: MOCKS_MODULES, pool: 'threads' },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['test/integration/**/*.test.{ts,tsx}'] },
      },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.{ts,tsx}'] } },
    ],
  },
})
