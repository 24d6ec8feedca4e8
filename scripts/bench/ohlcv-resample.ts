/**
 * `make bench` entry ohlcv-resample: generated daily bars (symbols × trading days) resampled into
 * all six Fibonacci intervals by our resampler (full rebuild, then one new trading day
 * incremental) and, in the same run, by one plain DuckDB statement over the same bronze, each in a
 * child process of its own (time and peak RSS). The scale is 5,350 symbols × 4,224 days
 * (22.6M rows): BENCH_OHLCV_SYMBOLS and BENCH_OHLCV_DAYS set it (default 5,350 × 500 = 2.7M rows).
 */
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openDuck, sqlPath } from '@medallion/duck';
import { localStore } from '@medallion/lake';
import { mergeIntoBronze } from '@medallion/ohlcv-steps';
import type { OhlcvChildArgs, OhlcvChildResult } from './ohlcv-child';
import { medianRun, runBenchChild } from './child';
import { BENCH_DIR } from './paths';

export interface OhlcvBenchSettings {
  symbols: number;
  days: number;
  repeat: number;
}

export const OHLCV_BENCH_DEFAULTS: OhlcvBenchSettings = { symbols: 5350, days: 500, repeat: 1 };

/**
 * Bronze for symbols × days weekdays from Monday 2010-01-04 (k-th weekday by arithmetic), generated in SQL (a deterministic wave
 * and wiggle per symbol), one file per symbol as the fetcher writes them.
 */
