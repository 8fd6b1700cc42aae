/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  reporters: ['default', '<rootDir>/__tests__/summary-reporter.js'],
  // Two cores here; each worker that synthesizes stacks holds ~100 MB.
  maxWorkers: 2,
  testTimeout: 30000,
};
