import type { ColumnTypes } from '@medallion/duck';

/** The silver transaction columns the gold layer reads (docs/tables/silver_transactions.md). */
export const SILVER_TRANSACTION_INPUT_COLUMNS: ColumnTypes = {
  transaction_id: 'VARCHAR',
  doc_id: 'VARCHAR',
  bioguide_id: 'VARCHAR',
  asset_name: 'VARCHAR',
  ticker: 'VARCHAR',
  asset_type: 'VARCHAR',
  transaction_type: 'VARCHAR',
  transaction_date: 'DATE',
  notification_date: 'DATE',
  amount_low: 'BIGINT',
  amount_high: 'BIGINT',
  date_suspect_reason: 'VARCHAR',
  is_synthetic: 'BOOLEAN',
  silver_ingest_ts: 'TIMESTAMP',
};

/** Full silver transactions schema (what the synthetic generator writes). */
export const SILVER_TRANSACTIONS_SCHEMA: ColumnTypes = {
  transaction_id: 'VARCHAR',
  doc_id: 'VARCHAR',
  filing_date: 'DATE',
  bioguide_id: 'VARCHAR',
  filer_name: 'VARCHAR',
  state_district: 'VARCHAR',
  owner: 'VARCHAR',
  asset_name: 'VARCHAR',
  ticker: 'VARCHAR',
  asset_type: 'VARCHAR',
  transaction_type: 'VARCHAR',
  transaction_date: 'DATE',
  notification_date: 'DATE',
  amount_low: 'BIGINT',
  amount_high: 'BIGINT',
  description: 'VARCHAR',
  subholding_of: 'VARCHAR',
  date_suspect_reason: 'VARCHAR',
  is_synthetic: 'BOOLEAN',
  silver_ingest_ts: 'TIMESTAMP',
};

export const DIM_MEMBER_SCHEMA: ColumnTypes = {
  member_key: 'BIGINT',
  bioguide_id: 'VARCHAR',
  full_name: 'VARCHAR',
  party: 'VARCHAR',
  state: 'VARCHAR',
  district: 'INTEGER',
  valid_from: 'DATE',
  valid_to: 'DATE',
  is_current: 'BOOLEAN',
};

export const DIM_ASSET_SCHEMA: ColumnTypes = {
  asset_key: 'BIGINT',
  ticker: 'VARCHAR',
  asset_name: 'VARCHAR',
  asset_type: 'VARCHAR',
};

export const FACT_PTR_TRANSACTIONS_SCHEMA: ColumnTypes = {
  transaction_key: 'BIGINT',
  transaction_id: 'VARCHAR',
  doc_id: 'VARCHAR',
  member_key: 'BIGINT',
  asset_key: 'BIGINT',
  transaction_date_key: 'INTEGER',
  bioguide_id: 'VARCHAR',
  ticker: 'VARCHAR',
  transaction_type: 'VARCHAR',
  amount_low: 'BIGINT',
  amount_high: 'BIGINT',
  amount_midpoint: 'DOUBLE',
  days_to_notification: 'INTEGER',
  date_suspect_reason: 'VARCHAR',
  gold_ingest_ts: 'TIMESTAMP',
  is_synthetic: 'BOOLEAN',
};

export const AGG_TRENDING_STOCKS_SCHEMA: ColumnTypes = {
  ticker: 'VARCHAR',
  time_window: 'VARCHAR',
  as_of_date: 'DATE',
  total_transactions: 'BIGINT',
  total_volume: 'DOUBLE',
  buy_volume: 'DOUBLE',
  sell_volume: 'DOUBLE',
  net_volume: 'DOUBLE',
  num_buyers: 'BIGINT',
  num_sellers: 'BIGINT',
  dem_transactions: 'BIGINT',
  rep_transactions: 'BIGINT',
  dem_buy_volume: 'DOUBLE',
  rep_buy_volume: 'DOUBLE',
  sentiment_score: 'DOUBLE',
  first_trade_date: 'DATE',
  last_trade_date: 'DATE',
};

/** Transaction types as written by silver; buys and sells for the aggregates. */
export const BUY_TYPES = ['Purchase'] as const;
export const SELL_TYPES = ['Sale', 'Sale (Partial)'] as const;
export const TRANSACTION_TYPES = ['Purchase', 'Sale', 'Sale (Partial)', 'Exchange'] as const;

/** Trending windows: label and length in days; window = (as_of - days, as_of]. */
export const TRENDING_WINDOWS = [
  { label: '7d', days: 7 },
  { label: '30d', days: 30 },
  { label: '90d', days: 90 },
] as const;
