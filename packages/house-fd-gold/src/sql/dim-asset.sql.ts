import { assetNaturalKeySql, normalizedTickerSql, surrogateKeySql } from '../keys';

/**
 * dim_asset: one row per asset natural key (ticker, else upper-cased asset name). Filers
 * spell the same asset many ways, so the name and type shown are the most frequent ones,
 * ties broken alphabetically: the same input always gives the same row.
 * `source` is a relation with ticker, asset_name, asset_type (see sources.ts).
 */
export function dimAssetSelectSql(source: string): string {
  return `
WITH keyed AS (
  SELECT
    ${assetNaturalKeySql('ticker', 'asset_name')} AS natural_key,
    ${normalizedTickerSql('ticker')} AS ticker,
    nullif(trim(asset_name), '') AS asset_name,
    nullif(upper(trim(asset_type)), '') AS asset_type
  FROM ${source}
),
-- One pass over the transactions down to a few thousand (key, spelling) counts; everything
-- below works on that small table, never on the full input again.
spellings AS (
  SELECT natural_key, ticker, asset_name, asset_type, count(*) AS n
  FROM keyed WHERE natural_key IS NOT NULL
  GROUP BY ALL
),
assets AS (
  SELECT natural_key, max(ticker) AS ticker FROM spellings GROUP BY natural_key
),
names AS (
  SELECT natural_key, asset_name FROM spellings WHERE asset_name IS NOT NULL
  GROUP BY natural_key, asset_name
  QUALIFY row_number() OVER (PARTITION BY natural_key ORDER BY sum(n) DESC, asset_name) = 1
),
types AS (
  SELECT natural_key, asset_type FROM spellings WHERE asset_type IS NOT NULL
  GROUP BY natural_key, asset_type
  QUALIFY row_number() OVER (PARTITION BY natural_key ORDER BY sum(n) DESC, asset_type) = 1
)
SELECT
  ${surrogateKeySql('a.natural_key')} AS asset_key,
  a.ticker,
  coalesce(n.asset_name, a.ticker) AS asset_name,
  t.asset_type
FROM assets a
LEFT JOIN names n USING (natural_key)
LEFT JOIN types t USING (natural_key)
ORDER BY a.natural_key`;
}
