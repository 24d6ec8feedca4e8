import { z } from 'zod';
import { medallionKey, batchPartition, type ObjectStore } from '@medallion/lake';
import { readLakeJson } from './lake-json';

/**
 * One run's unit of work. The sequence is the watermark + 1; `ts` is derived from the source
 * (the newest Last-Modified of the changed index zips), never from the clock, so re-running the
 * same batch after a crash writes byte-for-byte the same outputs.
 */
export const batchSchema = z.object({
  seq: z.number().int().positive(),
  fromSeq: z.number().int().nonnegative(),
  ts: z.string().datetime(),
  years: z.array(z.number().int().min(1995).max(2100)).min(1),
  fingerprints: z.record(z.string(), z.string()),
});
export type Batch = z.infer<typeof batchSchema>;

export const DATASET = 'house_fd';

export const keys = {
  batchManifest: (seq: number) => medallionKey('_batches', DATASET, `${batchPartition(seq)}.json`),
  bronzeZip: (year: number) => medallionKey('bronze', DATASET, `year=${year}`, `${year}FD.zip`),
  bronzePdf: (year: number, docId: string) => medallionKey('bronze', DATASET, 'ptr-pdfs', `year=${year}`, `${docId}.pdf`),
  bronzeMembers: () => medallionKey('bronze', DATASET, 'members', 'legislators-current.yaml'),
  /** The complete member list (member-list.ts), under its own file name. */
  bronzeMemberList: (file: string) => medallionKey('bronze', DATASET, 'members', file),
  silverFilings: (seq: number) => medallionKey('silver', DATASET, 'filings', `${batchPartition(seq)}.parquet`),
  silverFilingsPrefix: () => 'silver/house_fd/filings/',
  /** One PTR's rows as extracted (Map iterations write in parallel; CompactSilver merges them). */
  silverDocumentTransactions: (docId: string) => medallionKey('silver', DATASET, 'transactions_by_document', `doc_id=${docId}.parquet`),
  /** The silver_transactions table: one file per batch, so readers never list per-document files. */
  silverTransactions: (seq: number) => medallionKey('silver', DATASET, 'transactions', `${batchPartition(seq)}.parquet`),
  silverTransactionsPrefix: () => 'silver/house_fd/transactions/',
  quarantine: (seq: number, docId: string) => medallionKey('quarantine', DATASET, batchPartition(seq), `${docId}.json`),
  quarantinePrefix: (seq: number) => `quarantine/house_fd/${batchPartition(seq)}/`,
  /** The PTRs batch N extracts (its new ones plus retries), fixed on first write so a re-run extracts the same set. */
  batchDocuments: (seq: number) => medallionKey('_batches', `${DATASET}_documents`, `${batchPartition(seq)}.json`),
  /** A PTR whose PDF the source did not have yet: retried by every later batch until it parses. */
  pendingDocument: (docId: string) => medallionKey('_pending', DATASET, 'ptr', `${docId}.json`),
  pendingPrefix: () => '_pending/house_fd/ptr/',
  dimMember: () => medallionKey('gold', DATASET, 'dim_member', 'dim_member.parquet'),
  dimAsset: () => medallionKey('gold', DATASET, 'dim_asset', 'dim_asset.parquet'),
  fact: (seq: number) => medallionKey('gold', DATASET, 'fact_ptr_transactions', `${batchPartition(seq)}.parquet`),
  factPrefix: () => 'gold/house_fd/fact_ptr_transactions/',
  /** Gold outputs of batch N before the gold gate passes: `<prefix><gold key>`. */
  goldCandidatePrefix: (seq: number) => `_candidates/${DATASET}/${batchPartition(seq)}/`,
  trending: () => medallionKey('gold', DATASET, 'agg_trending_stocks', 'agg_trending_stocks.parquet'),
};

/** Batch sequence from a key like …/batch=000012.parquet. */
/** Gold keys in the order PublishGold promotes them: dimensions, then facts, then the aggregate over them. */
export const goldKeysInPublishOrder = (seq: number): string[] => [keys.dimMember(), keys.dimAsset(), keys.fact(seq), keys.trending()];

export const seqOfKey = (key: string): number => Number(/batch=(\d{6})/.exec(key)?.[1] ?? NaN);

export async function writeBatchManifest(lake: ObjectStore, batch: Batch): Promise<void> {
  await lake.put(keys.batchManifest(batch.seq), `${JSON.stringify(batch, null, 2)}\n`, 'application/json');
}

export async function latestBatchManifest(lake: ObjectStore): Promise<Batch | null> {
  const all = await lake.list('_batches/house_fd/');
  const last = all.at(-1);
  if (!last) return null;
  return readLakeJson(lake, last.key, batchSchema);
}
