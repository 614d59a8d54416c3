// ts-jest in ESM mode: the project is "type": "module" and @actions/* are ESM-only.
//
// Three tiers (projects), `npm test` runs all of them:
//   unit     `npm run test:unit`     in-process, no sandbox server, no child process: seconds
//   sandbox  `npm run test:sandbox`  the local AWS/GitHub sandbox through the real SDK clients, the loader in
//                                    child processes (hardening corpus, fuzzing), the release scripts on
//                                    temp git repositories
//   e2e      `npm run test:e2e`      the bundle (dist/, bin/) spawned as the runner would, against the sandbox;
//                                    globalSetup rebuilds dist/ first when it is older than the sources
// A new test file is a unit test unless it lives in (or is listed as) one of the other tiers.
// No test asserts wall-clock time or heap size (a busy machine makes them flake): timeouts here are hang
// detectors, about ten times the typical duration; numbers belong to `npm run bench`.
const E2E = [
  '<rootDir>/__tests__/e2e/**/*.test.ts',
  '<rootDir>/__tests__/faults/**/*.test.ts',
  '<rootDir>/__tests__/hardening/action.test.ts',
  '<rootDir>/__tests__/hardening/cli.test.ts'
]
const SANDBOX = [
  '<rootDir>/__tests__/sandbox/**/*.test.ts',
  '<rootDir>/__tests__/auth/rate-limit.test.ts',
  '<rootDir>/__tests__/hardening/corpus.test.ts',
  '<rootDir>/__tests__/hardening/fuzz.test.ts',
  '<rootDir>/__tests__/release/**/*.test.ts'
]

const common = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { useESM: true, tsconfig: 'tsconfig.check.json', diagnostics: { ignoreCodes: [151002] } }
    ]
  }
}

export default {
  maxWorkers: 2,
  // A hang detector (a global option: projects cannot set it): typical tests take well under 6 s.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '<rootDir>/__tests__/(e2e|faults|sandbox|release)/',
        'rate-limit\\.test',
        'hardening/(action|cli|corpus|fuzz)\\.test'
      ]
    },
    { ...common, displayName: 'sandbox', testMatch: SANDBOX },
    { ...common, displayName: 'e2e', testMatch: E2E, globalSetup: '<rootDir>/__tests__/setup/fresh-dist.mjs' }
  ]
}
