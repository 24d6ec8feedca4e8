import type { ColumnTypes } from '@medallion/duck';
import { parquetRelationSql } from '@medallion/house-fd-gold';

/** Local Parquet files of the gold tables the endpoints read (the caller stages them from the lake). */
export interface GoldFiles {
  dim_bill: string[];
  bridge_bill_sponsor: string[];
  fact_bill_actions: string[];
  bridge_bill_committee: string[];
  bill_trade_correlations: string[];
  correlation_evidence: string[];
  member_network_edges: string[];
}

/** The gold table's lake key, per GoldFiles entry (for the caller that stages them). */
export const GOLD_TABLE_KEYS: Record<keyof GoldFiles, string> = {
  dim_bill: 'gold/congress/dim_bill/dim_bill.parquet',
  bridge_bill_sponsor: 'gold/congress/bridge_bill_sponsor/bridge_bill_sponsor.parquet',
  fact_bill_actions: 'gold/congress/fact_bill_actions/fact_bill_actions.parquet',
  bridge_bill_committee: 'gold/congress/bridge_bill_committee/bridge_bill_committee.parquet',
  bill_trade_correlations: 'gold/correlation/bill_trade_correlations/bill_trade_correlations.parquet',
  correlation_evidence: 'gold/correlation/correlation_evidence/correlation_evidence.parquet',
  member_network_edges: 'gold/correlation/member_network_edges/member_network_edges.parquet',
};

/** A relation over a gold table with exactly these columns (empty when the table has no file yet). */
export const relation = (files: string[], columns: ColumnTypes): string => parquetRelationSql(files, columns);

/** Dates and timestamps as ISO strings in JSON bodies. */
export const iso = (v: unknown): string | null => (v == null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
