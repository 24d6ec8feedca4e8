/**
 * The full rebuild's bars in one ordered pass over bronze. Each bronze file is one symbol sorted
 * by date, so a bar of N days is N consecutive rows: a loop over typed arrays builds every interval's
 * bars as the rows stream by, where DuckDB's hash aggregate would re-group 22.6M rows once per interval
 * (docs/OHLCV.md, "Why the full rebuild streams"). DuckDB still reads bronze, holds the bars and writes
 * the Parquet; the loop only replaces the GROUP BY, and refuses (BronzeOrderError) any file that is
 * not one symbol in date order, which the SQL path then handles.
 */
import { join } from 'node:path';
import { ColumnAppender, type ColumnChunk, type Duck, forEachChunk, type NumericColumnType, sqlPath } from '@medallion/duck';
import type { ObjectStore } from '@medallion/lake';
import { bronzeKey } from './keys';
import { listPartitions, publishPartitions } from './partitions';

/** Bronze did not come as one symbol per file in date order: the caller falls back to the SQL resampler. */
export class BronzeOrderError extends Error {
  override name = 'BronzeOrderError';
}

// full_bars_N: sym, bar_start, bar_end, open, high, low, close, volume, n_days (in symbol, bar order: the bar index is the row order)
const BAR_TYPES: NumericColumnType[] = ['INTEGER', 'DATE', 'DATE', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'INTEGER'];
// ohlcv_full_ckpt: sym, interval, anchor, last_complete_bar (−1: none), last_complete_end (meaningless when none)
const CKPT_TYPES: NumericColumnType[] = ['INTEGER', 'INTEGER', 'DATE', 'INTEGER', 'DATE'];
// ohlcv_full_tail: sym, date, open, high, low, close, volume
const DAY_TYPES: NumericColumnType[] = ['INTEGER', 'DATE', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE'];

const createTable = (name: string, columns: string) => `CREATE OR REPLACE TEMP TABLE ${name} (${columns})`;
/**
 * The bars live in an attached in-memory database rather than temp tables: temp tables are per
 * connection, and the partition writes run on two connections at once.
 */
const SCRATCH = 'ohlcv_scratch';
const barsTable = (n: number) => `${SCRATCH}.full_bars_${n}`;
const SYMBOLS = `${SCRATCH}.full_symbols`;

/** One symbol's days, reused from symbol to symbol (grown when a symbol has more days). */
class SymbolDays {
  count = 0;
  date = new Int32Array(8192);
  open = new Float64Array(8192);
  high = new Float64Array(8192);
  low = new Float64Array(8192);
  close = new Float64Array(8192);
  volume = new Float64Array(8192);

  push(d: number, o: number, h: number, l: number, c: number, v: number): void {
    if (this.count === this.date.length) this.grow();
    const i = this.count++;
    this.date[i] = d;
    this.open[i] = o;
    this.high[i] = h;
    this.low[i] = l;
    this.close[i] = c;
    this.volume[i] = v;
  }

  private grow(): void {
    const n = this.date.length * 2;
    const more = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.date = more(this.date, (k) => new Int32Array(k));
    for (const f of ['open', 'high', 'low', 'close', 'volume'] as const) this[f] = more(this[f], (k) => new Float64Array(k));
  }
}

/** Bars, checkpoints and tail days of one symbol, appended to the run's tables. */
class SymbolBarWriter {
  constructor(
    private readonly intervals: readonly number[],
    private readonly bars: ColumnAppender[],
    private readonly ckpt: ColumnAppender,
    private readonly tail: ColumnAppender,
  ) {}

  write(sym: number, days: SymbolDays): number {
    let bars = 0;
    let tailFrom = 0;
    for (let k = 0; k < this.intervals.length; k++) {
      const n = this.intervals[k]!;
      bars += this.writeBars(sym, n, days, this.bars[k]!);
      const complete = Math.floor(days.count / n);
      const c = this.ckpt.columns;
      const j = this.ckpt.length;
      c[0]![j] = sym;
      c[1]![j] = n;
      c[2]![j] = days.date[0]!;
      c[3]![j] = complete - 1;
      c[4]![j] = complete > 0 ? days.date[complete * n - 1]! : 0;
      this.ckpt.next();
      // The tail: days after the earliest last complete bar; all of them while an interval has none.
      tailFrom = k === 0 ? complete * n : Math.min(tailFrom, complete * n);
    }
    for (let i = tailFrom; i < days.count; i++) {
      const c = this.tail.columns;
      const j = this.tail.length;
      c[0]![j] = sym;
      c[1]![j] = days.date[i]!;
      c[2]![j] = days.open[i]!;
      c[3]![j] = days.high[i]!;
      c[4]![j] = days.low[i]!;
      c[5]![j] = days.close[i]!;
      c[6]![j] = days.volume[i]!;
      this.tail.next();
    }
    return bars;
  }

  private writeBars(sym: number, n: number, days: SymbolDays, out: ColumnAppender): number {
    let bars = 0;
    for (let start = 0; start < days.count; start += n) {
      const end = Math.min(start + n, days.count);
      let high = days.high[start]!;
      let low = days.low[start]!;
      let volume = 0;
      for (let i = start; i < end; i++) {
        if (days.high[i]! > high) high = days.high[i]!;
        if (days.low[i]! < low) low = days.low[i]!;
        volume += days.volume[i]!;
      }
      const c = out.columns;
      const j = out.length;
      c[0]![j] = sym;
      c[1]![j] = days.date[start]!;
      c[2]![j] = days.date[end - 1]!;
      c[3]![j] = days.open[start]!;
      c[4]![j] = high;
      c[5]![j] = low;
      c[6]![j] = days.close[end - 1]!;
      c[7]![j] = volume;
      c[8]![j] = end - start;
      out.next();
      bars++;
    }
    return bars;
  }
}

/**
 * Stream the staged bronze files (sorted by symbol) once and fill, for the SQL that writes and
 * publishes: ohlcv_scratch.full_symbols (sym, symbol), ohlcv_scratch.full_bars_<N> per interval (in symbol, bar
 * order), ohlcv_full_ckpt and ohlcv_full_tail. Returns the number of bars.
 */
export async function computeFullBars(duck: Duck, files: readonly { symbol: string; path: string }[], intervals: readonly number[]): Promise<number> {
  const symbols = files.map((f) => f.symbol);
  for (let i = 1; i < symbols.length; i++) if (!(symbols[i - 1]! < symbols[i]!)) throw new Error('computeFullBars: files must be sorted by symbol');
  const idOf = new Map(symbols.map((s, i) => [s, i]));
  await duck.run(`ATTACH IF NOT EXISTS ':memory:' AS ${SCRATCH}`);
  await duck.run(`CREATE OR REPLACE TABLE ${SYMBOLS} (sym INTEGER, symbol VARCHAR)`);
  for (let i = 0; i < symbols.length; i += 500) {
    const chunk = symbols.slice(i, i + 500);
    await duck.run(`INSERT INTO ${SYMBOLS} VALUES ${chunk.map((_, j) => `(${i + j}, ?)`).join(', ')}`, chunk);
  }
  const barColumns = 'sym INTEGER, bar_start DATE, bar_end DATE, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE, n_days INTEGER';
  for (const n of intervals) await duck.run(`CREATE OR REPLACE TABLE ${barsTable(n)} (${barColumns})`);
  await duck.run(createTable('ohlcv_full_ckpt', 'sym INTEGER, "interval" INTEGER, anchor DATE, last_complete_bar INTEGER, last_complete_end DATE'));
  await duck.run(createTable('ohlcv_full_tail', 'sym INTEGER, date DATE, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, volume DOUBLE'));
  const bars = await Promise.all(intervals.map((n) => ColumnAppender.open(duck, `full_bars_${n}`, BAR_TYPES, SCRATCH)));
  const ckpt = await ColumnAppender.open(duck, 'ohlcv_full_ckpt', CKPT_TYPES);
  const tail = await ColumnAppender.open(duck, 'ohlcv_full_tail', DAY_TYPES);
  const writer = new SymbolBarWriter(intervals, bars, ckpt, tail);
  const days = new SymbolDays();
  let sym = -1;
  let total = 0;
  const onChunk = (chunk: ColumnChunk) => {
    const [row, d, o, h, l, c, v] = [0, 2, 3, 4, 5, 6, 7].map((k) => chunk.numbers(k));
    for (let r = 0; r < chunk.rows; r++) {
      if (row![r] === 0) {
        if (sym >= 0) total += writer.write(sym, days);
        const name = chunk.text(1, r);
        const next = name === null ? undefined : idOf.get(name);
        if (next === undefined || next <= sym) throw new BronzeOrderError(`bronze file for ${name} is not where the sorted file list puts it`);
        sym = next;
        days.count = 0;
      } else if (row![r] !== days.count || d![r]! <= days.date[days.count - 1]!) {
        throw new BronzeOrderError(`bronze for ${symbols[sym]} is not one symbol in date order (row ${row![r]})`);
      }
      days.push(d![r]!, o![r]!, h![r]!, l![r]!, c![r]!, v![r]!);
    }
  };
  try {
    await forEachChunk(
      duck,
      // Volumes as DOUBLE: exact below 2^53, and the loop stays in one number type; cast back on the way out.
      `SELECT file_row_number::INTEGER AS row_number, CASE WHEN file_row_number = 0 THEN symbol END AS first_symbol,
              date, open, high, low, close, volume::DOUBLE AS volume
         FROM read_parquet([${files.map((f) => sqlPath(f.path)).join(', ')}], file_row_number = true)`,
      onChunk,
    );
    if (sym >= 0) total += writer.write(sym, days);
  } finally {
    for (const a of [...bars, ckpt, tail]) a.close();
  }
  return total;
}

const FULL_TABLES = ['ohlcv_full_ckpt', 'ohlcv_full_tail'];

export async function dropFullTables(duck: Duck): Promise<void> {
  for (const t of FULL_TABLES) await duck.run(`DROP TABLE IF EXISTS ${t}`);
  await duck.run(`DETACH DATABASE IF EXISTS ${SCRATCH}`);
}

/**
 * Rebuild every interval of these symbols from bronze with the streaming pass, write and publish
 * each interval's partitions, and leave what resample() finishes with: ohlcv_ckpt_<N> per interval
 * and ohlcv_days holding each symbol's tail days. Null (nothing published) when bronze is not in
 * the order the pass needs.
 */
export async function rebuildFromBronze(
  lake: ObjectStore,
  duck: Duck,
  symbols: readonly string[],
  intervals: readonly number[],
  dir: string,
): Promise<{ bars: number; written: number; deleted: number } | null> {
  const sorted = [...symbols].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const paths = await lake.stage(sorted.map(bronzeKey));
  let bars: number;
  try {
    bars = await computeFullBars(
      duck,
      sorted.map((symbol, i) => ({ symbol, path: paths[i]! })),
      intervals,
    );
  } catch (err) {
    if (!(err instanceof BronzeOrderError)) throw err;
    await dropFullTables(duck);
    return null;
  }
  const plans = await Promise.all(intervals.map((n) => planInterval(lake, duck, n, dir)));
  await writePartitionsInLanes(duck, plans);
  let written = 0;
  let deleted = 0;
  for (const p of plans) {
    const counts = await publishPartitions(lake, p.interval, p.affected, p.existing, p.outDir);
    written += counts.written;
    deleted += counts.deleted;
    await duck.run(`CREATE OR REPLACE TEMP TABLE ohlcv_ckpt_${p.interval} AS
      SELECT s.symbol, c."interval", c.anchor, c.last_complete_bar, CASE WHEN c.last_complete_bar >= 0 THEN c.last_complete_end END AS last_complete_end
        FROM ohlcv_full_ckpt c JOIN ${SYMBOLS} s USING (sym) WHERE c."interval" = ${p.interval}`);
  }
  await duck.run(`CREATE OR REPLACE TEMP TABLE ohlcv_days AS
    SELECT s.symbol, t.date, t.open, t.high, t.low, t.close, t.volume::BIGINT AS volume FROM ohlcv_full_tail t JOIN ${SYMBOLS} s USING (sym)`);
  await dropFullTables(duck);
  return { bars, written, deleted };
}

interface IntervalPlan {
  interval: number;
  bars: number;
  months: number;
  affected: string[];
  existing: Map<string, string>;
  outDir: string;
}

async function planInterval(lake: ObjectStore, duck: Duck, n: number, dir: string): Promise<IntervalPlan> {
  const months = await duck.all<{ ym: string; bars: number }>(
    `SELECT strftime(bar_start, '%Y-%m') AS ym, count(*)::INTEGER AS bars FROM ${barsTable(n)} GROUP BY ym`,
  );
  const existing = await listPartitions(lake, n);
  const affected = [...new Set([...months.map((m) => m.ym), ...existing.keys()])].sort();
  const bars = months.reduce((sum, m) => sum + m.bars, 0);
  return { interval: n, bars, months: months.length, affected, existing, outDir: join(dir, `silver_${n}d`) };
}

/**
 * Each interval's partitions, written from its bars in (symbol, bar) order on one thread: each
 * partition's rows then arrive in the (symbol, bar_start) order the incremental path sorts into,
 * so no sort is needed, and every partition stays open for the whole write (one file each). Two
 * connections write two intervals at a time, the bars split between them about evenly.
 */
async function writePartitionsInLanes(duck: Duck, plans: readonly IntervalPlan[]): Promise<void> {
  const lanes: IntervalPlan[][] = [[], []];
  const load = [0, 0];
  for (const p of [...plans].sort((a, b) => b.bars - a.bars)) {
    const lane = load[0]! <= load[1]! ? 0 : 1;
    lanes[lane]!.push(p);
    load[lane]! += p.bars;
  }
  const threads = await duck.scalar<string>("SELECT current_setting('threads')");
  const openFiles = Math.max(...plans.map((p) => p.months), 1) + 1;
  await duck.run('SET GLOBAL threads = 1');
  try {
    await Promise.all(
      lanes.map(async (lane) => {
        const connection = await duck.connect();
        try {
          await connection.run(`SET partitioned_write_max_open_files = ${openFiles}`);
          for (const p of lane) {
            await connection.run(
              `COPY (SELECT l.symbols[b.sym + 1] AS symbol, b.bar_start, b.bar_end, b.open, b.high, b.low, b.close, b.volume::BIGINT AS volume, b.n_days,
                            b.n_days = ${p.interval} AS is_complete, strftime(b.bar_start, '%Y') AS year, strftime(b.bar_start, '%m') AS month
                       FROM ${barsTable(p.interval)} b, (SELECT list(symbol ORDER BY sym) AS symbols FROM ${SYMBOLS}) l)
                 TO ${sqlPath(p.outDir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (year, month), FILENAME_PATTERN 'data')`,
            );
            await connection.run(`DROP TABLE ${barsTable(p.interval)}`);
          }
        } finally {
          connection.closeSync();
        }
      }),
    );
  } finally {
    await duck.run(`SET GLOBAL threads = ${Number(threads)}`);
  }
}
