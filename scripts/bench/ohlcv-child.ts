/**
 * One timed resampling in a process of its own (so peak RSS is the resampling's): our resampler
 * (full or incremental) or the same bars as one plain DuckDB statement. Prints BENCH_RESULT {…}.
 */
import { join } from 'node:path';
import { openDuck, sqlPath } from '@medallion/duck';
import { localStore } from '@medallion/lake';
import { openResampleDuck, resample } from '@medallion/ohlcv-steps';
import { printBenchResult } from './child';

export interface OhlcvChildArgs {
  mode: 'full' | 'incremental' | 'plain';
  lakeDir: string;
  /** plain: where the statement writes. */
  outDir?: string;
}

export interface OhlcvChildResult {
  seconds: number;
  bars: number;
  peakRssMb: number;
}

const INTERVALS = [3, 5, 8, 13, 21, 34];

/**
 * The limit: every interval's bars from all of bronze in one statement, written as
 * interval/year/month partitions. No checkpoints, no partition bookkeeping, no incremental path.
 */
function plainStatement(lakeDir: string, outDir: string): string {
  const bronze = join(lakeDir, 'bronze/ohlcv/raw_ohlcv/*/data.parquet');
  return `COPY (
    WITH days AS (SELECT *, row_number() OVER (PARTITION BY symbol ORDER BY date) - 1 AS i FROM read_parquet(${sqlPath(bronze)})),
         n AS (SELECT unnest([${INTERVALS.join(', ')}]) AS n)
    SELECT n.n AS interval_days, symbol, min(date) AS bar_start, max(date) AS bar_end, arg_min(open, date) AS open, max(high) AS high,
           min(low) AS low, arg_max(close, date) AS close, sum(volume)::BIGINT AS volume, count(*)::INTEGER AS n_days, count(*) = n.n AS is_complete,
           year(min(date)) AS year, month(min(date)) AS month
      FROM days, n GROUP BY n.n, symbol, i // n.n)
    TO ${sqlPath(outDir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (interval_days, year, month), OVERWRITE_OR_IGNORE true)`;
}

const args = JSON.parse(process.argv[2]!) as OhlcvChildArgs;
// Ours with the resampler's own settings (OHLCV_DUCKDB_MEMORY_LIMIT, default 1200MB); the plain statement unconstrained.
const duck = args.mode === 'plain' ? await openDuck() : await openResampleDuck();
const started = performance.now();
let bars: number;
if (args.mode === 'plain') {
  await duck.run(plainStatement(args.lakeDir, args.outDir!));
  bars = await duck.scalar<number>(`SELECT count(*)::BIGINT FROM read_parquet(${sqlPath(join(args.outDir!, '*/*/*/*.parquet'))})`);
} else {
  bars = (await resample(localStore(args.lakeDir), duck, { full: args.mode === 'full' })).bars;
}
const seconds = (performance.now() - started) / 1000;
duck.close();
const result: OhlcvChildResult = { seconds, bars, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
printBenchResult(result);
