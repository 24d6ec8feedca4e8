import { batchPartition, medallionKey, type ObjectStore } from '@medallion/lake';
import { z } from 'zod';

export const batchSchema = z.object({
  seq: z.number().int().positive(),
  fromSeq: z.number().int().nonnegative(),
  ts: z.string().datetime(),
  /** Filing years whose filing count changed since the watermark: downloaded whole. */
  years: z.array(z.number().int().min(1999).max(2100)),
  /** Filing count per year when checked (the watermark stores these). */
  fingerprints: z.record(z.string(), z.string()),
});
export type Batch = z.infer<typeof batchSchema>;

const DATASET = 'lobbying';

export const keys = {
  batchManifest: (seq: number) => medallionKey('_batches', DATASET, `${batchPartition(seq)}.json`),
  bronzePage: (seq: number, year: number, page: number) =>
    medallionKey('bronze', DATASET, batchPartition(seq), `year=${year}`, `page=${String(page).padStart(5, '0')}.json`),
  bronzePrefix: (seq: number) => `bronze/${DATASET}/${batchPartition(seq)}/`,
  silver: (table: string, seq: number) => medallionKey('silver', DATASET, table, `${batchPartition(seq)}.parquet`),
  silverPrefix: (table: string) => `silver/${DATASET}/${table}/`,
  quarantine: (seq: number, id: string) => medallionKey('quarantine', DATASET, batchPartition(seq), `${id}.json`),
  gold: (table: string) => medallionKey('gold', DATASET, table, `${table}.parquet`),
};

export const LOBBYING_DATASETS = {
  silver_lobbying_filings: `${keys.silverPrefix('filings')}*.parquet`,
  silver_lobbying_bill_mentions: `${keys.silverPrefix('bill_mentions')}*.parquet`,
  lobbying_by_client: keys.gold('lobbying_by_client'),
  lobbying_by_issue: keys.gold('lobbying_by_issue'),
  lobbying_by_bill: keys.gold('lobbying_by_bill'),
};

export async function readJson<S extends z.ZodTypeAny>(lake: ObjectStore, key: string, schema: S): Promise<z.infer<S> | null> {
  const body = await lake.get(key);
  return body ? schema.parse(JSON.parse(Buffer.from(body).toString('utf8'))) : null;
}
