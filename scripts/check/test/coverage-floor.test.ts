import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain .mjs (run by node after jest), no type declarations
import { linesByPackage } from '../coverage-floor.mjs';

const lines = (covered: number, total: number) => ({ lines: { covered, total, pct: 0 } });
const SUMMARY = {
  total: lines(70, 100),
  '/repo/packages/lake/src/a.ts': lines(30, 40),
  '/repo/packages/lake/src/b.ts': lines(10, 10),
  '/repo/functions/fn-x/src/index.ts': lines(5, 10),
  '/repo/scripts/build/zip.ts': lines(0, 40),
};

describe('coverage floor', () => {
  it('sums lines per workspace package and ignores files outside packages/ and functions/', () => {
    expect(linesByPackage(SUMMARY, '/repo')).toEqual([
      { pkg: 'functions/fn-x', covered: 5, total: 10, pct: 50 },
      { pkg: 'packages/lake', covered: 40, total: 50, pct: 80 },
    ]);
  });

  it('prints one line per package and fails when a package is below the floor', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coverage-'));
    const file = join(dir, 'coverage-summary.json');
    writeFileSync(file, JSON.stringify(Object.fromEntries(Object.entries(SUMMARY).map(([k, v]) => [k.replace('/repo', dir), v]))));
    const script = join(process.cwd(), 'scripts/check/coverage-floor.mjs');
    const passing = execFileSync(process.execPath, [script, '40', file], { cwd: dir, encoding: 'utf8' });
    expect(passing.trim().split('\n')).toEqual([
      'Line coverage per package (floor 40%):',
      '   50.0%      5/10     functions/fn-x',
      '   80.0%     40/50     packages/lake',
    ]);
    let failure: { status?: number; stdout?: string; stderr?: string } = {};
    try {
      execFileSync(process.execPath, [script, '60', file], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      failure = error as typeof failure;
    }
    expect(failure.status).toBe(1);
    expect(failure.stdout).toContain('50.0%      5/10     functions/fn-x  BELOW FLOOR');
    expect(failure.stderr).toContain('line coverage below 60%: functions/fn-x');
  });
});
