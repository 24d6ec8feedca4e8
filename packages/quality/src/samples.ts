/**
 * Failed-row samples, fetched only for checks that warn or fail (Soda samples whenever a
 * count is > 0; a gate only needs them when it stops the pipeline). Capped by `samples limit`
 * (default 100, like Soda's DEFAULT_SAMPLES_LIMIT).
 */
import { invalidRowsCondition, mergeMissingAndValid, missingCondition } from './missing-valid';
import { and, ident, ParamBag } from './sql';
import { jsonSafe, type QueryRecorder } from './queries';
import type { FailedRowsSample } from './results';
import type { MetricCheckCfg, ParsedChecks, SqlText } from './types';

function sample(rows: Record<string, unknown>[], total: number): FailedRowsSample {
  return { columns: rows[0] ? Object.keys(rows[0]) : [], rows: rows.map((r) => jsonSafe(r)), totalRowCount: total, storedRowCount: rows.length };
}

function scopeOf(check: { table?: string; partition?: string }, parsed: ParsedChecks, p: ParamBag, filter?: SqlText): string | undefined {
  const partition = check.partition !== undefined ? parsed.partitions[check.table!]?.[check.partition] : undefined;
  return and(partition ? p.use(partition) : undefined, filter ? p.use(filter) : undefined);
}

export async function rowsWhere(
  recorder: QueryRecorder,
  name: string,
  table: string,
  where: string | undefined,
  params: ParamBag,
  limit: number,
  total: number,
): Promise<FailedRowsSample> {
  const sql = `SELECT * FROM ${ident(table)}${where ? ` WHERE ${where}` : ''} LIMIT ${Math.max(0, Math.floor(limit))}`;
  return sample(await recorder.all('samples', name, table, sql, params.values), total);
}

/** Rows behind missing_count / invalid_count / *_percent, or the duplicated values with their frequency. */
export async function metricCheckSample(
  recorder: QueryRecorder,
  check: MetricCheckCfg,
  parsed: ParsedChecks,
  limit: number,
  total: number,
): Promise<FailedRowsSample | undefined> {
  if (!check.table || !check.column) return undefined;
  const p = new ParamBag();
  const scope = scopeOf(check, parsed, p, check.filter);
  const col = ident(check.column);
  const mv = mergeMissingAndValid(check.missingAndValid, parsed.columnConfigurations[check.table]?.[check.column]);
  const name = `samples[${check.line}]`;
  if (check.metric === 'missing_count' || check.metric === 'missing_percent') {
    return rowsWhere(recorder, name, check.table, and(scope, missingCondition(col, mv, p)), p, limit, total);
  }
  if (check.metric === 'invalid_count' || check.metric === 'invalid_percent') {
    const invalid = invalidRowsCondition(col, mv, p);
    return invalid ? rowsWhere(recorder, name, check.table, and(scope, invalid), p, limit, total) : undefined;
  }
  if (check.metric === 'duplicate_count' || check.metric === 'duplicate_percent') {
    const cols = check.args.map((c) => ident(String(c)));
    const where = and(...cols.map((c) => `${c} IS NOT NULL`), scope);
    const sql = `SELECT ${cols.join(', ')}, count(*) AS frequency FROM ${ident(check.table)}${where ? ` WHERE ${where}` : ''} GROUP BY ${cols.join(', ')} HAVING count(*) > 1 ORDER BY frequency DESC, ${cols.join(', ')} LIMIT ${Math.floor(limit)}`;
    return sample(await recorder.all('samples', name, check.table, sql, p.values), total);
  }
  return undefined;
}

export async function failConditionSample(
  recorder: QueryRecorder,
  check: { line: string; table?: string; partition?: string; condition?: SqlText },
  parsed: ParsedChecks,
  limit: number,
  total: number,
): Promise<FailedRowsSample> {
  const p = new ParamBag();
  return rowsWhere(recorder, `samples[${check.line}]`, check.table!, and(scopeOf(check, parsed, p), p.use(check.condition!)), p, limit, total);
}
