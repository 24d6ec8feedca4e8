import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeRowsToParquet, type Duck } from '@medallion/duck';
import { SILVER_TRANSACTIONS_SCHEMA } from '../../src/schemas';

export interface SilverTx {
  transaction_id: string;
  bioguide_id?: string | null;
  ticker?: string | null;
  asset_name?: string;
  asset_type?: string | null;
  transaction_type?: 'Purchase' | 'Sale' | 'Sale (Partial)' | 'Exchange';
  transaction_date?: string | null;
  notification_date?: string | null;
  amount_low?: number | null;
  amount_high?: number | null;
  date_suspect_reason?: string | null;
  is_synthetic?: boolean;
  silver_ingest_ts?: string;
}

/** Write silver transaction rows (defaults filled in) to one parquet file. */
export async function writeSilver(duck: Duck, file: string, rows: SilverTx[]): Promise<string> {
  const full = rows.map((r) => ({
    doc_id: r.transaction_id.split('-')[0],
    filing_date: '2025-03-01',
    filer_name: 'Test Filer',
    state_district: 'CA11',
    owner: 'self',
    asset_name: r.ticker ? `${r.ticker} Inc` : 'Unnamed asset',
    asset_type: 'ST',
    transaction_type: 'Purchase',
    transaction_date: '2025-02-01',
    notification_date: '2025-02-10',
    amount_low: 1001,
    amount_high: 15000,
    description: null,
    subholding_of: null,
    date_suspect_reason: null,
    is_synthetic: false,
    silver_ingest_ts: '2025-03-01 00:00:00',
    bioguide_id: null,
    ticker: null,
    ...r,
  }));
  await mkdir(dirname(file), { recursive: true });
  await writeRowsToParquet(duck, full, SILVER_TRANSACTIONS_SCHEMA, file, ['transaction_id']);
  return file;
}
