/**
 * Runs the soda-core v3 conformance cases against the engine and reports the agreement:
 * one point per check whose outcome (and asserted value) is the one Soda Core gives.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuck, sqlPath } from '@medallion/duck';
import { scan } from '../../src/scan';
import type { CheckResult } from '../../src/results';
import { CORE_CASES, FILTER_CASES, REFERENCE_CASES } from './cases';
import { FOR_EACH_CASES, FRESHNESS_CASES, MISSING_INVALID_CASES, NUMERIC_TEXT_CASES } from './cases-metrics';
import { SCHEMA_CASES } from './cases-schema';
import { USER_DEFINED_CASES } from './cases-user-defined';
import { formatCases, formatRows } from './format-cases';
import { DIFFERENCE_CASES, KNOWN_DIFFERENCES } from './known-differences';
import { SODA_TEST_TABLES, tableSelect } from './soda-tables';
import type { Area, ConformanceCase, SodaOutcome } from './types';

export const ALL_CASES: ConformanceCase[] = [
  ...CORE_CASES,
  ...FILTER_CASES,
  ...REFERENCE_CASES,
  ...SCHEMA_CASES,
  ...MISSING_INVALID_CASES,
  ...NUMERIC_TEXT_CASES,
  ...FRESHNESS_CASES,
  ...FOR_EACH_CASES,
  ...USER_DEFINED_CASES,
  ...formatCases(),
  ...DIFFERENCE_CASES,
];

export interface Disagreement {
  id: string;
  check: number;
  expected: SodaOutcome;
  actual: SodaOutcome | 'missing';
  detail: string;
}

export interface ConformanceReport {
  checks: number;
  agreed: number;
  percent: number;
  byArea: Record<string, { checks: number; agreed: number }>;
  disagreements: Disagreement[];
}

/** The soda test tables (and the formats table) as parquet files in a temp dir. */
export async function writeSodaTables(): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'soda-conformance-'));
  const duck = await openDuck({ threads: 1 });
  const files: Record<string, string> = {};
  try {
    const selects: Record<string, string> = Object.fromEntries(SODA_TEST_TABLES.map((t) => [t.name, tableSelect(t)]));
    const rows = formatRows().map(([k, v]) => `(${k}, '${v.replace(/'/g, "''")}')`);
    selects.formats = `SELECT CAST(k AS INTEGER) AS k, CAST(v AS VARCHAR) AS v FROM (VALUES ${rows.join(', ')}) AS t(k, v)`;
    for (const [name, select] of Object.entries(selects)) {
      files[name] = join(dir, `${name}.parquet`);
      await duck.run(`COPY (${select}) TO ${sqlPath(files[name])} (FORMAT parquet)`);
    }
  } finally {
    duck.close();
  }
  return files;
}

const sodaOutcome = (c: CheckResult): SodaOutcome => (c.outcome === null || c.outcome === 'error' ? 'none' : c.outcome);

export async function runCase(c: ConformanceCase, tables: Record<string, string>): Promise<Disagreement[]> {
  const result = await scan({ checksYaml: [c.checks], tables, vars: c.vars, storeMetrics: false });
  const out: Disagreement[] = [];
  c.expect.forEach((expected, i) => {
    const check = result.checks[i];
    const actual = check ? sodaOutcome(check) : 'missing';
    const value = check?.diagnostics?.value;
    const wantValue = c.values?.[i];
    const valueOk = wantValue === undefined || (typeof value === 'number' && Math.abs(value - wantValue) < 1e-9);
    if (actual !== expected || !valueOk) {
      const reason = check?.outcomeReasons?.map((r) => r.message).join('; ') ?? '';
      const errors = result.logs.filter((l) => l.level === 'error').map((l) => l.message);
      out.push({
        id: c.id,
        check: i,
        expected,
        actual,
        detail: `${check?.name ?? '(no check)'} value=${JSON.stringify(value)}${valueOk ? '' : ` want ${wantValue}`} ${reason} ${errors.join(' | ')}`.trim(),
      });
    }
  });
  if (result.checks.length > c.expect.length) {
    out.push({
      id: c.id,
      check: c.expect.length,
      expected: 'none',
      actual: sodaOutcome(result.checks[c.expect.length] as CheckResult),
      detail: `${result.checks.length} checks, Soda has ${c.expect.length}`,
    });
  }
  return out;
}

export async function runConformance(cases: ConformanceCase[] = ALL_CASES): Promise<ConformanceReport> {
  const tables = await writeSodaTables();
  const byArea: Record<string, { checks: number; agreed: number }> = {};
  const disagreements: Disagreement[] = [];
  for (const c of cases) {
    const diffs = await runCase(c, tables);
    disagreements.push(...diffs);
    const area = (byArea[c.area as Area] ??= { checks: 0, agreed: 0 });
    area.checks += c.expect.length;
    area.agreed += c.expect.length - Math.min(diffs.length, c.expect.length);
  }
  const checks = Object.values(byArea).reduce((n, a) => n + a.checks, 0);
  const agreed = Object.values(byArea).reduce((n, a) => n + a.agreed, 0);
  return { checks, agreed, percent: Math.round((agreed * 10000) / checks) / 100, byArea, disagreements };
}

export function formatReport(r: ConformanceReport): string {
  const areas = Object.entries(r.byArea).map(([a, { checks, agreed }]) => `  ${a.padEnd(16)} ${agreed}/${checks}`);
  const known = (d: Disagreement) => KNOWN_DIFFERENCES.find((k) => k.id === d.id && k.check === d.check);
  const diffs = r.disagreements.map((d) => `  ${d.id} #${d.check}: Soda ${d.expected}, here ${d.actual} — ${known(d)?.why ?? `UNDOCUMENTED: ${d.detail}`}`);
  return [`SodaCL v3 conformance: ${r.agreed}/${r.checks} checks agree (${r.percent}%)`, ...areas, ...(diffs.length ? ['differences:', ...diffs] : [])].join(
    '\n',
  );
}
