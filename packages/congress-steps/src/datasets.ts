import type { DatasetDeclarations } from '@medallion/quality';
import { keys } from './batch';

/** The congress datasets soda/checks names, as lake key patterns (batch.ts `keys`). */
export const CONGRESS_DATASETS: DatasetDeclarations = {
  silver_bills: `${keys.silverPrefix('bills')}*.parquet`,
  silver_bill_actions: `${keys.silverPrefix('bill_actions')}*.parquet`,
  silver_bill_sponsorships: `${keys.silverPrefix('bill_sponsorships')}*.parquet`,
  dim_bill: keys.gold('dim_bill'),
  bridge_bill_sponsor: keys.gold('bridge_bill_sponsor'),
  fact_bill_actions: keys.gold('fact_bill_actions'),
  bridge_bill_committee: keys.gold('bridge_bill_committee'),
  bridge_member_committee: keys.gold('bridge_member_committee'),
};
