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

/** Where one symbol's bars of one interval stand after a run. */
export interface IntervalCheckpoint {
  /** Index of the last complete bar, −1 when there is none yet. */
  lastCompleteBar: number;
  /** Its last trading date (null when there is none). */
  lastCompleteEnd: string | null;
}

/**
 * The first bar an incremental run must recompute: the first incomplete one, or the one holding
 * the earliest changed day when that is earlier. `changedDayIndex` is that day's index counted
 * from the anchor (null when nothing before the checkpoint changed).
 */
export function firstBarToRecompute(interval: number, checkpoint: IntervalCheckpoint, changedDayIndex: number | null): number {
  const firstIncomplete = checkpoint.lastCompleteBar + 1;
  if (changedDayIndex === null) return firstIncomplete;
  return Math.min(firstIncomplete, Math.floor(changedDayIndex / interval));
}

/** `silver/ohlcv/silver_Nd/year=YYYY/month=MM/` partition of a bar, by its bar_start. */
export function barPartition(interval: number, barStart: string): string {
  return `silver/ohlcv/silver_${interval}d/year=${barStart.slice(0, 4)}/month=${barStart.slice(5, 7)}/`;
}
