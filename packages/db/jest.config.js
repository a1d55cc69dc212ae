/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // The generated Prisma client imports its siblings with .js suffixes (nodenext); map them to the .ts sources.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Each file starts its own database (an embedded in-memory one takes a few seconds to initialise).
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/../../scripts/jest-summary-reporter.js'],
};
