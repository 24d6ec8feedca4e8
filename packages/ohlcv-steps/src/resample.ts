import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Duck, sqlPath } from '@medallion/duck';
import type { ObjectStore } from '@medallion/lake';
import { INTERVALS, SILVER_BAR_COLUMNS } from '@medallion/ohlcv';
import { bronzeKey, CHANGES_PREFIX, RESAMPLE_CHECKPOINTS_KEY, RESAMPLE_TAIL_KEY } from './keys';
import { bronzeSymbols } from './bronze';
import { barsSql, planSql } from './resample-sql';
import { copyPartitioned } from './partitioned-copy';
import { dropFullTables, rebuildFromBronze } from './full-rebuild';
import { existingPartitions, listPartitions, publishPartitions } from './partitions';

export interface ResampleOptions {
  /** Rebuild every symbol and partition from bronze, ignoring checkpoints (also the first run). */
  full?: boolean;
  intervals?: readonly number[];
}

export interface ResampleResult {
  mode: 'full' | 'incremental';
  /** stream: the full rebuild's one ordered pass over bronze (full-rebuild.ts); sql: the per-interval SQL. */
  engine: 'stream' | 'sql';
  symbols: number;
  bars: number;
  partitionsWritten: number;
  partitionsDeleted: number;
  changeFiles: number;
}

const DAY_COLUMNS = 'symbol, date, open, high, low, close, volume';
const BAR_COLUMNS = Object.keys(SILVER_BAR_COLUMNS).join(', ');

/** The per-symbol, per-interval checkpoint table: anchor and the last complete bar. */
async function loadCheckpoints(lake: ObjectStore, duck: Duck, full: boolean): Promise<void> {
  const head = full ? null : await lake.head(RESAMPLE_CHECKPOINTS_KEY);
  if (head) {
    const [path] = await lake.stage([RESAMPLE_CHECKPOINTS_KEY]);
    await duck.run(`CREATE OR REPLACE TEMP TABLE ohlcv_ckpt AS SELECT * FROM read_parquet(${sqlPath(path!)})`);
  } else {
    await duck.run(
      'CREATE OR REPLACE TEMP TABLE ohlcv_ckpt (symbol VARCHAR, "interval" INTEGER, anchor DATE, last_complete_bar INTEGER, last_complete_end DATE)',
    );
  }
}

/**
 * The changed bars since the last run (ohlcv_change_rows; a later record wins for the same symbol
 * and date) and each changed symbol's first changed date (ohlcv_changed; '0001-01-01' on a full run).
 */
async function loadChanges(lake: ObjectStore, duck: Duck, full: boolean): Promise<string[]> {
  // Keys start with the record's time, so key order is write order.
  const changeKeys = (await lake.list(CHANGES_PREFIX)).map((o) => o.key).filter((k) => k.endsWith('.parquet'));
  const staged = changeKeys.length && !full ? await lake.stage(changeKeys) : [];
  await duck.run(
    staged.length
      ? `CREATE OR REPLACE TEMP TABLE ohlcv_change_rows AS
           SELECT ${DAY_COLUMNS} FROM read_parquet([${staged.map(sqlPath).join(', ')}], filename = true)
           QUALIFY row_number() OVER (PARTITION BY symbol, date ORDER BY filename DESC) = 1`
      : `CREATE OR REPLACE TEMP TABLE ohlcv_change_rows (symbol VARCHAR, date DATE, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume BIGINT)`,
  );
  await duck.run('CREATE OR REPLACE TEMP TABLE ohlcv_changed AS SELECT symbol, min(date) AS first_changed FROM ohlcv_change_rows GROUP BY symbol');
  if (full) {
    const symbols = [...(await bronzeSymbols(lake))].sort();
    // Values go in as parameters, a chunk of rows per statement.
    for (let i = 0; i < symbols.length; i += 500) {
      const chunk = symbols.slice(i, i + 500);
      await duck.run(`INSERT INTO ohlcv_changed VALUES ${chunk.map(() => "(?, DATE '0001-01-01')").join(', ')}`, chunk);
    }
  }
  return changeKeys;
}

/**
 * Each symbol's days after its earliest last complete bar (all its days while an interval has
 * none): with the change records, all a daily run reads. Absent (first run), every changed
 * symbol is read from bronze.
 */
async function loadTail(lake: ObjectStore, duck: Duck, full: boolean): Promise<boolean> {
  const present = !full && (await lake.head(RESAMPLE_TAIL_KEY)) !== null;
  if (present) {
    const [path] = await lake.stage([RESAMPLE_TAIL_KEY]);
    await duck.run(`CREATE OR REPLACE TEMP TABLE ohlcv_tail AS SELECT ${DAY_COLUMNS} FROM read_parquet(${sqlPath(path!)})`);
  } else {
    await duck.run('CREATE OR REPLACE TEMP TABLE ohlcv_tail (symbol VARCHAR, date DATE, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume BIGINT)');
  }
  return present;
}

/**
 * The days the run recomputes from, with their day index counted from the anchor: whole symbols
 * from bronze where the plan says so, otherwise the tail plus the changed bars after read_from.
 */
