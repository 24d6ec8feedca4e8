import type { StepDeps } from './config';
import { keys, latestBatchManifest } from './batch';
import { batchDocuments } from './index-to-silver';
import { GOLD_QUALITY_CHECKS, silverQualityChecks } from './quality-checks';
import { HOUSE_FD_DATASETS } from './datasets';
import { HOUSE_FD_STATES, type HouseFdState } from './states';

/**
 * The execution state a run would have on entering `startAt`, rebuilt from what the lake holds
 * for the latest batch (its manifest and silver filings). Used by `lake run --from STATE` to
 * re-run part of the pipeline, e.g. rebuild gold from silver without fetching anything.
 */
export async function resumeState(deps: StepDeps, startAt: string): Promise<Record<string, unknown>> {
  const at = HOUSE_FD_STATES.indexOf(startAt as HouseFdState);
  if (at < 0) throw new Error(`cannot start house_fd_pipeline at ${startAt}: choose one of ${HOUSE_FD_STATES.join(', ')}`);
  if (at === 0) return {};
  const batch = await latestBatchManifest(deps.lake);
  if (!batch) throw new Error(`the lake holds no house_fd batch yet: run the pipeline from the start before --from ${startAt}`);
  // The manifest is written by IngestZip with the fingerprints it actually ingested.
  const state: Record<string, unknown> = { check: { hasNew: true, batch, watermarkSeq: batch.fromSeq }, ingest: { fingerprints: batch.fingerprints } };
  if (at >= HOUSE_FD_STATES.indexOf('ExtractDocuments')) state.silver = await silverStateOf(deps, batch.seq);
  if (at >= HOUSE_FD_STATES.indexOf('ValidateSilver')) state.compact = { qualityChecks: await silverQualityChecks(deps), datasets: HOUSE_FD_DATASETS };
  if (at >= HOUSE_FD_STATES.indexOf('ValidateGold'))
    state.gold = { qualityChecks: GOLD_QUALITY_CHECKS, datasets: HOUSE_FD_DATASETS, candidatePrefix: keys.goldCandidatePrefix(batch.seq) };
  return state;
}

async function silverStateOf(deps: StepDeps, seq: number): Promise<{ documentIds: string[] }> {
  const documents = await batchDocuments(deps, seq);
  if (!documents) throw new Error(`batch ${seq} has no document list yet: run from IndexToSilver instead`);
  return { documentIds: documents.map((d) => d.docId) };
}
