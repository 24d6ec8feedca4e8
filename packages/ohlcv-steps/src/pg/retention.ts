import type { SqlDb } from './db';

export interface RetentionOptions {
  /** The day the window ends (New York date); rows before asOf − 5 years − 1 month move to the archive. */
  asOf: string;
  batchSize?: number;
  /** Test hook: called inside a batch's transaction between the archive insert and the delete. */
  betweenInsertAndDelete?: (batch: number) => Promise<void>;
}

export interface RetentionResult {
  cutoff: string;
  moved: number;
  batches: number;
}

const COLUMNS = 'symbol, date, open, high, low, close, volume, vwap, transactions, ingested_at';

/**
 * Move raw_ohlcv rows older than 5 years + 1 month to raw_ohlcv_archive, one transaction per
 * batch: a batch's archive insert and its delete commit together or not at all, so an
 * interrupted run leaves every row in exactly one of the two tables, and the next run carries on.
 * The archive insert is an upsert, so a row archived before (then re-fetched) is not doubled.
 */
export async function applyRetention(db: SqlDb, options: RetentionOptions): Promise<RetentionResult> {
  const batchSize = options.batchSize ?? 10_000;
  const [{ cutoff }] = (await db.query<{ cutoff: string }>(`SELECT ($1::date - interval '5 years 1 month')::date AS cutoff`, [options.asOf])) as [
    { cutoff: string },
  ];
  const result: RetentionResult = { cutoff, moved: 0, batches: 0 };
  for (;;) {
    const moved = await db.transaction(async (tx) => {
      const archived = await tx.query<{ symbol: string; date: string }>(
        `WITH batch AS (
           SELECT symbol, date FROM raw_ohlcv WHERE date < $1::date ORDER BY date, symbol LIMIT $2 FOR UPDATE SKIP LOCKED)
         INSERT INTO raw_ohlcv_archive (${COLUMNS}, archived_at)
         SELECT ${COLUMNS.split(', ')
           .map((c) => `r.${c}`)
           .join(', ')}, now() FROM raw_ohlcv r JOIN batch USING (symbol, date)
         ON CONFLICT (symbol, date) DO UPDATE SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
           volume = EXCLUDED.volume, vwap = EXCLUDED.vwap, transactions = EXCLUDED.transactions, ingested_at = EXCLUDED.ingested_at,
           archived_at = EXCLUDED.archived_at
         RETURNING symbol, date`,
        [cutoff, batchSize],
      );
      if (archived.length === 0) return 0;
      await options.betweenInsertAndDelete?.(result.batches + 1);
      await tx.query('DELETE FROM raw_ohlcv WHERE (symbol, date) IN (SELECT * FROM unnest($1::text[], $2::date[]))', [
        archived.map((r) => r.symbol),
        archived.map((r) => r.date),
      ]);
      return archived.length;
    });
    if (moved === 0) return result;
    result.moved += moved;
    result.batches++;
  }
}
