/**
 * Unit tests only (pure helpers, no browser, no server). The browser suite lives in e2e/ and runs with
 * `npm run test:e2e` (jest.e2e.config.js).
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/components', '<rootDir>/graphql', '<rootDir>/app'],
  testPathIgnorePatterns: ['/node_modules/', '/.next/', '/e2e/', '/src/gql/'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { transform: { react: { runtime: 'automatic' } } } }],
  },
  reporters: ['default', '<rootDir>/../../scripts/jest-summary-reporter.js'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/$1', '\\.(css)$': '<rootDir>/src/test/style-stub.js' },
};
