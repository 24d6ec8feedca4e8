/**
 * Check evaluation: metric values (from the per-dataset statements) + thresholds → outcome,
 * following soda/execution/check/*.py. Checks that need their own SQL (schema, reference,
 * fail query, metric query) live in evaluate-queries.ts.
 */
import { isBad, pythonRound2, thresholdDiagnostics, formatDuration, type Threshold } from './thresholds';
import { anomalyScore, changeOverTime, previousValues, type StoredRun } from './history';
import { failConditionSample, metricCheckSample } from './samples';
import { checkDefinition, checkIdentity, checkName, type CheckResult, type Diagnostics } from './results';
import type { MetricResults, MetricValue } from './dataset-scan';
import type { PlannedCheck } from './plan';
import type { QueryRecorder } from './queries';
import type { CheckCfg, FailedRowsCheckCfg, FreshnessCheckCfg, MetricCheckCfg, Outcome, ParsedChecks, RowCountComparisonCheckCfg } from './types';

export interface EvalContext {
  recorder: QueryRecorder;
  parsed: ParsedChecks;
  values: MetricResults;
  /** Datasets whose view could not be created, with the reason. */
  unavailable: Map<string, string>;
  dataSource: string;
  vars: Record<string, string>;
  runTs: string;
  samplesLimit: number;
  history?: (dataset: string) => Promise<StoredRun[]>;
  /** Values of metrics computed outside the dataset statements (stored in history too). */
  recordMetric(dataset: string, identity: string, value: MetricValue): void;
}

export class NotEvaluated extends Error {
  override name = 'NotEvaluated';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function baseResult(check: CheckCfg, ctx: Pick<EvalContext, 'dataSource'>, kind: CheckResult['kind']): CheckResult {
  return {
    identity: checkIdentity(check, ctx.dataSource),
    name: checkName(check),
    type: check.kind === 'schema' ? 'schema' : 'generic',
    kind,
    definition: checkDefinition(check),
    location: check.location,
    dataSource: ctx.dataSource,
    table: check.table ?? null,
    filter: check.partition ?? null,
    column: 'column' in check && check.column ? check.column : check.kind === 'reference' && check.sourceColumns.length === 1 ? check.sourceColumns[0] : null,
    metrics: [],
    outcome: null,
    outcomeReasons: [],
    diagnostics: { value: null },
  };
}

export function zoneOutcome(value: number, fail?: Threshold, warn?: Threshold): Outcome {
  if (fail && isBad(fail, value)) return 'fail';
  if (warn && isBad(warn, value)) return 'warn';
  return 'pass';
}

export function withThresholds(d: Diagnostics, fail?: Threshold, warn?: Threshold): Diagnostics {
  if (fail) d.fail = thresholdDiagnostics(fail);
  if (warn) d.warn = thresholdDiagnostics(warn);
  return d;
}

export function metricValue(ctx: EvalContext, identity: string): MetricValue {
  const r = ctx.values.get(identity);
  if (!r) throw new Error(`metric ${identity} was not computed`);
  if ('error' in r) throw new Error(r.error);
  return r.value;
}

function requireDatasets(ctx: EvalContext, ...datasets: (string | undefined)[]) {
  for (const d of datasets) {
    if (d && ctx.unavailable.has(d)) throw new Error(`dataset ${d} is not available: ${ctx.unavailable.get(d)}`);
  }
}

export async function evaluateMetricCheck(planned: PlannedCheck, ctx: EvalContext): Promise<CheckResult> {
  const check = planned.check as MetricCheckCfg;
  const kind = check.change ? 'change' : check.anomaly ? 'anomaly' : 'metric';
  const result = baseResult(check, ctx, kind);
  result.metrics = [planned.metrics.derived ?? planned.metrics.value, ...(planned.metrics.row_count ? [planned.metrics.value, planned.metrics.row_count] : [])];
  requireDatasets(ctx, check.table);

  let value: number | null;
  const raw = metricValue(ctx, planned.metrics.value);
  if (planned.metrics.row_count) {
    // Soda's derive_*_percentage: count * 100 / row_count, 0 when either is 0, Python rounding.
    const rowCount = metricValue(ctx, planned.metrics.row_count);
    value = raw && rowCount ? pythonRound2((Number(raw) * 100) / Number(rowCount)) : 0;
    ctx.recordMetric(check.table!, planned.metrics.derived, value);
    result.diagnostics[check.metric.replace('_percent', '_count')] = raw;
    result.diagnostics.row_count = rowCount;
  } else {
    if (raw !== null && typeof raw !== 'number') {
      throw new Error(
        `cannot evaluate check: expected a numeric value, but was ${JSON.stringify(raw)}${check.missingAndValid?.validFormat ? ' (valid format works on text columns only)' : ''}`,
      );
    }
    value = raw;
  }
  if (value === null) {
    result.outcomeReasons.push({ code: 'noValue', message: `metric ${check.metric} has no value (no rows?)`, severity: 'info' });
    return result;
  }

  let checkValue: number | null = value;
  if (check.change || check.anomaly) {
    const runs = ctx.history ? await ctx.history(check.table!) : undefined;
    if (!runs) throw new NotEvaluated('noHistory', 'no metric store: pass lakeDir (or --lake) so metric history can be kept');
    const history = previousValues(runs, planned.metrics.derived ?? planned.metrics.value, ctx.runTs);
    if (check.change) {
      const change = changeOverTime(value, history, check.change.lastMeasurements, check.change.aggregation, check.change.percent);
      if (!change) throw new NotEvaluated('notEnoughHistory', 'no earlier value of this metric is stored yet');
      checkValue = change.value;
      result.diagnostics.diagnostics = { historic_value: change.historicValue, metric_value: value };
    } else {
      const a = check.anomaly!;
      const anomaly = anomalyScore(value, history, a.window, a.minHistory);
      if (!anomaly) throw new NotEvaluated('notEnoughHistory', `anomaly detection needs ${a.minHistory} earlier runs, ${history.length} stored`);
      checkValue = anomaly.score;
      result.diagnostics.anomaly = {
        metric_value: value,
        mean: anomaly.mean,
        stddev: anomaly.stddev,
        historyCount: anomaly.historyCount,
        lowerBound: anomaly.mean - 3 * anomaly.stddev,
        upperBound: anomaly.mean + 3 * anomaly.stddev,
      };
    }
    if (checkValue === null) throw new NotEvaluated('noValue', 'change in percent from a historic value of 0');
  }
  result.diagnostics.value = checkValue;
  withThresholds(result.diagnostics, check.fail, check.warn);
  result.outcome = zoneOutcome(checkValue, check.fail, check.warn);
  if (result.outcome !== 'pass' && !check.change && !check.anomaly) {
    const total = planned.metrics.row_count ? Number(raw) : value;
    const s = await metricCheckSample(ctx.recorder, check, ctx.parsed, check.samplesLimit ?? ctx.samplesLimit, total);
    if (s) result.diagnostics.failedRows = s;
  }
  return result;
}

/** freshness = now − max(column); Soda fails when there is no max at all. */
export async function evaluateFreshnessCheck(planned: PlannedCheck, ctx: EvalContext): Promise<CheckResult> {
  const check = planned.check as FreshnessCheckCfg;
  const result = baseResult(check, ctx, 'freshness');
  result.metrics = [planned.metrics.value];
  requireDatasets(ctx, check.table);
  const nowText = ctx.vars[check.nowVariable];
  if (!nowText) {
    // Soda's FreshnessCheck: outcome FAIL (and an error log) when the variable is missing.
    result.outcome = 'fail';
    result.outcomeReasons.push({
      code: 'variableNotFound',
      message: `could not parse variable ${check.nowVariable} as a timestamp: variable not found`,
      severity: 'error',
    });
    return result;
  }
  const nowMs = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(nowText) ? nowText : `${nowText}Z`);
  if (Number.isNaN(nowMs)) throw new Error(`could not parse variable ${check.nowVariable} as a timestamp: ${nowText}`);
  const maxMs = metricValue(ctx, planned.metrics.value);
  const d = result.diagnostics;
  d.nowVariableName = check.nowVariable;
  d.nowTimestamp = nowText;
  if (check.failMs !== undefined) d.fail = { greaterThan: check.failMs };
  if (check.warnMs !== undefined) d.warn = { greaterThan: check.warnMs };
  if (maxMs === null) {
    d.maxColumnTimestamp = null;
    result.outcome = 'fail';
    return result;
  }
  const freshness = nowMs - Number(maxMs);
  d.value = freshness; // milliseconds, as Soda sends it
  d.maxColumnTimestamp = new Date(Number(maxMs)).toISOString();
  d.freshness = formatDuration(freshness);
  result.outcome = check.failMs !== undefined && freshness > check.failMs ? 'fail' : check.warnMs !== undefined && freshness > check.warnMs ? 'warn' : 'pass';
  return result;
}

