/**
 * The resampler's SQL, over the temp tables resample.ts creates: ohlcv_changed (symbol,
 * first_changed), ohlcv_ckpt (the checkpoints) and ohlcv_days (the bronze days read, with their
 * day index counted from the anchor). Only integers built here are interpolated.
 */
const int = (n: number) => {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`invalid interval ${n}`);
  return String(n);
};

/**
 * Per changed symbol: rebuild (new symbol, or history added before its anchor), and which bronze
 * days to read. When every interval has a checkpoint and the first change is after all their
 * last complete bars (the daily case) and the tail is there, only the days after the earliest of
 * those bar ends are read (tail + change records), with the day index continuing from there;
 * otherwise the whole symbol is read from bronze, from its anchor.
 */
export function planSql(intervals: readonly number[], tailPresent: boolean): string {
  const list = intervals.map(int).join(', ');
  return `CREATE OR REPLACE TEMP TABLE ohlcv_plan AS
    WITH k AS (
      SELECT symbol, any_value(anchor) AS anchor, count(*) AS n,
             bool_or(last_complete_end IS NULL) AS any_none,
             min(last_complete_end) AS min_end, max(last_complete_end) AS max_end,
             arg_min((last_complete_bar + 1) * "interval", last_complete_end) AS days_through_min_end
        FROM ohlcv_ckpt WHERE "interval" IN (${list}) GROUP BY symbol),
    p AS (
      SELECT c.symbol, c.first_changed, k.symbol IS NULL OR c.first_changed < k.anchor AS rebuild,
             ${tailPresent ? '' : 'true OR '}k.symbol IS NULL OR c.first_changed < k.anchor OR k.any_none OR k.n < ${intervals.length} OR c.first_changed <= k.max_end AS read_all,
             k.min_end, k.days_through_min_end
        FROM ohlcv_changed c LEFT JOIN k USING (symbol))
    SELECT symbol, first_changed, rebuild,
           CASE WHEN read_all THEN NULL ELSE min_end END AS read_from,
           CASE WHEN read_all THEN 0 ELSE days_through_min_end END::BIGINT AS day_offset
      FROM p`;
}

/**
 * For one interval N: where each changed symbol's recomputation starts (ohlcv_starts) and the
 * recomputed bars (ohlcv_new_bars). Bar k holds day indexes k·N … k·N+N−1; it starts at the
 * first incomplete bar, or at the bar holding the first changed day when that is earlier.
 */
export function barsSql(interval: number): string {
  const n = int(interval);
  return `CREATE OR REPLACE TEMP TABLE ohlcv_starts AS
    WITH c AS (
      SELECT d.symbol, min(d.day_idx) FILTER (WHERE d.date >= p.first_changed) AS changed_idx,
             min(d.date) FILTER (WHERE d.day_idx = 0) AS first_date
        FROM ohlcv_days d JOIN ohlcv_plan p USING (symbol) GROUP BY d.symbol),
    s AS (
      SELECT p.symbol,
             CASE WHEN p.rebuild OR k.symbol IS NULL THEN c.first_date ELSE k.anchor END AS anchor,
             CASE WHEN p.rebuild OR k.symbol IS NULL THEN 0 ELSE least(k.last_complete_bar + 1, c.changed_idx // ${n}) END AS start_bar,
             CASE WHEN p.rebuild OR k.symbol IS NULL THEN -1 ELSE k.last_complete_bar END AS kept_complete_bar,
             CASE WHEN p.rebuild OR k.symbol IS NULL THEN NULL ELSE k.last_complete_end END AS kept_complete_end
        FROM ohlcv_plan p LEFT JOIN c USING (symbol)
        LEFT JOIN ohlcv_ckpt k ON k.symbol = p.symbol AND k."interval" = ${n})
    SELECT s.*, d.date AS start_date
      FROM s LEFT JOIN ohlcv_days d ON d.symbol = s.symbol AND d.day_idx = s.start_bar * ${n};
  CREATE OR REPLACE TEMP TABLE ohlcv_new_bars AS
    SELECT d.symbol, d.day_idx // ${n} AS bar_idx, min(d.date) AS bar_start, max(d.date) AS bar_end,
           arg_min(d.open, d.date) AS open, max(d.high) AS high, min(d.low) AS low, arg_max(d.close, d.date) AS close,
           sum(d.volume)::BIGINT AS volume, count(*)::INTEGER AS n_days, count(*) = ${n} AS is_complete
      FROM ohlcv_days d JOIN ohlcv_starts s USING (symbol)
     WHERE d.day_idx >= s.start_bar * ${n}
     GROUP BY d.symbol, d.day_idx // ${n}`;
}
