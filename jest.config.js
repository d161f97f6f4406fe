/** Unit specs live next to the code; end-to-end and security suites under test/ use the real stack. */
const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  moduleNameMapper: { '^@judgebox/(.*)$': '<rootDir>/libs/$1/src' },
};
module.exports = {
  // A global option: jest ignores testTimeout inside a project. Unit specs finish in milliseconds anyway.
  testTimeout: 120000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      // Names the run and, at its end, deletes every Redis key its tests wrote (test/support/prefix.ts).
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
