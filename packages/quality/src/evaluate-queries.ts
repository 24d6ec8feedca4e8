/**
 * Checks that need their own statement: schema (metadata only), reference (a join of two
 * datasets), `fail query` and `<metric> query` (SQL the check author wrote).
 */
import { ident, ParamBag } from './sql';
import { jsonSafe, toNumberish } from './queries';
import { metricIdentity } from './metrics';
import { baseResult, NotEvaluated, withThresholds, zoneOutcome, type EvalContext } from './evaluate';
import type { PlannedCheck } from './plan';
import type { CheckResult, FailedRowsSample } from './results';
import type { FailedRowsCheckCfg, MetricCheckCfg, ReferenceCheckCfg, SchemaCheckCfg, SchemaValidations, SqlText } from './types';
import type { StoredColumn } from './history';

const TOTAL = '__soda_failed_row_count';

/** Total failing rows and the first `limit` of them, in one statement (a window count). */
async function countAndSample(
  ctx: EvalContext,
  kind: 'reference' | 'failed-rows-query',
  name: string,
  table: string | undefined,
  from: string,
  params: Record<string, string>,
  limit: number,
) {
  const rows = await ctx.recorder.all(
    kind,
    name,
    table,
    `SELECT *, count(*) OVER () AS ${TOTAL} FROM (${from}) AS failed_rows LIMIT ${Math.max(1, Math.floor(limit))}`,
    params,
  );
  const total = rows.length ? Number(toNumberish(rows[0][TOTAL])) : 0;
  const kept = rows.slice(0, Math.max(0, Math.floor(limit))).map((r) => {
    const { [TOTAL]: _drop, ...rest } = r;
    return jsonSafe(rest);
  });
  const sample: FailedRowsSample = { columns: kept[0] ? Object.keys(kept[0]) : [], rows: kept, totalRowCount: total, storedRowCount: kept.length };
  return { total, sample };
}

export async function evaluateReferenceCheck(planned: PlannedCheck, ctx: EvalContext): Promise<CheckResult> {
  const check = planned.check as ReferenceCheckCfg;
  const result = baseResult(check, ctx, 'reference');
  for (const d of [check.table!, check.targetTable]) if (ctx.unavailable.has(d)) throw new Error(`dataset ${d} is not available: ${ctx.unavailable.get(d)}`);
  const src = check.sourceColumns.map(ident);
  const tgt = check.targetColumns.map(ident);
  const join = src.map((s, i) => `SOURCE.${s} = TARGET.${tgt[i]}`).join(' AND ');
  // Soda's ReferenceQuery: a source value that is not null and finds no target row; with
  // `must not exist` (is_reverse) one that does find one. A partition (`checks for t [p]`)
  // filters the source rows, as Soda's partition filter does.
  const missing = src.map((s, i) => `(SOURCE.${s} IS NOT NULL AND TARGET.${tgt[i]} IS ${check.mustNotExist ? 'NOT ' : ''}NULL)`).join(' OR ');
  const p = new ParamBag();
  const partition = check.partition !== undefined ? ctx.parsed.partitions[check.table!]?.[check.partition] : undefined;
  if (check.partition !== undefined && !partition) throw new Error(`filter not declared: "filter ${check.table} [${check.partition}]"`);
  const source = partition ? `(SELECT * FROM ${ident(check.table!)} WHERE ${p.use(partition)})` : ident(check.table!);
  const from = `SELECT SOURCE.* FROM ${source} AS SOURCE LEFT JOIN ${ident(check.targetTable)} AS TARGET ON ${join} WHERE ${missing}`;
  const { total, sample } = await countAndSample(
    ctx,
    'reference',
    `reference[${check.sourceColumns.join(',')}]`,
    check.table,
    from,
    p.values as Record<string, string>,
    check.samplesLimit ?? ctx.samplesLimit,
  );
  const identity = metricIdentity({
    dataset: check.table!,
    partition: partition && { name: check.partition!, where: partition },
    metric: `${check.mustNotExist ? 'reference_not' : 'reference'}(${check.targetTable})`,
    column: check.sourceColumns.join('_'),
  });
  ctx.recordMetric(check.table!, identity, total);
  result.metrics = [identity];
  result.diagnostics.value = total;
  result.outcome = total > 0 ? 'fail' : 'pass';
  if (total > 0) result.diagnostics.failedRows = sample;
  return result;
}