export async function evaluateFailConditionCheck(planned: PlannedCheck, ctx: EvalContext): Promise<CheckResult> {
  const check = planned.check as FailedRowsCheckCfg;
  const result = baseResult(check, ctx, 'failed_rows');
  result.metrics = [planned.metrics.value];
  requireDatasets(ctx, check.table);
  const count = Number(metricValue(ctx, planned.metrics.value));
  result.diagnostics.value = count;
  withThresholds(result.diagnostics, check.fail, check.warn);
  result.outcome = zoneOutcome(count, check.fail, check.warn);
  if (result.outcome !== 'pass' && count > 0) {
    result.diagnostics.failedRows = await failConditionSample(ctx.recorder, check, ctx.parsed, check.samplesLimit ?? ctx.samplesLimit, count);
  }
  return result;
}

/** `row_count same as other`: the difference must be 0. */
export async function evaluateRowCountComparison(planned: PlannedCheck, ctx: EvalContext): Promise<CheckResult> {
  const check = planned.check as RowCountComparisonCheckCfg;
  const result = baseResult(check, ctx, 'row_count_comparison');
  result.metrics = [planned.metrics.value, planned.metrics.other];
  if (check.otherDataSource !== undefined && check.otherDataSource !== ctx.dataSource)
    throw new Error(`data source ${check.otherDataSource} is not available: a scan reads one data source (${ctx.dataSource})`);
  requireDatasets(ctx, check.table, check.otherTable);
  const mine = Number(metricValue(ctx, planned.metrics.value));
  const other = Number(metricValue(ctx, planned.metrics.other));
  Object.assign(result.diagnostics, { value: mine - other, rowCount: mine, otherRowCount: other });
  result.outcome = mine === other ? 'pass' : 'fail';
  return result;
}
