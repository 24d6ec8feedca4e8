/**
 * `scan()`: SodaCL files + parquet datasets → Soda-shaped scan result.
 *   1. parse checks (problems become error logs → exit 3, as in Soda)
 *   2. one DuckDB view per dataset over its parquet files; then the database is locked down:
 *      no file but those parquet files can be read or written (enable_external_access = false,
 *      lock_configuration = true), and every SQL fragment of the checks is parsed as ONE
 *      expression (fragments.ts) — a check whose SQL is not is an error and none of it runs
 *   3. ONE metrics statement per dataset (dataset-scan.ts)
 *   4. evaluate checks; schema/reference/fail-query/query metrics run their own statements
 *   5. store every metric value in the lake's metric history (history.ts)
 */
import { readFile } from 'node:fs/promises';
import { openDuck, sqlIdent, sqlPath, type Duck } from '@medallion/duck';
import { emptyParsedChecks, parseChecksYaml } from './parser';
import { planChecks, type PlannedCheck } from './plan';
import { rejectUnsafeSql } from './fragments';
import { computeDatasetMetrics, type MetricResults, type MetricValue } from './dataset-scan';
import { QueryRecorder } from './queries';
import { localMetricStore, runTimestamp, type MetricStore, type StoredColumn, type StoredRun } from './history';
import {
  baseResult,
  evaluateFailConditionCheck,
  evaluateFreshnessCheck,
  evaluateMetricCheck,
  evaluateRowCountComparison,
  NotEvaluated,
  type EvalContext,
} from './evaluate';
import { describeDataset, evaluateFailQueryCheck, evaluateReferenceCheck, evaluateSchemaCheck, evaluateUserQueryMetric } from './evaluate-queries';
import { countOutcomes, exitCodeOf, type CheckResult, type LogEntry, type ScanResult } from './results';

export interface ScanOptions {
  /** SodaCL files to read … */
  checksFiles?: string[];
  /** … and/or SodaCL documents given as strings. */
  checksYaml?: string[];
  /** Dataset name → parquet path, glob, or list of paths. */
  tables: Record<string, string | string[]>;
  /** Like `soda scan -v NAME=VALUE`. NOW defaults to the scan time (ISO 8601). */
  vars?: Record<string, string>;
  /** Lake root: metric history is kept under <lakeDir>/quality/metrics/. */
  lakeDir?: string;
  /** Metric history elsewhere (e.g. the lake in S3); overrides lakeDir. */
  metricStore?: MetricStore;
  /** Store this run's metric values (default: whenever a store is available). */
  storeMetrics?: boolean;
  /** Scan time (ISO 8601); same as vars.NOW, which it overrides. Fix it to replay a scan. */
  now?: string;
  /** Data source name in results (soda/configuration.yml). */
  dataSource?: string;
  /** Default failed-row sample size per check (Soda: 100). */
  samplesLimit?: number;
  definitionName?: string;
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const scanStart = new Date();
  const logs: LogEntry[] = [];
  const log = (level: LogEntry['level'], message: string, location?: LogEntry['location']) =>
    logs.push({ level, message, ...(location ? { location } : {}), timestamp: new Date().toISOString() });
  const now = options.now ?? options.vars?.NOW ?? scanStart.toISOString();
  const runTs = runTimestamp(now);
  const dataSource = options.dataSource ?? 'medallion_lake';
  const tables = options.tables;

  const parsed = emptyParsedChecks({ ...options.vars, NOW: now });
  const documents = [
    ...(await Promise.all((options.checksFiles ?? []).map(async (filePath) => ({ filePath, text: await readFile(filePath, 'utf8') })))),
    ...(options.checksYaml ?? []).map((text, i) => ({ filePath: `checks_yaml_${i + 1}.yml`, text })),
  ];
  for (const doc of documents) parseChecksYaml(doc.text, { filePath: doc.filePath, variables: parsed.variables, datasets: Object.keys(tables) }, parsed);
  for (const p of parsed.problems) log('error', p.message, p.location);

