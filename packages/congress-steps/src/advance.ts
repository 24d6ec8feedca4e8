import { advanceWatermark } from '@medallion/watermarks';
import type { Batch } from './batch';
import type { StepDeps } from './config';

/**
 * The last step, after the gold gate: the next batch lists from this batch's toDateTime
 * (compare-and-set on the sequence; `runId` makes a retry of our own successful write succeed).
 */
export async function advanceCongressWatermark(deps: StepDeps, batch: Batch, runId?: string) {
  const wm = await advanceWatermark(deps.dynamo, deps.watermarkTable, {
    watermarkId: deps.watermarkId,
    fromSeq: batch.fromSeq,
    toSeq: batch.seq,
    fingerprints: { updatedThrough: batch.toDateTime },
    batchTs: batch.ts,
    runId,
  });
  return { seq: wm.seq, updatedThrough: wm.fingerprints.updatedThrough };
}
