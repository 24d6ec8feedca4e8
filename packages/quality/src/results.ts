/**
 * Scan results in Soda Core's shape (Scan.build_scan_results / Check.get_dict with the
 * cloud diagnostics), plus what a gate needs: exit code, failed-row samples, scan counts.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { stringify } from 'yaml';
import type { Row } from '@medallion/duck';
import type { QueryLog } from './queries';
import type { CheckCfg, Location, Outcome } from './types';

export interface FailedRowsSample {
  columns: string[];
  rows: Row[];
  totalRowCount: number;
  storedRowCount: number;
}

export interface Diagnostics {
  value: number | null;
  fail?: Record<string, number>;
  warn?: Record<string, number>;
  failedRows?: FailedRowsSample;
  [extra: string]: unknown;
}

export interface CheckResult {
  identity: string;
  name: string;
  /** Soda's cloud check type: "generic" for metric checks, "schema", … */
  type: string;
  /** Which SodaCL construct this is. */
  kind: 'metric' | 'change' | 'anomaly' | 'freshness' | 'schema' | 'reference' | 'failed_rows' | 'user_metric' | 'row_count_comparison';
  definition: string;
  location: Location;
  dataSource: string;
  table: string | null;
  filter: string | null;
  column: string | null;
  metrics: string[];
  /** null = not evaluated (e.g. no history yet for change/anomaly checks), as in Soda. */
  outcome: Outcome | null;
  outcomeReasons: { code: string; message: string; severity: 'error' | 'warn' | 'info' }[];
  diagnostics: Diagnostics;
}

export interface LogEntry {
  level: 'error' | 'warning' | 'info';
  message: string;
  location?: Location;
  timestamp: string;
}

export interface ScanResult {
  definitionName: string | null;
  defaultDataSource: string;
  dataTimestamp: string;
  scanStartTimestamp: string;
  scanEndTimestamp: string;
  hasErrors: boolean;
  hasWarnings: boolean;
  hasFailures: boolean;
  metrics: { identity: string; metricName: string; value: unknown; dataSourceName: string }[];
  checks: CheckResult[];
  queries: QueryLog[];
  logs: LogEntry[];
  /** 0 all pass · 1 warnings · 2 failures · 3 errors (Soda's exit codes). */
  exitCode: 0 | 1 | 2 | 3;
  counts: { pass: number; warn: number; fail: number; error: number; notEvaluated: number };
  /** SQL statements that read each dataset to compute its metrics (the goal is 1 each). */
  scans: { metricStatementsPerDataset: Record<string, number>; totalQueries: number };
  runTs: string;
}

export function checkIdentity(check: CheckCfg, dataSource: string): string {
  const cfg = { ...(check.configurations ?? {}) };
  for (const k of ['name', 'samples limit', 'identity', 'attributes']) delete cfg[k];
  const sorted = Object.fromEntries(Object.entries(cfg).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha1')
    .update(JSON.stringify([check.header, check.line, sorted, dataSource, basename(check.location.filePath)]))
    .digest('hex')
    .slice(0, 16);
}

/** Soda's Check.name: the given name, else the line plus the warn/fail configuration. */
export function checkName(check: CheckCfg): string {
  if (check.name) return check.name;
  let name = check.line;
  const cfg = check.configurations ?? {};
  if (typeof cfg.warn === 'string') name += ` warn ${cfg.warn}`;
  if (typeof cfg.fail === 'string') name += ` fail ${cfg.fail}`;
  return name;
}

export function checkDefinition(check: CheckCfg): string {
  if (check.configurations) return stringify({ [check.header]: [{ [check.line]: check.configurations }] }).trimEnd();
  return `${check.header}:\n  ${check.line}`;
}

export function exitCodeOf(checks: CheckResult[], errorLogs: number): 0 | 1 | 2 | 3 {
  if (errorLogs > 0 || checks.some((c) => c.outcome === 'error')) return 3;
  if (checks.some((c) => c.outcome === 'fail')) return 2;
  if (checks.some((c) => c.outcome === 'warn')) return 1;
  return 0;
}

export function countOutcomes(checks: CheckResult[]): ScanResult['counts'] {
  const counts = { pass: 0, warn: 0, fail: 0, error: 0, notEvaluated: 0 };
  for (const c of checks) {
    if (c.outcome === null) counts.notEvaluated++;
    else counts[c.outcome]++;
  }
  return counts;
}
