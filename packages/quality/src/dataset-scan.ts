/**
 * ONE SQL statement per dataset computes every metric the checks need:
 *   SELECT * FROM (SELECT count(*), count(*) FILTER (WHERE …), max(…), … FROM "t") AS main
 *   CROSS JOIN (SELECT count(*) FROM (SELECT 1 FROM "t" WHERE … GROUP BY id HAVING count(*) > 1)) AS x1 …
 * duplicate_count needs a GROUP BY and a filtered custom expression its own WHERE, so those are
 * subqueries of the same statement; DuckDB reads only their key columns again. (Materialising
 * the rows once in a CTE was measured slower: copying every column costs more than re-reading
 * one or two parquet columns.) If the statement fails (a typo in one check's filter), each
 * metric is retried alone so only the broken check errors.
 */
import { ident } from './sql';
import { type QueryRecorder, toNumberish } from './queries';
import type { CompiledMetric } from './metrics';

export type MetricValue = number | string | null;
export type MetricResults = Map<string, { value: MetricValue } | { error: string }>;

export function buildDatasetStatement(dataset: string, metrics: CompiledMetric[]): { sql: string; aliases: Map<string, string> } {
  const aliases = new Map<string, string>();
  const view = ident(dataset);
  const aggregates: string[] = [];
  const extras: string[] = [];
  metrics.forEach((m, i) => {
    const alias = `m${i}`;
    aliases.set(alias, m.identity);
    const s = m.sql;
    if (s.shape === 'aggregate') aggregates.push(`${s.sql} AS ${alias}`);
    else if (s.shape === 'duplicates') {
      extras.push(
        `(SELECT count(*) AS ${alias} FROM (SELECT 1 FROM ${view}${s.where ? ` WHERE ${s.where}` : ''} GROUP BY ${s.columns.join(', ')} HAVING count(*) > 1)) AS x${i}`,
      );
    } else {
      extras.push(`(SELECT ${s.select} AS ${alias} FROM ${view}${s.where ? ` WHERE ${s.where}` : ''}) AS x${i}`);
    }
  });
  if (extras.length === 0) return { sql: `SELECT\n  ${aggregates.join(',\n  ')}\nFROM ${view}`, aliases };
  const parts = aggregates.length ? [`(SELECT\n  ${aggregates.join(',\n  ')}\nFROM ${view}) AS main`, ...extras] : extras;
  return { sql: `SELECT * FROM ${parts.join('\nCROSS JOIN ')}`, aliases };
}

export async function computeDatasetMetrics(
  recorder: QueryRecorder,
  dataset: string,
  metrics: CompiledMetric[],
  params: Record<string, string | number | boolean>,
): Promise<MetricResults> {
  const results: MetricResults = new Map();
  if (metrics.length === 0) return results;
  const { sql, aliases } = buildDatasetStatement(dataset, metrics);
  try {
    const [row] = await recorder.all('metrics', `metrics[${dataset}]`, dataset, sql, params);
    for (const [alias, identity] of aliases) results.set(identity, { value: toNumberish(row?.[alias] ?? null) as MetricValue });
    return results;
  } catch {
    for (const metric of metrics) {
      const single = buildDatasetStatement(dataset, [metric]);
      try {
        const [row] = await recorder.all('metrics-fallback', `metric[${metric.identity}]`, dataset, single.sql, params);
        results.set(metric.identity, { value: toNumberish(row?.m0 ?? null) as MetricValue });
      } catch (e) {
        results.set(metric.identity, { error: (e as Error).message.split('\n')[0] });
      }
    }
    return results;
  }
}
