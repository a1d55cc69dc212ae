/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // CI's smoke run on the embedded Postgres (FLOWVERIFY_TEST_SMOKE=1): start-up, seed, import and verification —
  // the paths where the embedded database differs from a server. The whole suite runs on both via `npm test`.
  ...(process.env.FLOWVERIFY_TEST_SMOKE
    ? { testMatch: ['**/src/test/{startup,seed,import,verify}.test.ts'] }
    : {}),
  // Integration tests talk to a real database (an embedded PGlite without DATABASE_URL): give each test room on a
  // busy 2-core machine instead of jest's 5 s.
  testTimeout: 30_000,
  reporters: ['default', '<rootDir>/../../scripts/jest-summary-reporter.js'],
};
