import { advanceWatermark } from '@medallion/watermarks';
import type { StepDeps } from './config';
import type { Batch } from './batch';

/**
 * The last step: the batch is fully in gold, so move the watermark (compare-and-set). `runId`
 * (the execution id) makes a retry after our own successful write succeed again; another run
 * that finds the watermark moved still gets WatermarkConflict.
 */
export async function advanceHouseFdWatermark(deps: StepDeps, batch: Batch, ingestedFingerprints?: Record<string, string>, runId?: string) {
  const wm = await advanceWatermark(deps.dynamo, deps.watermarkTable, {
    watermarkId: deps.watermarkId,
    fromSeq: batch.fromSeq,
    toSeq: batch.seq,
    fingerprints: ingestedFingerprints ?? batch.fingerprints,
    batchTs: batch.ts,
    runId,
  });
  return { seq: wm.seq, fingerprints: wm.fingerprints, advancedAt: wm.advancedAt };
}
