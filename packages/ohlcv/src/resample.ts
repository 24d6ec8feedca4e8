/**
 * Fibonacci resampling rules. Bars count trading days per symbol, anchored at the symbol's first
 * trading day in bronze: bar k of an N-day interval holds the symbol's trading days
 * k·N … k·N+N−1. Anchoring (instead of counting back from "now − 5 years") keeps every bar's
 * boundaries fixed as days are added, so a complete bar never changes unless its days do.
 */
export const INTERVALS = [3, 5, 8, 13, 21, 34] as const;
export type Interval = (typeof INTERVALS)[number];

/** Column order and DuckDB types of `silver_Nd`. */
export const SILVER_BAR_COLUMNS = {
  symbol: 'VARCHAR',
  bar_start: 'DATE',
  bar_end: 'DATE',
  open: 'DOUBLE',
  high: 'DOUBLE',
  low: 'DOUBLE',
  close: 'DOUBLE',
  volume: 'BIGINT',
  n_days: 'INTEGER',
  is_complete: 'BOOLEAN',
} as const;