  // A database of its own: it is locked down below, for good.
  const duck = await openDuck({ threads: 2 });
  const recorder = new QueryRecorder(duck);
  try {
    const { unavailable, files } = await registerViews(
      duck,
      tables,
      parsed.checks.flatMap((c) => [c.table, c.kind === 'reference' ? c.targetTable : undefined, c.kind === 'row_count_comparison' ? c.otherTable : undefined]),
    );
    await lockDown(duck, files);
    const plan = planChecks(parsed, await rejectUnsafeSql(duck, parsed));

    const values: MetricResults = new Map();
    for (const [dataset, dplan] of plan.datasets) {
      const reason = unavailable.get(dataset);
      if (reason) for (const m of dplan.metrics) values.set(m.identity, { error: `dataset ${dataset} is not available: ${reason}` });
      else for (const [k, v] of await computeDatasetMetrics(recorder, dataset, dplan.metrics, dplan.params.values)) values.set(k, v);
    }

    const store = options.metricStore ?? (options.lakeDir ? localMetricStore(options.lakeDir) : undefined);
    const historyCache = new Map<string, Promise<StoredRun[]>>();
    const extraMetrics = new Map<string, Record<string, MetricValue>>();
    const ctx: EvalContext = {
      recorder,
      parsed,
      values,
      unavailable,
      dataSource,
      vars: parsed.variables,
      runTs,
      samplesLimit: options.samplesLimit ?? 100,
      history: store ? (d) => historyCache.get(d) ?? historyCache.set(d, store.list(d)).get(d)! : undefined,
      recordMetric: (d, identity, value) => void ((extraMetrics.get(d) ?? extraMetrics.set(d, {}).get(d)!)[identity] = value),
    };

    const schemas = new Map<string, StoredColumn[]>();
    const checks: CheckResult[] = [];
    for (const planned of plan.checks) checks.push(await evaluateCheck(planned, ctx, schemas, log));

    const datasetsScanned = [...new Set([...plan.datasets.keys(), ...extraMetrics.keys(), ...schemas.keys()])].filter((d) => !unavailable.has(d));
    if (store && options.storeMetrics !== false) {
      for (const dataset of datasetsScanned) {
        const metrics: Record<string, MetricValue> = { ...extraMetrics.get(dataset) };
        for (const m of plan.datasets.get(dataset)?.metrics ?? []) {
          const v = values.get(m.identity);
          if (v && 'value' in v) metrics[m.identity] = v.value;
        }
        await store.save({ dataset, runTs, scanTime: now, metrics, ...(schemas.has(dataset) ? { schema: schemas.get(dataset) } : {}) });
      }
    }

    const metrics = [...plan.datasets.values()].flatMap((d) =>
      d.metrics.map((m) => ({
        identity: m.identity,
        metricName: m.request.metric,
        value: (values.get(m.identity) as { value?: unknown })?.value ?? null,
        dataSourceName: dataSource,
      })),
    );
    for (const [, extra] of extraMetrics)
      for (const [identity, value] of Object.entries(extra))
        metrics.push({ identity, metricName: identity.split('-').at(-1)!, value, dataSourceName: dataSource });
    const errorLogs = logs.filter((l) => l.level === 'error').length;
    return {
      definitionName: options.definitionName ?? null,
      defaultDataSource: dataSource,
      dataTimestamp: now,
      scanStartTimestamp: scanStart.toISOString(),
      scanEndTimestamp: new Date().toISOString(),
      hasErrors: errorLogs > 0 || checks.some((c) => c.outcome === 'error'),
      hasWarnings: checks.some((c) => c.outcome === 'warn'),
      hasFailures: checks.some((c) => c.outcome === 'fail'),
      metrics,
      checks,
      queries: recorder.log,
      logs,
      exitCode: exitCodeOf(checks, errorLogs),
      counts: countOutcomes(checks),
      scans: { metricStatementsPerDataset: recorder.metricScans(), totalQueries: recorder.log.length },
      runTs,
    };
  } finally {
    duck.close();
  }
}

