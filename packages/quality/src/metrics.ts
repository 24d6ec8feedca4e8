/**
 * Metrics compiled to DuckDB SQL. Every column metric of a dataset is an aggregate (or, for
 * duplicates and filtered custom expressions, a subquery) that dataset-scan.ts puts into ONE
 * statement per dataset — the same idea as Soda's AggregationQuery, taken further: partitions
 * and per-check filters become `FILTER (WHERE …)` clauses instead of separate queries.
 */
import { createHash } from 'node:crypto';
import { and, ident, type ParamBag } from './sql';
import { invalidRowsCondition, isNumericFormat, missingCondition, textToNumber, validValuesCondition } from './missing-valid';
import type { MissingAndValid, SqlText } from './types';

export interface MetricRequest {
  dataset: string;
  metric: string;
  column?: string;
  args?: (string | number)[];
  /** Partition (named filter) condition and the check's own `filter:`. */
  partition?: { name: string; where: SqlText };
  filter?: SqlText;
  missingAndValid?: MissingAndValid;
  /** User-defined aggregate (`<metric> expression:`) or failed-rows `fail condition`. */
  expression?: SqlText;
  condition?: SqlText;
}

/** How a metric is computed inside its dataset's statement. */
export type MetricSql =
  | { shape: 'aggregate'; sql: string }
  | { shape: 'duplicates'; columns: string[]; where?: string }
  | { shape: 'subselect'; select: string; where?: string };

export interface CompiledMetric {
  identity: string;
  request: MetricRequest;
  sql: MetricSql;
}

const AGGREGATES: Record<string, (v: string) => string> = {
  min: (v) => `min(${v})`,
  max: (v) => `max(${v})`,
  avg: (v) => `avg(${v})`,
  sum: (v) => `sum(${v})`,
  min_length: (v) => `min(length(CAST(${v} AS VARCHAR)))`,
  max_length: (v) => `max(length(CAST(${v} AS VARCHAR)))`,
  avg_length: (v) => `avg(length(CAST(${v} AS VARCHAR)))`,
  stddev: (v) => `stddev_samp(${v})`,
  stddev_pop: (v) => `stddev_pop(${v})`,
  stddev_samp: (v) => `stddev_samp(${v})`,
  variance: (v) => `var_samp(${v})`,
  var_pop: (v) => `var_pop(${v})`,
  var_samp: (v) => `var_samp(${v})`,
};

export const DERIVED_PERCENT: Record<string, string> = {
  missing_percent: 'missing_count',
  invalid_percent: 'invalid_count',
  duplicate_percent: 'duplicate_count',
};

/**
 * A readable, stable metric identity (history files are keyed by it), shaped like Soda's
 * `metric-<dataset>-<partition>-<column>-<name>-<hash of filter/validity/args>`. Like Soda, the
 * hash covers the filter text as written (`${VAR}` unresolved), so per-batch filters share history.
 */
export function metricIdentity(r: MetricRequest): string {
  const extra = {
    args: r.args && r.args.length > 1 ? r.args.slice(1) : r.metric === 'duplicate_count' ? r.args : undefined,
    filter: r.filter?.written ?? r.filter?.sql,
    mv: r.missingAndValid,
    expression: r.expression?.written ?? r.expression?.sql,
    condition: r.condition?.written ?? r.condition?.sql,
  };
  const hasExtra = Object.values(extra).some((v) => v !== undefined);
  const hash = hasExtra ? createHash('sha1').update(JSON.stringify(extra)).digest('hex').slice(0, 8) : undefined;
  return ['metric', r.dataset, r.partition?.name, r.column, r.metric, hash].filter(Boolean).join('-');
}

function countIf(condition: string | undefined): string {
  return condition ? `count(*) FILTER (WHERE ${condition})` : 'count(*)';
}

