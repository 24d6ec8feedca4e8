import { randomBytes } from 'node:crypto';
/**
 * The quality gate a pipeline's ValidateQuality state calls: scan the named checks files
 * against the lake, keep the metric history and the full scan result in the lake, and answer
 * with a small, alert-ready result. Warnings pass the gate; failures and errors stop it.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import type { Row } from '@medallion/duck';
import { scan } from './scan';
import { CANDIDATE_PREFIX, datasetDeclarationsSchema, resolveDatasets, resolveDatasetsFromStore, type StagingStoreLike } from './datasets';
import { localMetricStore, objectMetricStore, type ObjectStoreLike } from './history';
import type { CheckResult, ScanResult } from './results';

export const gateEventSchema = z.object({
  batchSeq: z.number().int().min(0).max(999_999),
  layer: z.enum(['silver', 'gold']),
  /** File names under soda/checks, e.g. ["silver_filings.yml"]; no paths. */
  checks: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*\.ya?ml$/, 'a checks file name under soda/checks (no directories)')).min(1),
  /** The pipeline's datasets (name → lake key pattern), handed over with the checks files. */
  datasets: datasetDeclarationsSchema.refine((d) => Object.keys(d).length > 0, 'declare at least one dataset'),
  /** Lake root (local dir, file:// or s3://); default from the function's environment. */
  lakeUri: z.string().min(1).optional(),
  /** The batch timestamp, available to checks as ${BATCH_TS}. */
  batchTs: z.string().datetime().optional(),
  /** Check candidate outputs under this lake prefix as if promoted (see CANDIDATE_PREFIX). */
  candidates: z.string().regex(CANDIDATE_PREFIX, 'a prefix like _candidates/<dataset>/batch=000001/').optional(),
  /** Scan time (NOW); fix it to replay a gate run. */
  now: z.string().datetime().optional(),
  /** Extra scan variables. */
  vars: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).optional(),
});
export type GateEvent = z.infer<typeof gateEventSchema>;

export interface FailedCheck {
  name: string;
  table: string | null;
  column: string | null;
  outcome: 'fail' | 'error';
  value: number | null;
  /** Why an erroring check could not be evaluated. */
  reason?: string;
  totalFailedRows?: number;
  samples: Row[];
}

export interface GateResult {
  passed: boolean;
  outcome: 'pass' | 'warn' | 'fail' | 'error';
  exitCode: 0 | 1 | 2 | 3;
  layer: 'silver' | 'gold';
  batchSeq: number;
  runTs: string;
  counts: ScanResult['counts'];
  failedChecks: FailedCheck[];
  warnedChecks: { name: string; table: string | null; value: number | null }[];
  /** One line per failing check. */
  summary: string;
  /**
   * The alert text, sent as the SNS message as is: the summary, a few failing rows per check and
   * where the full result is. Plain text, not JSON, so it reads as written in an e-mail and no
   * States.JsonToString escaping stands between the gate and the reader.
   */
  alert: string;
  /** Where the full Soda-shaped scan result was written in the lake. */
  resultKey: string;
  scans: ScanResult['scans'];
}

export interface GateOptions {
  /** Folder holding the checks files (soda/checks). */
  checksDir: string;
  /** A local lake directory … */
  lakeDir?: string;
  /** … or the lake as an object store (S3): datasets are staged locally for DuckDB. */
  store?: StagingStoreLike & ObjectStoreLike;
  /** Failed-row samples carried in the result (and so in the alert); the lake copy keeps 100. */
  alertSamples?: number;
  dataSource?: string;
}

const OUTCOME = ['pass', 'warn', 'fail', 'error'] as const;

/**
 * Datasets worth staging from S3: those the checks files name (in headers, references or SQL);
 * every dataset when a `for each dataset` pattern could match any of them.
 */
async function referencedDatasets(files: string[], names: string[]): Promise<string[]> {
  const text = (await Promise.all(files.map((f) => readFile(f, 'utf8')))).join('\n');
  if (/^for each (dataset|table) /m.test(text)) return names;
  return names.filter((name) => new RegExp(`\\b${name}\\b`).test(text));
}

export function resultKeyFor(layer: string, batchSeq: number): string {
  return `quality/results/layer=${layer}/batch=${String(batchSeq).padStart(6, '0')}.json`;
}

