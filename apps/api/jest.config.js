/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Integration tests talk to a real database (an embedded PGlite without DATABASE_URL): give each test room on a
  // busy 2-core machine instead of jest's 5 s.
  testTimeout: 30_000,
  reporters: ['default', '<rootDir>/../../scripts/jest-summary-reporter.js'],
};
