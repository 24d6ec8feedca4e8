import { medallionKey, validateKey } from '@medallion/lake';
import { isSymbol } from '@medallion/ohlcv';

/** bronze/ohlcv/raw_ohlcv/: one file per symbol, the source of truth PostgreSQL and silver are rebuilt from. */
export const BRONZE_PREFIX = 'bronze/ohlcv/raw_ohlcv/';
/** The bars each bronze merge added or restated (one parquet per merge), consumed by the resampler. */
export const CHANGES_PREFIX = 'bronze/ohlcv/_changes/';
/** Rows a parser refused, one NDJSON file per source. */
export const QUARANTINE_PREFIX = 'quarantine/ohlcv/';
export const SILVER_PREFIX = 'silver/ohlcv/';
export const RESAMPLE_CHECKPOINTS_KEY = 'silver/ohlcv/_state/resample_checkpoints.parquet';
/** Each symbol's days after its earliest last complete bar: what a daily resample reads instead of bronze. */
export const RESAMPLE_TAIL_KEY = 'silver/ohlcv/_state/resample_tail.parquet';
export const FETCH_CHECKPOINT_KEY = 'bronze/ohlcv/_state/fetch_checkpoint.json';

export function bronzeKey(symbol: string): string {
  if (!isSymbol(symbol)) throw new Error(`invalid symbol ${JSON.stringify(symbol)}`);
  return medallionKey('bronze', 'ohlcv', 'raw_ohlcv', `symbol=${symbol}`, 'data.parquet');
}

export function symbolOfBronzeKey(key: string): string | null {
  const m = /^bronze\/ohlcv\/raw_ohlcv\/symbol=([^/]+)\/data\.parquet$/.exec(key);
  return m && isSymbol(m[1]!) ? m[1]! : null;
}

export function silverIntervalPrefix(interval: number): string {
  return `${SILVER_PREFIX}silver_${interval}d/`;
}

export function silverPartitionKey(interval: number, year: string, month: string): string {
  return validateKey(`${silverIntervalPrefix(interval)}year=${year}/month=${month}/data.parquet`);
}

/** year and month of a silver partition key, or null for anything else under the prefix. */
export function partitionOfKey(key: string): { year: string; month: string } | null {
  const m = /\/year=(\d{4})\/month=(\d{2})\/data\.parquet$/.exec(key);
  return m ? { year: m[1]!, month: m[2]! } : null;
}