/** A user's failed-rows query (variables bound, a trailing `;` dropped): how many rows it returns and a sample. */
function countFailedRowsQuery(ctx: EvalContext, query: SqlText, name: string, table: string | undefined, samplesLimit: number | undefined) {
  const p = new ParamBag();
  const from = p.use(query).replace(/;\s*$/, '');
  return countAndSample(ctx, 'failed-rows-query', `failed_rows[${name}]`, table, from, p.values as Record<string, string>, samplesLimit ?? ctx.samplesLimit);
}

export async function evaluateFailQueryCheck(planned: PlannedCheck, ctx: EvalContext): Promise<CheckResult> {
  const check = planned.check as FailedRowsCheckCfg;
  const result = baseResult(check, ctx, 'failed_rows');
  const { total, sample } = await countFailedRowsQuery(ctx, check.query!, result.name, check.table, check.samplesLimit);
  const identity = metricIdentity({ dataset: check.table ?? 'data_source_checks', metric: 'failed_rows', expression: check.query });
  ctx.recordMetric(check.table ?? 'data_source_checks', identity, total);
  result.metrics = [identity];
  result.diagnostics.value = total;
  withThresholds(result.diagnostics, check.fail, check.warn);
  result.outcome = zoneOutcome(total, check.fail, check.warn);
  if (result.outcome !== 'pass' && total > 0) result.diagnostics.failedRows = sample;
  return result;
}

/** `<metric> query: SELECT …` — the first column of the first row is the metric value. */
export async function evaluateUserQueryMetric(planned: PlannedCheck, ctx: EvalContext): Promise<CheckResult> {
  const check = planned.check as MetricCheckCfg;
  const result = baseResult(check, ctx, 'user_metric');
  const p = new ParamBag();
  const rows = await ctx.recorder.all('user-query', `user_metric[${check.metric}]`, check.table, p.use(check.query!).replace(/;\s*$/, ''), p.values);
  const first = rows[0] ? toNumberish(Object.values(rows[0])[0]) : null;
  if (first !== null && typeof first !== 'number')
    throw new Error(`cannot evaluate check: expected a numeric value, but the query returned ${JSON.stringify(first)}`);
  const identity = metricIdentity({ dataset: check.table ?? 'data_source_checks', metric: check.metric, expression: check.query });
  ctx.recordMetric(check.table ?? 'data_source_checks', identity, first);
  result.metrics = [identity];
  if (first === null) throw new NotEvaluated('noValue', `query for ${check.metric} returned no value`);
  result.diagnostics.value = first;
  withThresholds(result.diagnostics, check.fail, check.warn);
  result.outcome = zoneOutcome(first, check.fail, check.warn);
  if (check.failedRowsQuery && result.outcome !== 'pass') {
    const { total, sample } = await countFailedRowsQuery(ctx, check.failedRowsQuery, result.name, check.table, check.samplesLimit);
    if (total > 0) result.diagnostics.failedRows = sample;
  }
  return result;
}

/** DuckDB names and the spellings people write in checks (Soda's SCHEMA_CHECK_TYPES_MAPPING idea). */
const TYPE_SYNONYMS: Record<string, string> = {
  text: 'varchar',
  string: 'varchar',
  'character varying': 'varchar',
  char: 'varchar',
  bpchar: 'varchar',
  int: 'integer',
  int4: 'integer',
  signed: 'integer',
  int8: 'bigint',
  long: 'bigint',
  int2: 'smallint',
  short: 'smallint',
  float8: 'double',
  'double precision': 'double',
  float4: 'float',
  real: 'float',
  bool: 'boolean',
  logical: 'boolean',
  'timestamp without time zone': 'timestamp',
  datetime: 'timestamp',
  'timestamp with time zone': 'timestamp with time zone',
  timestamptz: 'timestamp with time zone',
  numeric: 'decimal',
};
const normaliseType = (t: string) => {
  const lower = t.trim().toLowerCase();
  return TYPE_SYNONYMS[lower] ?? lower;
};
export const sameType = (expected: string, actual: string) => {
  const e = normaliseType(expected);
  const a = normaliseType(actual);
  return e === a || (e === 'decimal' && a.startsWith('decimal('));
};

interface SchemaFindings {
  missing: string[];
  forbiddenPresent: string[];
  typeMismatches: Record<string, { expected_type: string; actual_type: string }>;
  indexMismatches: Record<string, { expected_index: number; actual_index: number; column_on_expected_index: string | null }>;
  changes: string[];
}