async function loadDays(lake: ObjectStore, duck: Duck): Promise<void> {
  const fromBronze = (await duck.all<{ symbol: string }>('SELECT symbol FROM ohlcv_plan WHERE read_from IS NULL ORDER BY symbol')).map((r) => r.symbol);
  const staged = fromBronze.length ? await lake.stage(fromBronze.map(bronzeKey)) : [];
  const bronzePart = staged.length
    ? `SELECT ${DAY_COLUMNS} FROM read_parquet([${staged.map(sqlPath).join(', ')}]) WHERE symbol IN (SELECT symbol FROM ohlcv_plan WHERE read_from IS NULL) UNION ALL `
    : '';
  await duck.run(`CREATE OR REPLACE TEMP TABLE ohlcv_days AS
    WITH recent AS (
      SELECT ${DAY_COLUMNS} FROM (
        SELECT t.*, 1 AS pri FROM ohlcv_tail t JOIN ohlcv_plan p USING (symbol) WHERE p.read_from IS NOT NULL AND t.date > p.read_from
        UNION ALL
        SELECT c.*, 0 AS pri FROM ohlcv_change_rows c JOIN ohlcv_plan p USING (symbol) WHERE p.read_from IS NOT NULL AND c.date > p.read_from)
      QUALIFY row_number() OVER (PARTITION BY symbol, date ORDER BY pri) = 1),
    u AS (${bronzePart}SELECT * FROM recent)
    SELECT u.*, p.day_offset + row_number() OVER (PARTITION BY u.symbol ORDER BY u.date) - 1 AS day_idx
      FROM u JOIN ohlcv_plan p USING (symbol)`);
}

/**
 * Build the silver_Nd bars from bronze (see docs/OHLCV.md for the rules). An incremental run
 * recomputes, per changed symbol and interval, the bars from the first incomplete one (or the one
 * holding the first changed day, when earlier) and rewrites every `year=/month=` partition those
 * bars touch, whole: rows of other symbols and older bars are carried over, never appended to.
 * Checkpoints are written after the partitions and the change records removed last, so a crash
 * anywhere re-runs to the same files.
 */
export async function resample(lake: ObjectStore, duck: Duck, options: ResampleOptions = {}): Promise<ResampleResult> {
  const intervals = options.intervals ?? INTERVALS;
  const full = options.full === true || !(await lake.head(RESAMPLE_CHECKPOINTS_KEY));
  await loadCheckpoints(lake, duck, full);
  const changeKeys = await loadChanges(lake, duck, full);
  const tailPresent = await loadTail(lake, duck, full);
  const symbols = (await duck.all<{ symbol: string }>('SELECT symbol FROM ohlcv_changed ORDER BY symbol')).map((r) => r.symbol);
  const result: ResampleResult = {
    mode: full ? 'full' : 'incremental',
    engine: 'sql',
    symbols: symbols.length,
    bars: 0,
    partitionsWritten: 0,
    partitionsDeleted: 0,
    changeFiles: changeKeys.length,
  };
  if (symbols.length === 0) return result;
  const dir = await mkdtemp(join(tmpdir(), 'ohlcv-resample-'));
  try {
    // A full run streams bronze once (full-rebuild.ts); bronze it cannot stream goes the SQL way.
    const rebuilt = full ? await rebuildFromBronze(lake, duck, symbols, intervals, dir) : null;
    if (rebuilt) {
      result.engine = 'stream';
      result.bars = rebuilt.bars;
      result.partitionsWritten = rebuilt.written;
      result.partitionsDeleted = rebuilt.deleted;
    } else {
      await duck.run(planSql(intervals, tailPresent));
      await loadDays(lake, duck);
      for (const interval of intervals) {
        const counts = await resampleInterval(lake, duck, interval, full, dir);
        result.bars += counts.bars;
        result.partitionsWritten += counts.written;
        result.partitionsDeleted += counts.deleted;
      }
    }
    const newCheckpoints = intervals.map((n) => `SELECT * FROM ohlcv_ckpt_${n}`);
    const ckptFile = join(dir, 'checkpoints.parquet');
    await duck.run(
      `COPY (SELECT * FROM (${newCheckpoints.join(' UNION ALL ')})
             UNION ALL SELECT * FROM ohlcv_ckpt WHERE symbol NOT IN (SELECT symbol FROM ohlcv_changed)
             ORDER BY symbol, "interval") TO ${sqlPath(ckptFile)} (FORMAT parquet, COMPRESSION zstd)`,
    );
    await lake.putFile(RESAMPLE_CHECKPOINTS_KEY, ckptFile);
    // After the checkpoints: a tail older than them only holds extra days (filtered by read_from).
    const tailFile = join(dir, 'tail.parquet');
    await duck.run(
      `COPY (SELECT ${DAY_COLUMNS} FROM ohlcv_days d
              WHERE d.date > coalesce((SELECT CASE WHEN bool_or(k.last_complete_end IS NULL) THEN NULL ELSE min(k.last_complete_end) END
                                         FROM read_parquet(${sqlPath(ckptFile)}) k WHERE k.symbol = d.symbol), DATE '0001-01-01')
             UNION ALL SELECT ${DAY_COLUMNS} FROM ohlcv_tail WHERE symbol NOT IN (SELECT symbol FROM ohlcv_changed)
             ORDER BY symbol, date) TO ${sqlPath(tailFile)} (FORMAT parquet, COMPRESSION zstd)`,
    );
    await lake.putFile(RESAMPLE_TAIL_KEY, tailFile);
    for (const key of changeKeys) await lake.delete(key);
    return result;
  } finally {
    await duck.run('DROP TABLE IF EXISTS ohlcv_days; DROP TABLE IF EXISTS ohlcv_plan; DROP TABLE IF EXISTS ohlcv_tail; DROP TABLE IF EXISTS ohlcv_change_rows');
    await dropFullTables(duck);
    await rm(dir, { recursive: true, force: true });
  }
}

