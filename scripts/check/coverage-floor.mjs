/**
 * One line-coverage line per workspace package from jest's coverage/coverage-summary.json (`jest --coverage`),
 * exiting 1 when a package is below the floor. Why this floor: docs/CONTRIBUTING.md.
 *
 * Usage: node scripts/check/coverage-floor.mjs [floorPercent=80] [summary=coverage/coverage-summary.json]
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const DEFAULT_FLOOR = 80;

/** `packages/lake/src/x.ts` -> `packages/lake`; files outside a workspace package are not counted. */
export function packageOf(file) {
  return /^(packages|functions)\/[^/]+/.exec(file)?.[0];
}

/** Per package, sorted by name: covered and total lines and the percentage, from jest's json-summary. */
export function linesByPackage(summary, rootDir) {
  const byPackage = new Map();
  for (const [file, entry] of Object.entries(summary)) {
    if (file === 'total') continue;
    const pkg = packageOf(relative(rootDir, file));
    if (!pkg) continue;
    const sum = byPackage.get(pkg) ?? { covered: 0, total: 0 };
    sum.covered += entry.lines.covered;
    sum.total += entry.lines.total;
    byPackage.set(pkg, sum);
  }
  return [...byPackage]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([pkg, { covered, total }]) => ({ pkg, covered, total, pct: total ? (100 * covered) / total : 100 }));
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const floor = Number(process.argv[2] ?? DEFAULT_FLOOR);
  const summary = JSON.parse(readFileSync(process.argv[3] ?? 'coverage/coverage-summary.json', 'utf8'));
  const rows = linesByPackage(summary, process.cwd());
  console.log(`Line coverage per package (floor ${floor}%):`);
  for (const r of rows) {
    console.log(
      `  ${r.pct.toFixed(1).padStart(5)}%  ${String(r.covered).padStart(5)}/${String(r.total).padEnd(5)}  ${r.pkg}${r.pct < floor ? '  BELOW FLOOR' : ''}`,
    );
  }
  const below = rows.filter((r) => r.pct < floor).map((r) => r.pkg);
  if (below.length) {
    console.error(`line coverage below ${floor}%: ${below.join(', ')}`);
    process.exit(1);
  }
}
