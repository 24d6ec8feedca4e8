import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { updateServingCache, type UpdateCacheResult } from '@medallion/api';
import type { StepDeps } from './config';
import type { Batch } from './batch';

export interface UpdateCacheStepResult extends Pick<UpdateCacheResult, 'version' | 'unchanged' | 'rowCounts'> {
  hot: number;
}

/**
 * UpdateCache: after PublishGold, build the API's serving database for the gold just published
 * and write the hot responses beside it (@medallion/api). Runs before AdvanceWatermark, so a
 * failure here is retried by the next run (the batch is not yet marked done); a re-run over the
 * same gold writes nothing.
 */
export async function updateCache(deps: StepDeps, _batch: Batch, workDir = join(tmpdir(), 'house-fd-update-cache')): Promise<UpdateCacheStepResult> {
  const result = await updateServingCache(deps.lake, { workDir });
  return { version: result.version, unchanged: result.unchanged, rowCounts: result.rowCounts, hot: result.hot.length };
}
