import { billPath, DETAIL_RESOURCES, parseBillId } from '@medallion/congress';
import { ApiRequestError } from './api-client';
import { type Batch, keys, putJson, readJson } from './batch';
import type { StepDeps } from './config';
import { chunkSchema } from './fetch-bills';

export interface FetchDetailsResult {
  chunk: number;
  fetched: number;
  /** Already in bronze (a re-run after a crash, or a retried iteration). */
  skipped: number;
  /** The API no longer has the bill (404): quarantined with the reason, not failed. */
  missing: string[];
}

/** Requests per bill: the bill and its five sub-resources. */
const REQUESTS_PER_BILL = 1 + DETAIL_RESOURCES.length;

/**
 * FetchDetails (one Map iteration): for each bill of the chunk, the bill and its actions,
 * cosponsors, committees, subjects and summaries (one page each, limit 250), stored together in
 * bronze under the bill's id and updateDate. A bill already there is skipped, so a crashed or
 * retried iteration costs no requests for the bills it finished. The six requests of a bill are paid
 * for with one bucket write and run as one unit of work through the circuit breaker.
 */
export async function fetchDetails(deps: StepDeps, batch: Batch, chunk: number): Promise<FetchDetailsResult> {
  const bills = (await readJson(deps.lake, keys.chunk(batch.seq, chunk), chunkSchema)) ?? [];
  const result: FetchDetailsResult = { chunk, fetched: 0, skipped: 0, missing: [] };
  for (const { billId, updateDate } of bills) {
    const key = keys.bronzeBill(billId, updateDate);
    if (await deps.lake.head(key)) {
      result.skipped++;
      continue;
    }
    const ref = parseBillId(billId);
    try {
      const responses = await deps.api.guarded(REQUESTS_PER_BILL, async () => {
        const detail = await deps.api.getJson(billPath(ref), {}, { prepaid: true });
        const out: Record<string, unknown> = { detail };
        for (const resource of DETAIL_RESOURCES) out[resource] = await deps.api.getJson(billPath(ref, resource), { limit: 250 }, { prepaid: true });
        return out;
      });
      await putJson(deps.lake, key, { billId, updateDate, fetchedFor: batch.seq, ...responses });
      result.fetched++;
    } catch (error) {
      if (!(error instanceof ApiRequestError) || error.status !== 404) throw error;
      await putJson(deps.lake, keys.quarantine(batch.seq, billId), { billId, reason: 'not_found', detail: error.message });
      result.missing.push(billId);
    }
  }
  return result;
}
