import { readFile } from 'node:fs/promises';
import { billId, billListSchema, parseBillId } from '@medallion/congress';
import { getWatermark } from '@medallion/watermarks';
import { z } from 'zod';
import { type Batch, batchSchema, keys, putJson, readJson } from './batch';
import type { StepDeps } from './config';

/** Bills per list request: the API's maximum. After the first, each request starts one bill early (the drift check). */
export const PAGE_LIMIT = 250;
/** Re-listing a window whose order keeps shifting is given up after this many restarts (the state is retried). */
const MAX_RESTARTS = 3;

const pageItemSchema = z.object({ billId: z.string(), updateDate: z.string() });
const pageSchema = z.object({ offset: z.number().int(), total: z.number().int(), items: z.array(pageItemSchema), restarts: z.number().int() });
type PageItem = z.infer<typeof pageItemSchema>;

export interface FetchBillsResult {
  hasNew: boolean;
  batch: Batch;
  bills: number;
  /** Map iterations for FetchDetails: [0, 1, …, chunks − 1]. */
  chunks: number[];
  listRequests: number;
  restarts: number;
}

/** The open batch: watermark + 1, its window fixed on first write (a re-run after a crash reuses it). */
async function openBatch(deps: StepDeps): Promise<Batch> {
  const wm = await getWatermark(deps.dynamo, deps.watermarkTable, deps.watermarkId);
  const seq = wm.seq + 1;
  const existing = await readJson(deps.lake, keys.batchManifest(seq), batchSchema);
  if (existing) return existing;
  const fromDateTime = wm.fingerprints.updatedThrough ?? deps.backfillFrom;
  // Whole seconds: the API's fromDateTime/toDateTime take YYYY-MM-DDTHH:MM:SSZ.
  const toDateTime = new Date(Math.floor(deps.clock.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const batch: Batch = { seq, fromSeq: wm.seq, fromDateTime, toDateTime, ts: toDateTime };
  await putJson(deps.lake, keys.batchManifest(seq), batch);
  return batch;
}

/**
 * FetchBills: list the bills updated in the batch's window (`sort=updateDate+asc`, offset paging,
 * limit 250), each page checkpointed in the lake, so a crashed run resumes at the next page. Each
 * request re-reads the previous page's last bill: when it is not there, the list shifted (a bill was
 * updated and left the window) and the window is listed again from offset 0 — bills are deduplicated
 * by id, so nothing is lost or doubled. Then the bills are split into FetchDetails chunks.
 */
export async function fetchBills(deps: StepDeps): Promise<FetchBillsResult> {
  const batch = await openBatch(deps);
  const done = await deps.lake.list(keys.listPagesPrefix(batch.seq));
  let last = done.length ? await readJson(deps.lake, done.at(-1)!.key, pageSchema) : null;
  let restarts = last?.restarts ?? 0;
  let listRequests = 0;
  while (!last || !isLastPage(last)) {
    const offset = last ? last.offset + last.items.length : 0;
    const query = {
      fromDateTime: batch.fromDateTime,
      toDateTime: batch.toDateTime,
      sort: 'updateDate+asc',
      offset: offset === 0 ? 0 : offset - 1,
      limit: PAGE_LIMIT,
    };
    const body = await deps.api.guarded(1, () => deps.api.getJson('/v3/bill', query, { prepaid: true }));
    listRequests++;
    const parsed = billListSchema.parse(body);
    const items: PageItem[] = parsed.bills.map((b) => ({
      billId: billId(parseBillId(`${b.congress}-${b.type.toLowerCase()}-${b.number}`)),
      updateDate: b.updateDate,
    }));
    if (last && offset > 0) {
      const anchor = last.items.at(-1);
      if (!anchor || items[0]?.billId !== anchor.billId) {
        if (++restarts > MAX_RESTARTS) throw new Error(`the bill list of batch ${batch.seq} kept shifting while paged (${restarts - 1} restarts); retry later`);
        // Start the window over; the earlier pass's checkpoints go, so a crash now cannot resume from them.
        for (const obj of await deps.lake.list(keys.listPagesPrefix(batch.seq))) await deps.lake.delete(obj.key);
        last = null;
        continue;
      }
      items.shift();
    }
    await deps.lake.put(keys.bronzeListPage(batch.seq, offset), JSON.stringify(body), 'application/json');
    last = { offset, total: parsed.pagination?.count ?? offset + items.length, items, restarts };
    await putJson(deps.lake, keys.listPage(batch.seq, offset), last);
  }
  const bills = await collectBills(deps, batch.seq);
  if (bills.length > 0) await copyCommitteeMembership(deps);
  const chunks: number[] = [];
  for (let i = 0; i * deps.chunkSize < bills.length; i++) {
    await putJson(deps.lake, keys.chunk(batch.seq, i), bills.slice(i * deps.chunkSize, (i + 1) * deps.chunkSize));
    chunks.push(i);
  }
  return { hasNew: bills.length > 0, batch, bills: bills.length, chunks, listRequests, restarts };
}

function isLastPage(page: z.infer<typeof pageSchema>): boolean {
  return page.offset + page.items.length >= page.total || page.items.length === 0;
}

/** The current committee membership (BuildDimensions' bridge_member_committee) into bronze, from a URL or a local file. */
async function copyCommitteeMembership(deps: StepDeps): Promise<void> {
  const source = deps.committeeMembershipSource;
  if (!source) return;
  let text: string;
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source, { signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`GET ${source} → HTTP ${res.status}`);
    text = await res.text();
  } else {
    text = await readFile(source, 'utf8');
  }
  await deps.lake.put(keys.bronzeCommitteeMembership(), text, 'application/yaml');
}

/** Every bill of the batch's pages once (the latest updateDate seen), sorted by id. */
async function collectBills(deps: StepDeps, seq: number): Promise<PageItem[]> {
  const byId = new Map<string, PageItem>();
  for (const obj of await deps.lake.list(keys.listPagesPrefix(seq))) {
    const page = await readJson(deps.lake, obj.key, pageSchema);
    for (const item of page?.items ?? []) {
      const seen = byId.get(item.billId);
      if (!seen || seen.updateDate < item.updateDate) byId.set(item.billId, item);
    }
  }
  return [...byId.values()].sort((a, b) => a.billId.localeCompare(b.billId));
}

export const chunkSchema = z.array(pageItemSchema);