function findViolations(v: SchemaValidations | undefined, schema: StoredColumn[], previous: StoredColumn[] | undefined): SchemaFindings | undefined {
  if (!v) return undefined;
  const names = schema.map((c) => c.name);
  const types = new Map(schema.map((c) => [c.name, c.type]));
  const f: SchemaFindings = { missing: [], forbiddenPresent: [], typeMismatches: {}, indexMismatches: {}, changes: [] };
  for (const col of new Set([...v.requiredColumns, ...Object.keys(v.columnTypes)]))
    if (!types.has(col) && !v.optionalColumns.includes(col)) f.missing.push(col);
  for (const col of Object.keys(v.columnIndexes)) if (!types.has(col) && !f.missing.includes(col)) f.missing.push(col);
  if (!v.otherColumnsAllowed) {
    const listed = new Set([...v.requiredColumns, ...Object.keys(v.columnTypes)]);
    f.forbiddenPresent.push(...names.filter((n) => !listed.has(n)));
  }
  for (const pattern of v.forbiddenColumns) {
    const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/[%*]/g, '.*')}`);
    f.forbiddenPresent.push(...names.filter((n) => re.test(n)));
  }
  for (const [col, expected] of Object.entries(v.columnTypes)) {
    const actual = types.get(col);
    if (actual !== undefined && expected !== null && !sameType(expected, actual)) f.typeMismatches[col] = { expected_type: expected, actual_type: actual };
  }
  for (const [col, expected] of Object.entries(v.columnIndexes)) {
    const actual = names.indexOf(col);
    if (actual >= 0 && actual !== expected)
      f.indexMismatches[col] = { expected_index: expected, actual_index: actual, column_on_expected_index: names[expected] ?? null };
  }
  if (previous) {
    const before = new Map(previous.map((c, i) => [c.name, { ...c, i }]));
    if (v.forbidAdd) f.changes.push(...names.filter((n) => !before.has(n)).map((n) => `column added: ${n}`));
    if (v.forbidDelete) f.changes.push(...previous.filter((c) => !types.has(c.name)).map((c) => `column deleted: ${c.name}`));
    if (v.forbidTypeChange)
      f.changes.push(
        ...schema
          .filter((c) => before.has(c.name) && before.get(c.name)!.type !== c.type)
          .map((c) => `column type changed: ${c.name} ${before.get(c.name)!.type} -> ${c.type}`),
      );
    if (v.forbidIndexChange) {
      schema.forEach((c, i) => {
        const was = before.get(c.name);
        if (was && was.i !== i) f.changes.push(`column index changed: ${c.name} ${was.i} -> ${i}`);
      });
    }
  }
  const bad =
    f.missing.length || f.forbiddenPresent.length || Object.keys(f.typeMismatches).length || Object.keys(f.indexMismatches).length || f.changes.length;
  return bad ? f : undefined;
}

export async function evaluateSchemaCheck(planned: PlannedCheck, ctx: EvalContext, measured: StoredColumn[]): Promise<CheckResult> {
  const check = planned.check as SchemaCheckCfg;
  const result = baseResult(check, ctx, 'schema');
  const wantsHistory = [check.fail, check.warn].some((v) => v && (v.forbidAdd || v.forbidDelete || v.forbidTypeChange || v.forbidIndexChange));
  let previous: StoredColumn[] | undefined;
  if (wantsHistory) {
    const runs = ctx.history ? await ctx.history(check.table!) : [];
    previous = runs.filter((r) => r.runTs < ctx.runTs && r.schema).at(-1)?.schema;
    if (!previous) throw new NotEvaluated('notEnoughHistory', 'skipping schema change validations: no earlier schema is stored');
  }
  const failed = findViolations(check.fail, measured, previous);
  const warned = failed ? undefined : findViolations(check.warn, measured, previous);
  result.outcome = failed ? 'fail' : warned ? 'warn' : 'pass';
  result.diagnostics = { value: null, schema: measured.map((c) => ({ columnName: c.name, sourceDataType: c.type })) };
  const findings = failed ?? warned;
  if (findings) {
    if (findings.missing.length) result.diagnostics.schema_missing_column_names = findings.missing;
    if (findings.forbiddenPresent.length) result.diagnostics.schema_present_column_names = findings.forbiddenPresent;
    if (Object.keys(findings.typeMismatches).length) result.diagnostics.schema_column_type_mismatches = findings.typeMismatches;
    if (Object.keys(findings.indexMismatches).length) result.diagnostics.schema_column_index_mismatches = findings.indexMismatches;
    if (findings.changes.length) result.diagnostics.schema_changes = findings.changes;
  }
  return result;
}

export async function describeDataset(ctx: EvalContext, table: string): Promise<StoredColumn[]> {
  const rows = await ctx.recorder.all('schema', `schema[${table}]`, table, `DESCRIBE ${ident(table)}`);
  return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type).toLowerCase() }));
}
