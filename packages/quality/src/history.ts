import { randomBytes } from 'node:crypto';
/**
 * Metric history without Soda Cloud: every scan stores each dataset's metric values at
 * `<lake>/quality/metrics/dataset=<name>/run=<runTs>.json`. `change for …` and
 * `anomaly score for …` read the runs before the current one. A re-run at the same NOW
 * overwrites its own file, so replaying a scan is idempotent.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MetricValue } from './dataset-scan';

export interface StoredColumn {
  name: string;
  type: string;
}

export interface StoredRun {
  dataset: string;
  runTs: string;
  scanTime: string;
  metrics: Record<string, MetricValue>;
  schema?: StoredColumn[];
}

/** History checks look back at most this many runs (anomaly windows default to 30). */
export const HISTORY_RUNS_READ = 200;

export interface MetricStore {
  /** The newest runs of a dataset (at most HISTORY_RUNS_READ), oldest first. */
  list(dataset: string): Promise<StoredRun[]>;
  save(run: StoredRun): Promise<void>;
}

/** The subset of @medallion/lake's ObjectStore the history needs (local dir or S3). */
export interface ObjectStoreLike {
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<unknown>;
  list(prefix: string): Promise<{ key: string }[]>;
}

const SAFE_DATASET = /^[A-Za-z0-9][A-Za-z0-9_]*$/;

/** `2025-06-01T12:00:00.123Z` → `20250601T120000123Z`: sorts by time, safe in object keys. */
export function runTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`invalid scan time ${JSON.stringify(iso)}`);
  return d.toISOString().replace(/[-:.]/g, '');
}

export function metricsKey(dataset: string, runTs: string): string {
  if (!SAFE_DATASET.test(dataset)) throw new Error(`invalid dataset name for metric history: ${JSON.stringify(dataset)}`);
  return `quality/metrics/dataset=${dataset}/run=${runTs}.json`;
}

function parseRuns(texts: string[]): StoredRun[] {
  return texts.map((t) => JSON.parse(t) as StoredRun).sort((a, b) => (a.runTs < b.runTs ? -1 : a.runTs > b.runTs ? 1 : 0));
}

export function localMetricStore(lakeDir: string): MetricStore {
  return {
    async list(dataset) {
      const dir = join(lakeDir, metricsKey(dataset, 'x').replace(/\/run=x\.json$/, ''));
      const names = await readdir(dir).catch(() => [] as string[]);
      const files = names
        .filter((n) => /^run=\w+\.json$/.test(n))
        .sort()
        .slice(-HISTORY_RUNS_READ);
      return parseRuns(await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8'))));
    },
    async save(run) {
      const file = join(lakeDir, metricsKey(run.dataset, run.runTs));
      await mkdir(join(file, '..'), { recursive: true });
      const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`; // concurrent runs never share a temp file
      await writeFile(tmp, JSON.stringify(run, null, 2));
      await rename(tmp, file); // readers never see half a file
    },
  };
}

export function objectMetricStore(store: ObjectStoreLike): MetricStore {
  return {
    async list(dataset) {
      const prefix = metricsKey(dataset, 'x').replace(/run=x\.json$/, '');
      const objects = (await store.list(prefix))
        .filter((o) => o.key.endsWith('.json'))
        .sort((a, b) => (a.key < b.key ? -1 : 1))
        .slice(-HISTORY_RUNS_READ);
      const bodies = await Promise.all(objects.map((o) => store.get(o.key)));
      return parseRuns(bodies.filter((b): b is Uint8Array => b !== null).map((b) => new TextDecoder().decode(b)));
    },
    async save(run) {
      await store.put(metricsKey(run.dataset, run.runTs), JSON.stringify(run, null, 2), 'application/json');
    },
  };
}

/** Earlier values of one metric, oldest first (the current run and empty values excluded). */
export function previousValues(runs: StoredRun[], identity: string, beforeRunTs: string): number[] {
  return runs
    .filter((r) => r.runTs < beforeRunTs)
    .map((r) => r.metrics[identity])
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

export interface ChangeResult {
  value: number | null;
  historicValue: number;
}

/** Soda's change-over-time: current − aggregate(last N), or that difference in percent. */
export function changeOverTime(
  current: number,
  history: number[],
  last: number,
  aggregation: 'min' | 'avg' | 'max',
  percent: boolean,
): ChangeResult | undefined {
  const window = history.slice(-last);
  if (window.length === 0) return undefined;
  const historicValue =
    aggregation === 'min' ? Math.min(...window) : aggregation === 'max' ? Math.max(...window) : window.reduce((a, b) => a + b, 0) / window.length;
  const diff = current - historicValue;
  if (!percent) return { value: diff, historicValue };
  if (historicValue === 0) return { value: diff === 0 ? 0 : null, historicValue };
  return { value: (diff / historicValue) * 100, historicValue };
}

export interface AnomalyResult {
  /** |value − mean| / sd: how many standard deviations from the baseline. */
  score: number;
  mean: number;
  stddev: number;
  historyCount: number;
}

/**
 * Baseline = mean and sample standard deviation of the last `window` runs. A perfectly
 * constant history gets a tiny floor instead of 0 so any change scores far above 3.
 */
export function anomalyScore(current: number, history: number[], window: number, minHistory: number): AnomalyResult | undefined {
  const baseline = history.slice(-window);
  if (baseline.length < Math.max(minHistory, 2)) return undefined;
  const mean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
  const variance = baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / (baseline.length - 1);
  const stddev = Math.sqrt(variance);
  const floor = Math.max(stddev, Math.abs(mean) * 1e-6, 1e-9);
  return { score: Math.round((Math.abs(current - mean) / floor) * 10_000) / 10_000, mean, stddev, historyCount: baseline.length };
}
