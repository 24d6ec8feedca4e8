import { createHash } from 'node:crypto';

/**
 * Surrogate keys are stable across runs and machines: the first 15 hex digits of the md5 of
 * the natural key, read as a BIGINT (always positive, < 2^60, so never the unknown key -1).
 */
export const UNKNOWN_KEY = -1;

/** SQL expression for the surrogate key of a VARCHAR expression. */
export function surrogateKeySql(naturalKeyExpr: string): string {
  return `('0x' || substr(md5(${naturalKeyExpr}), 1, 15))::BIGINT`;
}

/** The same key computed in TypeScript (tests, lookups from application code). */
export function surrogateKey(naturalKey: string): bigint {
  return BigInt(`0x${createHash('md5').update(naturalKey, 'utf8').digest('hex').slice(0, 15)}`);
}

/** Natural key of a dim_member version: bioguide id and the day the version starts. */
export function memberNaturalKey(bioguideId: string, validFrom: string): string {
  return `${bioguideId}|${validFrom}`;
}

/**
 * Natural key of an asset: the ticker when there is one, else the upper-cased asset name.
 * Tickers and names are trimmed and blanks treated as missing, so 'nvda ' and 'NVDA' are one asset.
 */
export function assetNaturalKeySql(tickerExpr: string, assetNameExpr: string): string {
  return `coalesce(${normalizedTickerSql(tickerExpr)}, upper(nullif(trim(${assetNameExpr}), '')))`;
}

export function normalizedTickerSql(tickerExpr: string): string {
  return `nullif(upper(trim(${tickerExpr})), '')`;
}

export function assetNaturalKey(ticker: string | null | undefined, assetName: string | null | undefined): string | null {
  const t = ticker?.trim().toUpperCase();
  if (t) return t;
  const n = assetName?.trim().toUpperCase();
  return n ? n : null;
}
