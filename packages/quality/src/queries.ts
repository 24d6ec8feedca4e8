import type { Duck, Row } from '@medallion/duck';

export type QueryKind = 'metrics' | 'metrics-fallback' | 'samples' | 'reference' | 'user-query' | 'failed-rows-query' | 'schema';

/** One SQL statement the scan ran, as Soda lists them under "queries" in its scan results. */
export interface QueryLog {
  name: string;
  kind: QueryKind;
  table?: string;
  sql: string;
  durationMs: number;
  rowCount?: number;
  exception?: string;
}

/** DuckDB rejects parameters the statement does not use: pass only the referenced ones. */
export function paramsFor(sql: string, values: Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  const used: Record<string, string | number | boolean> = {};
  for (const m of sql.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (m[1] in values) used[m[1]] = values[m[1]];
  }
  return used;
}

/** Runs statements and keeps the log the results and benchmarks report. */
export class QueryRecorder {
  readonly log: QueryLog[] = [];

  constructor(private readonly duck: Duck) {}

  async all(kind: QueryKind, name: string, table: string | undefined, sql: string, params: Record<string, string | number | boolean> = {}): Promise<Row[]> {
    const started = performance.now();
    const entry: QueryLog = { name, kind, table, sql, durationMs: 0 };
    this.log.push(entry);
    try {
      const rows = await this.duck.all(sql, paramsFor(sql, params));
      entry.rowCount = rows.length;
      return rows;
    } catch (e) {
      entry.exception = (e as Error).message.split('\n')[0];
      throw e;
    } finally {
      entry.durationMs = Math.round((performance.now() - started) * 100) / 100;
    }
  }

  /** SQL statements that read a dataset's rows to compute metrics, per dataset. */
  metricScans(): Record<string, number> {
    const scans: Record<string, number> = {};
    for (const q of this.log) if (q.kind === 'metrics' && q.table) scans[q.table] = (scans[q.table] ?? 0) + 1;
    return scans;
  }
}

/** BIGINT beyond 2^53 arrives as bigint: metrics are compared as numbers, samples keep strings. */
export function toNumberish(v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}

export function jsonSafe(row: Row, maxText = 500): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === 'bigint') out[k] = v.toString();
    else if (typeof v === 'string' && v.length > maxText) out[k] = `${v.slice(0, maxText)}…`;
    else out[k] = v;
  }
  return out;
}