export function compileMetric(r: MetricRequest, p: ParamBag): CompiledMetric {
  const identity = metricIdentity(r);
  const scope = and(r.partition ? p.use(r.partition.where) : undefined, r.filter ? p.use(r.filter) : undefined);
  const col = r.column ? ident(r.column) : undefined;
  const need = (what: string) => {
    if (!col) throw new Error(`${what} needs a column`);
    return col;
  };

  if (r.metric === 'failed_rows') return { identity, request: r, sql: { shape: 'aggregate', sql: countIf(and(scope, p.use(r.condition!))) } };
  if (r.expression) {
    const select = p.use(r.expression);
    // A custom aggregate cannot take a FILTER clause from outside, so filtered ones get their own subselect.
    return { identity, request: r, sql: scope ? { shape: 'subselect', select, where: scope } : { shape: 'aggregate', sql: `(${select})` } };
  }
  switch (r.metric) {
    case 'row_count':
      return { identity, request: r, sql: { shape: 'aggregate', sql: countIf(scope) } };
    case 'missing_count':
      return { identity, request: r, sql: { shape: 'aggregate', sql: countIf(and(scope, missingCondition(need('missing_count'), r.missingAndValid, p))) } };
    case 'invalid_count': {
      const invalid = invalidRowsCondition(need('invalid_count'), r.missingAndValid, p);
      // Soda counts nothing when no validity is configured (expr_false_condition) and logs a warning.
      return { identity, request: r, sql: { shape: 'aggregate', sql: invalid ? countIf(and(scope, invalid)) : '0' } };
    }
    case 'valid_count':
      return {
        identity,
        request: r,
        sql: { shape: 'aggregate', sql: countIf(and(scope, validValuesCondition(need('valid_count'), r.missingAndValid ?? {}, p))) },
      };
    case 'duplicate_count': {
      const columns = (r.args ?? [r.column!]).map((c) => ident(String(c)));
      // Soda: group the non-null value combinations, count those occurring more than once.
      return { identity, request: r, sql: { shape: 'duplicates', columns, where: and(...columns.map((c) => `${c} IS NOT NULL`), scope) } };
    }
    case 'freshness':
      return { identity, request: r, sql: { shape: 'aggregate', sql: freshnessEpochMs(filtered(`max(${need('freshness')})`, scope)) } };
    case 'percentile':
    case 'percentile_disc': {
      const fraction = Number(r.args?.[1]);
      return {
        identity,
        request: r,
        sql: {
          shape: 'aggregate',
          sql: filtered(`quantile_disc(${valueExpr(need('percentile'), r)}, ${p.add(fraction)})`, and(scope, validValuesCondition(col!, r.missingAndValid, p))),
        },
      };
    }
    default: {
      const fn = AGGREGATES[r.metric];
      if (!fn) throw new Error(`unsupported metric "${r.metric}"`);
      return {
        identity,
        request: r,
        sql: { shape: 'aggregate', sql: filtered(fn(valueExpr(need(r.metric), r)), and(scope, validValuesCondition(col!, r.missingAndValid, p))) },
      };
    }
  }
}

/**
 * The newest value in epoch milliseconds; a DATE counts as the end of its day (FreshnessCheck:
 * datetime.combine(date, time.max)), so a table updated yesterday is not a day old until today
 * ends. `max` first, then cast (Soda takes max(col) and converts the value); the type test runs
 * on the one aggregated value, not per row.
 */
function freshnessEpochMs(maxOfColumn: string): string {
  return `epoch_ms(CAST(${maxOfColumn} AS TIMESTAMP)) + CASE WHEN typeof(${maxOfColumn}) = 'DATE' THEN 86399999 ELSE 0 END`;
}

function filtered(aggregate: string, condition: string | undefined): string {
  return condition ? `${aggregate} FILTER (WHERE ${condition})` : aggregate;
}

/** Soda casts text to a number when a numeric `valid format` is configured. */
function valueExpr(col: string, r: MetricRequest): string {
  return isNumericFormat(r.missingAndValid) ? textToNumber(col) : col;
}