export async function runQualityGate(event: GateEvent, options: GateOptions): Promise<GateResult> {
  const e = gateEventSchema.parse(event);
  if (!options.lakeDir && !options.store) throw new Error('runQualityGate needs a lakeDir or a store');
  const checksFiles = e.checks.map((f) => join(resolve(options.checksDir), f));
  const tables = options.store
    ? await resolveDatasetsFromStore(options.store, e.datasets, await referencedDatasets(checksFiles, Object.keys(e.datasets)), e.candidates)
    : resolveDatasets(options.lakeDir!, e.datasets, e.candidates);
  const result = await scan({
    checksFiles,
    tables,
    vars: { ...e.vars, BATCH_SEQ: String(e.batchSeq), LAYER: e.layer, ...(e.batchTs ? { BATCH_TS: e.batchTs } : {}) },
    now: e.now,
    metricStore: options.store ? objectMetricStore(options.store) : localMetricStore(options.lakeDir!),
    dataSource: options.dataSource,
    definitionName: `${e.layer}_gate`,
  });

  const resultKey = resultKeyFor(e.layer, e.batchSeq);
  const body = JSON.stringify(result, null, 2);
  if (options.store) await options.store.put(resultKey, body, 'application/json');
  else {
    const file = join(options.lakeDir!, resultKey);
    await mkdir(dirname(file), { recursive: true });
    // A temp name of its own: two runs may write the same result at once.
    const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, body);
    await rename(tmp, file);
  }

  const limit = options.alertSamples ?? 5;
  const failing = result.checks.filter((c): c is CheckResult & { outcome: 'fail' | 'error' } => c.outcome === 'fail' || c.outcome === 'error');
  const failedChecks: FailedCheck[] = failing.map((c) => ({
    name: c.name,
    table: c.table,
    column: c.column,
    outcome: c.outcome,
    value: c.diagnostics.value,
    ...(c.outcome === 'error' ? { reason: c.outcomeReasons.map((r) => r.message).join('; ') } : {}),
    ...(c.diagnostics.failedRows ? { totalFailedRows: c.diagnostics.failedRows.totalRowCount } : {}),
    samples: (c.diagnostics.failedRows?.rows ?? []).slice(0, limit),
  }));
  const outcome = OUTCOME[result.exitCode];
  const problems = result.logs.filter((l) => l.level === 'error' && !failing.some((c) => l.message.startsWith(`${c.name}:`))).map((l) => l.message);
  const summary = [
    `Quality gate ${outcome.toUpperCase()} for ${e.layer} batch ${e.batchSeq}: ${result.counts.pass} pass, ${result.counts.warn} warn, ${result.counts.fail} fail, ${result.counts.error} error`,
    ...failedChecks.map(
      (f) =>
        `${f.outcome.toUpperCase()} ${f.table ?? '(data source)'}: ${f.name}${f.value !== null ? ` → value ${f.value}` : ''}${f.reason ? ` (${f.reason})` : ''}`,
    ),
    ...problems.map((p) => `ERROR ${p}`),
  ].join('\n');
  const alert = [
    summary,
    ...failedChecks.flatMap((f) =>
      f.samples.length
        ? [`Failing rows of "${f.name}" (${f.samples.length} of ${f.totalFailedRows ?? f.samples.length}):`, ...f.samples.map((r) => `  ${JSON.stringify(r)}`)]
        : [],
    ),
    `Full scan result: ${resultKey}`,
  ].join('\n');
  return {
    passed: result.exitCode <= 1,
    outcome,
    exitCode: result.exitCode,
    layer: e.layer,
    batchSeq: e.batchSeq,
    runTs: result.runTs,
    counts: result.counts,
    failedChecks,
    warnedChecks: result.checks.filter((c) => c.outcome === 'warn').map((c) => ({ name: c.name, table: c.table, value: c.diagnostics.value })),
    summary,
    alert,
    resultKey,
    scans: result.scans,
  };
}

/**
 * The soda/checks folder: $QUALITY_CHECKS_DIR, else the first soda/checks found walking up from
 * `start` (the repo locally; the Lambda task root when the build copies soda/ into the bundle).
 */
export function findChecksDir(start: string = process.env.LAMBDA_TASK_ROOT ?? process.cwd(), env: Record<string, string | undefined> = process.env): string {
  if (env.QUALITY_CHECKS_DIR) return resolve(env.QUALITY_CHECKS_DIR);
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, 'soda', 'checks');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`no soda/checks folder found above ${start}; set QUALITY_CHECKS_DIR`);
  }
}
