import type { StepDeps } from './config';
import { goldKeysInPublishOrder, keys, type Batch } from './batch';

export interface PublishResult {
  published: string[];
}

/**
 * Promote batch N's gold candidates (written by TransformToGold, passed by the gold gate) to
 * the gold tables: dimensions first, then the batch's facts, then the aggregate, each an
 * atomic replace. The candidates stay (a re-run publishes the same bytes again).
 */
export async function publishGold(deps: StepDeps, batch: Batch): Promise<PublishResult> {
  const prefix = keys.goldCandidatePrefix(batch.seq);
  const present = new Set((await deps.lake.list(prefix)).map((o) => o.key));
  const published: string[] = [];
  for (const key of goldKeysInPublishOrder(batch.seq)) {
    if (!present.has(prefix + key)) throw new Error(`gold candidate ${prefix + key} is missing: run TransformToGold for batch ${batch.seq} first`);
    const [local] = await deps.lake.stage([prefix + key]);
    await deps.lake.putFile(key, local);
    published.push(key);
  }
  return { published };
}
