/**
 * ohlcv_pipeline end to end through the real ASL (runPipelineLocally, as `lake run` does): the
 * bundled ORCL history's last month fetched from the loopback grouped-daily server (with 429s
 * and 503s) into bronze and PGlite, resampled into silver_Nd, retention applied; `--from
 * Resample` re-runs the tail; a fetch that keeps failing ends in the alert.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderSummary, runPipelineLocally } from '@medallion/cli';
import { type LocalDynamo, testLocalDynamo } from '@medallion/local';
import { closeOhlcvConnections } from '@medallion/ohlcv-steps';

let dynamo: LocalDynamo;
const dirs: string[] = [];
const lakeDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ohlcv-e2e-'));
  dirs.push(d);
  return d;
};
beforeAll(async () => {
  dynamo = await testLocalDynamo('ohlcv-e2e');
});
afterAll(async () => {
  await closeOhlcvConnections();
  await dynamo.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

it('fetches in rate-limited chunks, resamples and applies retention; --from Resample re-runs the tail with nothing new', async () => {
  const lake = lakeDir();
  const opts = { pipeline: 'ohlcv_pipeline', sourceDir: 'sample-data/ohlcv', lakeDir: lake, dynamo, fastRetries: true };
  const run = await runPipelineLocally(opts);
  expect(run.status).toBe('SUCCEEDED');
  expect(run.path.filter((s) => s === 'Fetch')).toHaveLength(5); // 23 December sessions, 5 calls a chunk
  expect(run.path.slice(-3)).toEqual(['Resample', 'Retention', 'Done']);
  const resampled = run.tasks.Resample![0]!.output as { mode: string; symbols: number; bars: number };
  expect(resampled).toMatchObject({ mode: 'full', symbols: 51 });
  expect(existsSync(join(lake, 'silver/ohlcv/silver_34d/year=2014/month=12/data.parquet'))).toBe(true);
  expect(existsSync(join(lake, 'bronze/ohlcv/raw_ohlcv/symbol=ORCL/data.parquet'))).toBe(true);
  expect(renderSummary(run)).toMatch(/Resample/);

  const again = await runPipelineLocally({ ...opts, from: 'Resample' });
  expect(again.status).toBe('SUCCEEDED');
  expect(again.path).toEqual(['Resample', 'Retention', 'Done']);
  expect(again.tasks.Resample![0]!.output).toMatchObject({ mode: 'incremental', symbols: 0 });
});

it('a fetch that keeps failing ends in the SNS alert and the Fail state', async () => {
  const lake = lakeDir();
  const run = await runPipelineLocally({
    pipeline: 'ohlcv_pipeline',
    sourceDir: 'sample-data/ohlcv',
    lakeDir: lake,
    dynamo,
    fastRetries: true,
    wrapFunctions: (fns) => ({
      ...fns,
      fn_ohlcv_fetch: async () => {
        throw Object.assign(new Error('grouped-daily 2014-12-01: HTTP 503'), { name: 'PolygonRetryable' });
      },
    }),
  });
  expect(run.status).toBe('FAILED');
  expect(run.path.slice(-2)).toEqual(['Alert', 'Failed']);
  expect(readFileSync(run.outboxFile, 'utf8')).toMatch(/ohlcv_pipeline failed/);
});
