/**
 * Browser tests: playwright-core drives Debian's chromium against the BUILT app (`next start`) and a real API
 * (apps/api/dist/main.js) on free ports. Run with `npm run test:e2e -w @flowverify/web` after `npm run build`.
 * Missing chromium, a missing build or an API that does not start FAIL the suite with a clear message; nothing
 * is skipped.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  reporters: ['default', '<rootDir>/../../scripts/jest-summary-reporter.js'],
  testTimeout: 120000,
  maxWorkers: 1,
};