async function resampleInterval(lake: ObjectStore, duck: Duck, interval: number, full: boolean, dir: string) {
  await duck.run(barsSql(interval));
  const bars = await duck.scalar<number>('SELECT count(*)::INTEGER FROM ohlcv_new_bars');
  // Partitions to rewrite: every one a new bar falls in, and every existing one at or after the
  // earliest recomputed bar (old bars of a changed symbol may sit there); all of them on a full run.
  // An incremental run asks for that range of months by key rather than listing the interval's
  // history (a listing reads every object's metadata).
  const months = new Set((await duck.all<{ ym: string }>(`SELECT DISTINCT strftime(bar_start, '%Y-%m') AS ym FROM ohlcv_new_bars`)).map((r) => r.ym));
  let existing: Map<string, string>;
  if (full) existing = await listPartitions(lake, interval);
  else {
    const range = await duck.all<{ ym: string }>(
      `SELECT strftime(m, '%Y-%m') AS ym FROM (SELECT min(start_date) AS lo, (SELECT max(date) FROM ohlcv_days) AS hi FROM ohlcv_starts) r,
              range(date_trunc('month', r.lo), date_trunc('month', r.hi) + INTERVAL 1 MONTH, INTERVAL 1 MONTH) t(m)
        WHERE r.lo IS NOT NULL`,
    );
    existing = await existingPartitions(
      lake,
      interval,
      range.map((r) => r.ym),
    );
  }
  for (const ym of existing.keys()) months.add(ym);
  const affected = [...months].sort();
  const keep = full ? [] : await lake.stage(affected.filter((ym) => existing.has(ym)).map((ym) => existing.get(ym)!));
  const outDir = join(dir, `silver_${interval}d`);
  await writePartitions(duck, affected, keep, outDir);
  const { written, deleted } = await publishPartitions(lake, interval, affected, existing, outDir);
  await duck.run(`CREATE OR REPLACE TEMP TABLE ohlcv_ckpt_${interval} AS
    SELECT s.symbol, ${interval}::INTEGER AS "interval", s.anchor,
           coalesce(max(b.bar_idx) FILTER (WHERE b.is_complete), s.kept_complete_bar)::INTEGER AS last_complete_bar,
           coalesce(max(b.bar_end) FILTER (WHERE b.is_complete), s.kept_complete_end) AS last_complete_end
      FROM ohlcv_starts s LEFT JOIN ohlcv_new_bars b USING (symbol)
     GROUP BY s.symbol, s.anchor, s.kept_complete_bar, s.kept_complete_end`);
  return { bars, written, deleted };
}

/**
 * Every affected partition, whole: the kept rows of its old file (other symbols, and bars before
 * each changed symbol's first recomputed one) plus the new bars of that month, sorted by symbol
 * and bar_start. One partitioned COPY writes them all, the same way on a full and an incremental run.
 */
async function writePartitions(duck: Duck, months: string[], keep: string[], outDir: string): Promise<void> {
  if (months.length === 0) return;
  const kept = keep.length
    ? `SELECT ${BAR_COLUMNS} FROM read_parquet([${keep.map(sqlPath).join(', ')}]) o
        WHERE NOT EXISTS (SELECT 1 FROM ohlcv_starts s WHERE s.symbol = o.symbol AND o.bar_start >= s.start_date)
       UNION ALL `
    : '';
  await duck.run('CREATE OR REPLACE TEMP TABLE ohlcv_months (ym VARCHAR)');
  for (let i = 0; i < months.length; i += 500) {
    const chunk = months.slice(i, i + 500);
    await duck.run(`INSERT INTO ohlcv_months VALUES ${chunk.map(() => '(?)').join(', ')}`, chunk);
  }
  await copyPartitioned(
    duck,
    `SELECT ${BAR_COLUMNS}, strftime(bar_start, '%Y') AS year, strftime(bar_start, '%m') AS month
       FROM (${kept}SELECT ${BAR_COLUMNS} FROM ohlcv_new_bars) b
      WHERE strftime(bar_start, '%Y-%m') IN (SELECT ym FROM ohlcv_months)
      ORDER BY year, month, symbol, bar_start`,
    outDir,
    ['year', 'month'],
  );
}
