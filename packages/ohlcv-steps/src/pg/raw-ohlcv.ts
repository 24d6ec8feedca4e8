import type { DailyBar } from '@medallion/ohlcv';
import type { SqlDb } from './db';

const COLUMNS = ['symbol', 'date', 'open', 'high', 'low', 'close', 'volume', 'vwap', 'transactions'] as const;
const ROWS_PER_STATEMENT = 1000; // 9,000 parameters, well under PostgreSQL's 65,535

/**
 * Upsert bars into raw_ohlcv by (symbol, date): a restated bar replaces the old one. Rows older
 * than the retention cutoff go to raw_ohlcv_archive instead, so a backfill never parks years of
 * history in the hot table for the retention job to move.
 */
export async function upsertRawOhlcv(db: SqlDb, bars: DailyBar[], cutoff: string | null): Promise<{ hot: number; archived: number }> {
  const hot = cutoff ? bars.filter((b) => b.date >= cutoff) : bars;
  const cold = cutoff ? bars.filter((b) => b.date < cutoff) : [];
  await db.transaction(async (tx) => {
    for (const [table, rows] of [
      ['raw_ohlcv', hot],
      ['raw_ohlcv_archive', cold],
    ] as const) {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
        const values = chunk.map((_, r) => `(${COLUMNS.map((__, c) => `$${r * COLUMNS.length + c + 1}`).join(', ')}, now())`).join(', ');
        const updates = [...COLUMNS.slice(2), 'ingested_at'].map((c) => `${c} = EXCLUDED.${c}`).join(', ');
        await tx.query(
          `INSERT INTO ${table} (${COLUMNS.join(', ')}, ingested_at) VALUES ${values} ON CONFLICT (symbol, date) DO UPDATE SET ${updates}`,
          chunk.flatMap((b) => COLUMNS.map((c) => b[c])),
        );
      }
    }
    // A re-fetched bar older than the cutoff replaces its archived row; the hot copy, if retention
    // has not moved it yet, must go, or the next retention run would overwrite the newer bar.
    for (let i = 0; i < cold.length; i += ROWS_PER_STATEMENT) {
      const chunk = cold.slice(i, i + ROWS_PER_STATEMENT);
      await tx.query('DELETE FROM raw_ohlcv WHERE (symbol, date) IN (SELECT * FROM unnest($1::text[], $2::date[]))', [
        chunk.map((b) => b.symbol),
        chunk.map((b) => b.date),
      ]);
    }
  });
  return { hot: hot.length, archived: cold.length };
}
