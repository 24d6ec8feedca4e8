import type { ColumnTypes } from '@medallion/duck';

/** The gold columns the correlation build reads, per input (cast to these types; extra columns ignored). */
export const INPUT_COLUMNS = {
  /** house_fd fact_ptr_transactions */
  trades: {
    transaction_id: 'VARCHAR',
    bioguide_id: 'VARCHAR',
    ticker: 'VARCHAR',
    transaction_type: 'VARCHAR',
    transaction_date_key: 'INTEGER',
    amount_midpoint: 'DOUBLE',
    date_suspect_reason: 'VARCHAR',
    is_synthetic: 'BOOLEAN',
  },
  /** congress fact_bill_actions */
  actions: { bill_id: 'VARCHAR', action_seq: 'INTEGER', action_date: 'DATE', action_type: 'VARCHAR', action_text: 'VARCHAR' },
  /** congress bridge_bill_sponsor */
  sponsorships: { bill_id: 'VARCHAR', bioguide_id: 'VARCHAR', role: 'VARCHAR', withdrawn_date: 'DATE' },
  /** congress bridge_bill_committee */
  billCommittees: { bill_id: 'VARCHAR', committee_id: 'VARCHAR' },
  /** congress dim_bill (only whether a bill is generated) */
  bills: { bill_id: 'VARCHAR', is_synthetic: 'BOOLEAN' },
  /** congress bridge_member_committee */
  memberCommittees: { bioguide_id: 'VARCHAR', committee_id: 'VARCHAR' },
} as const satisfies Record<string, ColumnTypes>;

export type CorrelationInput = keyof typeof INPUT_COLUMNS;
/** Parquet files per input (an input with no files is an empty table). */
export type CorrelationInputs = Record<CorrelationInput, string[]>;

export const EVIDENCE_COLUMNS = {
  correlation_id: 'VARCHAR',
  bill_id: 'VARCHAR',
  bioguide_id: 'VARCHAR',
  ticker: 'VARCHAR',
  transaction_id: 'VARCHAR',
  transaction_date: 'DATE',
  transaction_type: 'VARCHAR',
  amount_midpoint: 'DOUBLE',
  action_seq: 'INTEGER',
  action_date: 'DATE',
  action_text: 'VARCHAR',
  relationship: 'VARCHAR',
  days_apart: 'INTEGER',
  weight: 'DOUBLE',
  is_synthetic: 'BOOLEAN',
};
