import type { ColumnTypes } from '@medallion/duck';

/** Silver filings: one row per DocID first seen in a batch (docs/tables/silver_filings.md). */
export const SILVER_FILINGS_COLUMNS: ColumnTypes = {
  doc_id: 'VARCHAR',
  year: 'INTEGER',
  filing_type: 'VARCHAR',
  prefix: 'VARCHAR',
  last_name: 'VARCHAR',
  first_name: 'VARCHAR',
  suffix: 'VARCHAR',
  filer_name: 'VARCHAR',
  state_district: 'VARCHAR',
  state: 'VARCHAR',
  district: 'INTEGER',
  filing_date: 'DATE',
  bioguide_id: 'VARCHAR',
  batch_seq: 'INTEGER',
  is_synthetic: 'BOOLEAN',
  silver_ingest_ts: 'TIMESTAMP',
};

/** Silver transactions: one row per PTR line (the DESIGN contract plus description/subholding/date_suspect_reason/is_synthetic). */
export const SILVER_TRANSACTIONS_COLUMNS: ColumnTypes = {
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
