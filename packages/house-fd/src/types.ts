import { z } from 'zod';
import { DATE_SUSPECT_REASONS } from './ptr/suspect-dates';

/** ISO calendar date 'YYYY-MM-DD'. */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One row of silver/house_fd/filings (the platform contract; column names are the parquet names). */
export const silverFilingSchema = z.object({
  doc_id: z.string().regex(/^[0-9A-Za-z]+$/),
  year: z.number().int(),
  filing_type: z.string().min(1),
  prefix: z.string().nullable(),
  last_name: z.string(),
  first_name: z.string().nullable(),
  suffix: z.string().nullable(),
  filer_name: z.string(),
  state_district: z.string().nullable(),
  state: z.string().length(2).nullable(),
  district: z.number().int().nullable(),
  filing_date: isoDate.nullable(),
  bioguide_id: z.string().nullable(),
  batch_seq: z.number().int(),
  is_synthetic: z.boolean(),
  silver_ingest_ts: z.string(),
});
export type SilverFiling = z.infer<typeof silverFilingSchema>;

export const TRANSACTION_TYPES = ['Purchase', 'Sale', 'Sale (Partial)', 'Exchange'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

/** One row of silver/house_fd/transactions (DESIGN contract + description, subholding_of, date_suspect_reason, is_synthetic). */
export const silverTransactionSchema = z.object({
  transaction_id: z.string().regex(/^[0-9A-Za-z]+-\d{3,}$/),
  doc_id: z.string(),
  filing_date: isoDate.nullable(),
  bioguide_id: z.string().nullable(),
  filer_name: z.string().nullable(),
  state_district: z.string().nullable(),
  owner: z.string(),
  asset_name: z.string(),
  ticker: z.string().nullable(),
  asset_type: z.string().nullable(),
  transaction_type: z.enum(TRANSACTION_TYPES),
  transaction_date: isoDate,
  notification_date: isoDate.nullable(),
  amount_low: z.number().int().nullable(),
  amount_high: z.number().int().nullable(),
  description: z.string().nullable(),
  subholding_of: z.string().nullable(),
  /** Why transaction_date cannot be right (ptr/suspect-dates.ts), or null. */
  date_suspect_reason: z.enum(DATE_SUSPECT_REASONS).nullable(),
  is_synthetic: z.boolean(),
  silver_ingest_ts: z.string(),
});
export type SilverTransaction = z.infer<typeof silverTransactionSchema>;