/** One view per dataset over its files (globs expanded now); a dataset without files is reported, not fatal. */
async function registerViews(
  duck: Duck,
  tables: Record<string, string | string[]>,
  referenced: (string | undefined)[],
): Promise<{ unavailable: Map<string, string>; files: string[] }> {
  const unavailable = new Map<string, string>();
  const files: string[] = [];
  for (const [name, source] of Object.entries(tables)) {
    try {
      const paths: string[] = [];
      for (const p of Array.isArray(source) ? source : [source]) {
        if (!/[*?[]/.test(p)) paths.push(p);
        else paths.push(...(await duck.all<{ file: string }>('SELECT file FROM glob($pattern) ORDER BY file', { pattern: p })).map((r) => r.file));
      }
      if (paths.length === 0) throw new Error('no parquet files');
      await duck.run(`CREATE OR REPLACE TEMP VIEW ${sqlIdent(name)} AS SELECT * FROM read_parquet([${paths.map(sqlPath).join(', ')}], union_by_name = true)`);
      files.push(...paths);
    } catch (e) {
      unavailable.set(name, (e as Error).message.split('\n')[0]);
    }
  }
  for (const name of referenced) if (name && !(name in tables)) unavailable.set(name, 'no data for this dataset (not in the lake, and not given with --data)');
  return { unavailable, files };
}

/**
 * From here on the database reads the staged parquet files and nothing else: no other file,
 * no URL, no COPY … TO, no extension, and no SQL can change that back (lock_configuration).
 * DuckDB's own spilling is not external access and keeps working (tried: a 200 MB sort under
 * a 30 MB memory limit), so the spill folder is not allowed to SQL.
 */
async function lockDown(duck: Duck, files: string[]): Promise<void> {
  if (files.length) await duck.run(`SET allowed_paths = [${files.map(sqlPath).join(', ')}]`);
  await duck.run('SET enable_external_access = false');
  await duck.run('SET lock_configuration = true');
}

async function evaluateCheck(
  planned: PlannedCheck,
  ctx: EvalContext,
  schemas: Map<string, StoredColumn[]>,
  log: (level: LogEntry['level'], message: string, location?: LogEntry['location']) => void,
): Promise<CheckResult> {
  const check = planned.check;
  try {
    if (planned.error) throw new Error(planned.error);
    switch (check.kind) {
      case 'metric':
        return check.query ? await evaluateUserQueryMetric(planned, ctx) : await evaluateMetricCheck(planned, ctx);
      case 'freshness':
        return await evaluateFreshnessCheck(planned, ctx);
      case 'failed_rows':
        return check.condition ? await evaluateFailConditionCheck(planned, ctx) : await evaluateFailQueryCheck(planned, ctx);
      case 'row_count_comparison':
        return await evaluateRowCountComparison(planned, ctx);
      case 'reference':
        return await evaluateReferenceCheck(planned, ctx);
      case 'schema': {
        const table = check.table!;
        if (ctx.unavailable.has(table)) throw new Error(`dataset ${table} is not available: ${ctx.unavailable.get(table)}`);
        if (!schemas.has(table)) schemas.set(table, await describeDataset(ctx, table));
        return await evaluateSchemaCheck(planned, ctx, schemas.get(table)!);
      }
    }
  } catch (e) {
    const result = baseResult(check, ctx, resultKind(planned));
    if (e instanceof NotEvaluated) {
      result.outcomeReasons.push({ code: e.code, message: e.message, severity: 'warn' });
      log('info', `${result.name}: not evaluated: ${e.message}`, check.location);
    } else {
      const message = (e as Error).message;
      result.outcome = 'error';
      result.outcomeReasons.push({ code: 'evaluationFailed', message, severity: 'error' });
      log('error', `${result.name}: ${message}`, check.location);
    }
    return result;
  }
}

function resultKind(planned: PlannedCheck): CheckResult['kind'] {
  const c = planned.check;
  if (c.kind === 'metric') return c.query ? 'user_metric' : c.change ? 'change' : c.anomaly ? 'anomaly' : 'metric';
  return c.kind;
}
