import { z } from 'zod';
import { isIsoDate } from './trading-date';

/**
 * Symbols become lake keys (`symbol=SYM/`): letters, digits and the separators tickers use
 * (BRK.B, BF-B), never a path segment of dots.
 */
export const SYMBOL = /^[A-Za-z0-9][A-Za-z0-9.-]{0,15}$/;

export function isSymbol(s: string): boolean {
  return SYMBOL.test(s) && !s.includes('..');
}

/** One daily bar as bronze and PostgreSQL keep it (DOUBLE prices: no DECIMAL(10,2) truncation). */
export interface DailyBar {
  symbol: string;
  /** New York trading date, YYYY-MM-DD. */
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  vwap: number | null;
  transactions: number | null;
}

/** A row that could not become a bar, with why (quarantined, counted). */
export interface RejectedRow {
  source: string;
  reason: string;
  raw: string;
}

/** Column order and DuckDB types of bronze `raw_ohlcv`. */
export const BRONZE_COLUMNS = {
  symbol: 'VARCHAR',
  date: 'DATE',
  open: 'DOUBLE',
  high: 'DOUBLE',
  low: 'DOUBLE',
  close: 'DOUBLE',
  volume: 'BIGINT',
  vwap: 'DOUBLE',
  transactions: 'BIGINT',
} as const;

const price = z.number().finite().nonnegative();

export const dailyBarSchema = z
  .object({
    symbol: z.string().refine(isSymbol, 'not a ticker symbol'),
    date: z.string().refine(isIsoDate, 'not a YYYY-MM-DD date'),
    open: price,
    high: price,
    low: price,
    close: price,
    volume: z.number().finite().nonnegative(),
    vwap: price.nullable(),
    transactions: z.number().int().nonnegative().nullable(),
  })
  .refine((b) => b.high >= Math.max(b.open, b.close, b.low) && b.low <= Math.min(b.open, b.close), 'high/low do not bound open/close');

/** The first problem of a candidate bar, or null when it is a valid bar. */
export function barProblem(candidate: unknown): string | null {
  const parsed = dailyBarSchema.safeParse(candidate);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.') || 'bar'}: ${issue.message}`;
}
