import { getWatermark } from '@medallion/watermarks';
import { batchSchema, keys, readJson } from './batch';
import type { StepDeps } from './config';

/** The execution state for `--from FetchDetails|TransformToSilver`: the open batch (watermark + 1) and its chunks, from the lake. */
export async function resumeState(deps: StepDeps, startAt: string): Promise<Record<string, unknown>> {
  if (startAt === 'FetchBills') return {};
  const wm = await getWatermark(deps.dynamo, deps.watermarkTable, deps.watermarkId);
  const batch = await readJson(deps.lake, keys.batchManifest(wm.seq + 1), batchSchema);
  if (!batch) throw new Error(`no open congress batch ${wm.seq + 1} in the lake: run from FetchBills`);
  const chunkObjects = await deps.lake.list(keys.chunk(batch.seq, 0).replace(/chunk=\d+\.json$/, ''));
  const chunks = chunkObjects.map((_, i) => i);
  return { fetch: { hasNew: chunks.length > 0, batch, bills: null, chunks } };
}
