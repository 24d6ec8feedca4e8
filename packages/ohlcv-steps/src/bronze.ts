import { mkdtemp, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Duck, sqlPath, writeRowsToParquet } from '@medallion/duck';
import type { ObjectStore } from '@medallion/lake';
import { BRONZE_COLUMNS, type DailyBar } from '@medallion/ohlcv';
import { forEachLimited } from './parallel';
import { copyPartitioned, onlyFileIn } from './partitioned-copy';
import { BRONZE_PREFIX, CHANGES_PREFIX, bronzeKey, symbolOfBronzeKey } from './keys';

export interface BronzeMerge {
  symbols: number;
  /** Rows of the batch that were new dates. */
  inserted: number;
  /** Rows that replaced a different bar of the same symbol and date (restatements). */
  restated: number;
  /** Rows identical to what bronze held (a re-fetch): nothing changes downstream. */
  unchanged: number;
}

const COLUMN_LIST = Object.keys(BRONZE_COLUMNS).join(', ');

/** Symbols that already have a bronze file. */
export async function bronzeSymbols(lake: ObjectStore): Promise<Set<string>> {
  const out = new Set<string>();
  for (const o of await lake.list(BRONZE_PREFIX)) {
    const s = symbolOfBronzeKey(o.key);
    if (s) out.add(s);
  }
  return out;
}

/**
 * Merge daily bars into bronze by symbol + date: a bar for a date bronze already holds replaces
 * it (a restated bar is kept once, the new one). Each touched symbol's file is rewritten whole,
 * sorted by date. Before any file is published, the changed bars are recorded under _changes/
 * for the resampler: a crash after that record re-runs to the same
 * files, while a file published without its record could never be resampled.
 */
export async function mergeIntoBronze(lake: ObjectStore, duck: Duck, bars: DailyBar[]): Promise<BronzeMerge> {
  const result: BronzeMerge = { symbols: 0, inserted: 0, restated: 0, unchanged: 0 };
  if (bars.length === 0) return result;
  const dir = await mkdtemp(join(tmpdir(), 'ohlcv-bronze-'));
  try {
    const incoming = join(dir, 'incoming.parquet');
    await writeRowsToParquet(duck, bars as unknown as Record<string, unknown>[], BRONZE_COLUMNS, incoming, ['symbol', 'date']);
    const touched = new Set(bars.map((b) => b.symbol));
    const existing = [...(await bronzeSymbols(lake))].filter((s) => touched.has(s));
    const staged = existing.length ? await lake.stage(existing.map(bronzeKey)) : [];
    await duck.run(`CREATE OR REPLACE TEMP TABLE ohlcv_incoming AS SELECT ${COLUMN_LIST} FROM read_parquet(${sqlPath(incoming)})`);
    await duck.run(
      staged.length
        ? `CREATE OR REPLACE TEMP TABLE ohlcv_old AS SELECT ${COLUMN_LIST} FROM read_parquet([${staged.map(sqlPath).join(', ')}])`
        : `CREATE OR REPLACE TEMP TABLE ohlcv_old AS SELECT ${COLUMN_LIST} FROM ohlcv_incoming WHERE false`,
    );
    // A bar is unchanged only when every column is equal (IS NOT DISTINCT FROM: nulls compare equal).
    const same = Object.keys(BRONZE_COLUMNS)
      .map((c) => `n.${c} IS NOT DISTINCT FROM o.${c}`)
      .join(' AND ');
    await duck.run(
      `CREATE OR REPLACE TEMP TABLE ohlcv_changes AS SELECT n.symbol, min(n.date) FILTER (WHERE NOT (${same}) OR o.symbol IS NULL)::VARCHAR AS first_changed,
              count(*) FILTER (WHERE o.symbol IS NULL)::INTEGER AS inserted,
              count(*) FILTER (WHERE o.symbol IS NOT NULL AND NOT (${same}))::INTEGER AS restated,
              count(*) FILTER (WHERE o.symbol IS NOT NULL AND (${same}))::INTEGER AS unchanged
         FROM ohlcv_incoming n LEFT JOIN ohlcv_old o ON o.symbol = n.symbol AND o.date = n.date
        GROUP BY n.symbol`,
    );
    const changes = await duck.all<{ symbol: string; first_changed: string | null; inserted: number; restated: number; unchanged: number }>(
      'SELECT * FROM ohlcv_changes ORDER BY symbol',
    );
    const changed = changes.filter((c) => c.first_changed !== null);
    for (const c of changes) {
      result.inserted += c.inserted;
      result.restated += c.restated;
      result.unchanged += c.unchanged;
    }
    result.symbols = changed.length;
    if (changed.length === 0) return result;
    // The change record carries the new and restated bars themselves, so the daily resample reads
    // them and its own tail of recent days instead of every changed symbol's bronze file.
    const record = join(dir, 'changes.parquet');
    await duck.run(
      `COPY (SELECT n.* FROM ohlcv_incoming n LEFT JOIN ohlcv_old o ON o.symbol = n.symbol AND o.date = n.date
              WHERE o.symbol IS NULL OR NOT (${same}) ORDER BY n.symbol, n.date)
         TO ${sqlPath(record)} (FORMAT parquet, COMPRESSION zstd)`,
    );
    await lake.putFile(`${CHANGES_PREFIX}${new Date().toISOString().replace(/[:.]/g, '')}-${randomUUID()}.parquet`, record);
    const out = join(dir, 'out');
    await copyPartitioned(
      duck,
      `SELECT ${COLUMN_LIST} FROM (
         SELECT * FROM ohlcv_incoming
         UNION ALL BY NAME
         SELECT o.* FROM ohlcv_old o ANTI JOIN ohlcv_incoming n ON n.symbol = o.symbol AND n.date = o.date)
       WHERE symbol IN (SELECT symbol FROM ohlcv_changes WHERE first_changed IS NOT NULL)
       ORDER BY symbol, date`,
      out,
      ['symbol'],
      ', WRITE_PARTITION_COLUMNS true',
    );
    await forEachLimited(changed, 16, async (c) => {
      const file = await onlyFileIn(join(out, `symbol=${c.symbol}`));
      if (!file) throw new Error(`bronze merge wrote nothing for ${c.symbol}`);
      await lake.putFile(bronzeKey(c.symbol), file);
    });
    return result;
  } finally {
    await duck.run('DROP TABLE IF EXISTS ohlcv_incoming; DROP TABLE IF EXISTS ohlcv_old; DROP TABLE IF EXISTS ohlcv_changes');
    await rm(dir, { recursive: true, force: true });
  }
}