async function generateBronze(lakeDir: string, s: OhlcvBenchSettings): Promise<void> {
  const root = join(lakeDir, 'bronze/ohlcv/raw_ohlcv');
  await rm(lakeDir, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  // One thread: a parallel partitioned write may split a symbol across files (data0, data1…).
  const duck = await openDuck({ threads: 1 });
  try {
    await duck.run(`COPY (
      WITH d AS (SELECT (DATE '2010-01-04' + ((k // 5) * 7 + k % 5)::INTEGER) AS date, k::DOUBLE AS k FROM range(${s.days}) t(k)),
           sym AS (SELECT 'S' || lpad(i::VARCHAR, 5, '0') AS symbol, i FROM range(${s.symbols}) t(i)),
           p AS (SELECT symbol, date, (20 + (i % 97)) * (1 + 0.25 * sin(k / (30 + i % 50) + i)) AS mid, hash(symbol, date) AS h FROM sym, d)
      SELECT symbol, date, mid * (1 + ((h % 1000) / 1000.0 - 0.5) * 0.02) AS open, mid * 1.012 AS high, mid * 0.988 AS low,
             mid * (1 + (((h // 1000) % 1000) / 1000.0 - 0.5) * 0.02) AS close, (100000 + h % 5000000)::BIGINT AS volume,
             mid AS vwap, (1000 + h % 20000)::BIGINT AS transactions
        FROM p ORDER BY symbol, date)
      TO ${sqlPath(root)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (symbol), WRITE_PARTITION_COLUMNS true, FILENAME_PATTERN 'data', OVERWRITE_OR_IGNORE true)`);
  } finally {
    duck.close();
  }
  for (const dir of await readdir(root)) {
    const files = await readdir(join(root, dir));
    if (files.length !== 1) throw new Error(`generated ${files.length} files for ${dir}`);
    const file = files[0];
    if (file !== 'data.parquet') await rename(join(root, dir, file!), join(root, dir, 'data.parquet'));
  }
}

/** The next weekday's bar for every symbol, merged as the fetcher would (records the change for the resampler). */
async function addOneDay(lakeDir: string, s: OhlcvBenchSettings): Promise<string> {
  const duck = await openDuck();
  try {
    const [last] = await duck.all<{ d: string }>(
      `SELECT max(date)::VARCHAR AS d FROM read_parquet(${sqlPath(join(lakeDir, 'bronze/ohlcv/raw_ohlcv/symbol=S00000/data.parquet'))})`,
    );
    const next = new Date(`${last!.d}T00:00:00Z`);
    do next.setUTCDate(next.getUTCDate() + 1);
    while (next.getUTCDay() === 0 || next.getUTCDay() === 6);
    const date = next.toISOString().slice(0, 10);
    const bars = Array.from({ length: s.symbols }, (_, i) => ({
      symbol: `S${String(i).padStart(5, '0')}`,
      date,
      open: 50 + (i % 7),
      high: 60 + (i % 7),
      low: 40 + (i % 7),
      close: 55 + (i % 7),
      volume: 1_000_000 + i,
      vwap: 52,
      transactions: 1000,
    }));
    await mergeIntoBronze(localStore(lakeDir), duck, bars);
    return date;
  } finally {
    duck.close();
  }
}

const runChild = (args: OhlcvChildArgs) => runBenchChild<OhlcvChildResult>('ohlcv-child.ts', args);

export interface OhlcvBenchResult {
  settings: OhlcvBenchSettings;
  rows: number;
  full: OhlcvChildResult;
  plain: OhlcvChildResult;
  incremental: OhlcvChildResult;
  newDay: string;
}

export async function benchOhlcvResample(s: OhlcvBenchSettings): Promise<OhlcvBenchResult> {
  const lakeDir = join(BENCH_DIR, 'ohlcv', 'lake');
  const outDir = join(BENCH_DIR, 'ohlcv', 'plain');
  const fulls: OhlcvChildResult[] = [];
  const plains: OhlcvChildResult[] = [];
  const incrementals: OhlcvChildResult[] = [];
  let newDay = '';
  for (let r = 0; r < s.repeat; r++) {
    console.log(`  generating ${s.symbols.toLocaleString('en-US')} symbols × ${s.days.toLocaleString('en-US')} days`);
    await generateBronze(lakeDir, s);
    // Side by side, alternating which goes first.
    const order = r % 2 === 0 ? (['plain', 'full'] as const) : (['full', 'plain'] as const);
    for (const mode of order) {
      await rm(outDir, { recursive: true, force: true });
      const res = await runChild({ mode, lakeDir, outDir });
      console.log(`  ${mode}: ${res.seconds.toFixed(1)} s, ${res.bars.toLocaleString('en-US')} bars, peak RSS ${res.peakRssMb} MB`);
      (mode === 'full' ? fulls : plains).push(res);
    }
    newDay = await addOneDay(lakeDir, s);
    const inc = await runChild({ mode: 'incremental', lakeDir });
    console.log(`  incremental (${newDay}): ${inc.seconds.toFixed(2)} s, ${inc.bars.toLocaleString('en-US')} bars recomputed, peak RSS ${inc.peakRssMb} MB`);
    incrementals.push(inc);
  }
  return { settings: s, rows: s.symbols * s.days, full: medianRun(fulls), plain: medianRun(plains), incremental: medianRun(incrementals), newDay };
}

export function ohlcvBenchMarkdown(r: OhlcvBenchResult): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return [
    `#### ohlcv-resample — ${n(r.settings.symbols)} symbols × ${n(r.settings.days)} trading days (${n(r.rows)} rows) into 3/5/8/13/21/34-day bars`,
    '',
    '| run | time | bars | peak RSS |',
    '|---|---|---|---|',
    `| resampler, full rebuild (\`resample --full\`) | ${r.full.seconds.toFixed(1)} s | ${n(r.full.bars)} | ${r.full.peakRssMb} MB |`,
    `| one plain DuckDB statement (the limit) | ${r.plain.seconds.toFixed(1)} s | ${n(r.plain.bars)} | ${r.plain.peakRssMb} MB |`,
    `| resampler, one new trading day (${r.newDay}) incremental | ${r.incremental.seconds.toFixed(2)} s | ${n(r.incremental.bars)} recomputed | ${r.incremental.peakRssMb} MB |`,
    '',
    `Full rebuild / plain statement: **${(r.full.seconds / r.plain.seconds).toFixed(2)}×** (median of ${r.settings.repeat}; each in a child process, side by side).`,
    '',
  ].join('\n');
}
