import { z } from 'zod';
import { batchPartition, medallionKey, type ObjectStore } from '@medallion/lake';

/**
 * One congress_pipeline run's unit of work: the bills whose updateDate falls in
 * [fromDateTime, toDateTime]. The window is fixed when the batch is first opened and stored in the
 * lake, so a re-run after a crash lists the same window (and resumes from its checkpointed pages).
 */
export const batchSchema = z.object({
  seq: z.number().int().positive(),
  fromSeq: z.number().int().nonnegative(),
  fromDateTime: z.string().datetime(),
  toDateTime: z.string().datetime(),
  /** = toDateTime: the batch timestamp every output carries (never the wall clock). */
  ts: z.string().datetime(),
});
export type Batch = z.infer<typeof batchSchema>;

export const DATASET = 'congress';

/** `2022-03-25T01:16:59Z` → `20220325T011659Z` (a key segment). */
const compact = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+/, '');

export const keys = {
  batchManifest: (seq: number) => medallionKey('_batches', DATASET, `${batchPartition(seq)}.json`),
  /** One list page as fetched (its items; the page's raw response is in bronze). */
  listPage: (seq: number, offset: number) =>
    medallionKey('_batches', `${DATASET}_pages`, batchPartition(seq), `offset=${String(offset).padStart(7, '0')}.json`),
  listPagesPrefix: (seq: number) => `_batches/${DATASET}_pages/${batchPartition(seq)}/`,
  /** The bills of one FetchDetails Map iteration. */
  chunk: (seq: number, index: number) => medallionKey('_batches', `${DATASET}_chunks`, batchPartition(seq), `chunk=${String(index).padStart(5, '0')}.json`),
  bronzeListPage: (seq: number, offset: number) =>
    medallionKey('bronze', DATASET, 'bill_lists', batchPartition(seq), `offset=${String(offset).padStart(7, '0')}.json`),
  /** One bill version's six responses: written once, so a re-run skips bills already fetched. */
  bronzeBill: (billId: string, updateDate: string) => medallionKey('bronze', DATASET, 'bills', `bill_id=${billId}`, `update=${compact(updateDate)}.json`),
  bronzeMembers: () => medallionKey('bronze', DATASET, 'members', 'member.json'),
  bronzeCommitteeMembership: () => medallionKey('bronze', DATASET, 'members', 'committee-membership-current.yaml'),
  silver: (table: string, seq: number) => medallionKey('silver', DATASET, table, `${batchPartition(seq)}.parquet`),
  silverPrefix: (table: string) => `silver/${DATASET}/${table}/`,
  quarantine: (seq: number, billId: string) => medallionKey('quarantine', DATASET, batchPartition(seq), `${billId}.json`),
  quarantinePrefix: (seq: number) => `quarantine/${DATASET}/${batchPartition(seq)}/`,
  gold: (table: string) => medallionKey('gold', DATASET, table, `${table}.parquet`),
};

export async function readJson<S extends z.ZodTypeAny>(lake: ObjectStore, key: string, schema: S): Promise<z.infer<S> | null> {
  const body = await lake.get(key);
  return body ? schema.parse(JSON.parse(Buffer.from(body).toString('utf8'))) : null;
}

export const putJson = (lake: ObjectStore, key: string, value: unknown) => lake.put(key, `${JSON.stringify(value)}\n`, 'application/json');
