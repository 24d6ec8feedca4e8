import { availableParallelism } from 'node:os';

/** Native ESM jest: TypeScript stripped by swc, workspace packages resolved by pnpm symlinks. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  setupFiles: ['<rootDir>/scripts/polyfills.mjs'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript', importAttributes: true }, target: 'es2022', experimental: { keepImportAttributes: true } },
        module: { type: 'es6' },
      },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: [
    '<rootDir>/packages/*/test/**/*.test.ts',
    '<rootDir>/functions/*/test/**/*.test.ts',
    '<rootDir>/scripts/test/**/*.test.ts',
    '<rootDir>/scripts/*/test/**/*.test.ts',
    '<rootDir>/infra/test/**/*.test.ts',
  ],
  testTimeout: 60000,
  // One dynalite for the run, shared by every worker (suites take their own tables): scripts/test/global-dynalite.mjs.
  globalSetup: '<rootDir>/scripts/test/global-dynalite.mjs',
  globalTeardown: '<rootDir>/scripts/test/global-dynalite-teardown.mjs',
  // One worker per CPU the machine gives this process (suites spend most time in DuckDB and child processes, so
  // a worker per CPU keeps them busy); JEST_MAX_WORKERS overrides it, e.g. on a shared machine.
  maxWorkers: Number(process.env.JEST_MAX_WORKERS) || Math.max(2, availableParallelism()),
  // `--coverage` (make test): v8's own counters (works with native ESM, no instrumentation pass).
  coverageProvider: 'v8',
  // Fargate task entries (functions/*/src/task.ts) run only as processes (scripts/test/ndjson-convert-image.test.ts): v8 in jest cannot see them.
  collectCoverageFrom: ['<rootDir>/packages/*/src/**/*.ts', '<rootDir>/functions/*/src/**/*.ts', '!<rootDir>/functions/*/src/task.ts'],
  coverageReporters: ['text-summary', 'json-summary'],
  // The slowest suites at the end of every run (CI log); per-package coverage floor: scripts/check/coverage-floor.mjs.
  reporters: ['default', ['<rootDir>/scripts/check/slowest-suites-reporter.mjs', { slowest: 10 }]],
};
