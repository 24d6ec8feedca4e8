import type { ColumnTypes } from '@medallion/duck';
import { SILVER_TRANSACTIONS_SCHEMA } from '@medallion/house-fd-gold';

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

/**
 * Silver transactions: one row per PTR line (the DESIGN contract plus description/subholding/date_suspect_reason/is_synthetic).
 * The one definition is house-fd-gold's, which reads this table; extraction and compaction write it.
 */
export const SILVER_TRANSACTIONS_COLUMNS: ColumnTypes = SILVER_TRANSACTIONS_SCHEMA;
