/**
 * Jest reporter for CI: lists the slowest suites, so a pipeline that makes `make test` slow is visible in the log.
 * Options (jest.config.js): { slowest: number }. Plain .mjs: jest loads reporters before any transform.
 */
import { relative } from 'node:path';

export default class SlowestSuitesReporter {
  constructor(globalConfig, options = {}) {
    this.rootDir = globalConfig.rootDir;
    this.slowest = options.slowest ?? 10;
  }

  onRunComplete(_contexts, results) {
    const suites = results.testResults
      .map((r) => ({ file: relative(this.rootDir, r.testFilePath), seconds: (r.perfStats.end - r.perfStats.start) / 1000 }))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, this.slowest);
    const lines = suites.map((s) => `  ${s.seconds.toFixed(1).padStart(6)} s  ${s.file}`);
    process.stderr.write(`\nSlowest ${suites.length} suites:\n${lines.join('\n')}\n`);
  }
}
