import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { openDuck } from '@medallion/duck';
import { buildDimMember, buildDimAsset, buildFactTransactions, buildTrendingStocks } from '@medallion/house-fd-gold';
import type { StepDeps } from './config';
import { keys, seqOfKey, type Batch } from './batch';
import { loadMembers, toMemberInputs } from './members';
import type { DatasetDeclarations } from '@medallion/quality';
import { GOLD_QUALITY_CHECKS } from './quality-checks';
import { HOUSE_FD_DATASETS } from './datasets';

export interface GoldResult {
  /** Where the batch's gold waits for the gold gate (`_candidates/house_fd/batch=N/`). */
  candidatePrefix: string;
  dimMemberRows: number;
  dimAssetRows: number;
  factRowsIn: number;
  factRowsOut: number;
  unknownMembers: number;
  trendingRows: number;
  asOfDate: string | null;
  /** soda/checks files the gold gate runs. */
  qualityChecks: string[];
  /** The datasets those checks name (the gate resolves them in the lake, candidates first). */
  datasets: DatasetDeclarations;
}

/**
 * Build gold for one batch: dim_member (SCD2) and dim_asset rebuilt deterministically, the
 * batch's facts written to their own file (batch=N: a re-run overwrites it, never appends),
 * and agg_trending_stocks recomputed over all facts — all as candidates, which the gold gate
 * checks and PublishGold promotes.
 */
export async function transformToGold(deps: StepDeps, batch: Batch): Promise<GoldResult> {
  const work = await mkdtemp(join(tmpdir(), 'medallion-gold-'));
  const duck = await openDuck({ threads: 2, memoryLimit: '1GB', tempDirectory: join(work, 'spill') });
  try {
    const legislators = toMemberInputs(await loadMembers(deps));
    const dimMemberFile = join(work, 'dim_member.parquet');
    const dimMember = await buildDimMember(duck, { legislators, outFile: dimMemberFile, ingestTs: batch.ts });

    // This batch's facts come from its compacted silver file (new PTRs and retries alike).
    const allTx = (await deps.lake.list(keys.silverTransactionsPrefix())).map((o) => o.key);
    const allTxFiles = await deps.lake.stage(allTx); // staged once: the batch's file is among them
    const batchTxFiles = allTxFiles.filter((_, i) => allTx[i] === keys.silverTransactions(batch.seq));

    const dimAssetFile = join(work, 'dim_asset.parquet');
    const dimAsset = await buildDimAsset(duck, { transactionsFiles: allTxFiles, outFile: dimAssetFile });

    const priorFacts = (await deps.lake.list(keys.factPrefix())).filter((o) => seqOfKey(o.key) < batch.seq);
    const priorFactFiles = await deps.lake.stage(priorFacts.map((o) => o.key));
    const factFile = join(work, 'fact.parquet');
    const fact = await buildFactTransactions(duck, {
      batchSeq: batch.seq,
      batchTransactionsFiles: batchTxFiles,
      priorFactFiles,
      dimMemberFile,
      dimAssetFile,
      outFile: factFile,
      ingestTs: batch.ts,
    });

    const trendingFile = join(work, 'trending.parquet');
    // as_of never passes the batch's own date (a typed 2202 trade date once emptied every window).
    const trending = await buildTrendingStocks(duck, {
      factFiles: [...priorFactFiles, factFile],
      dimMemberFile,
      outFile: trendingFile,
      notAfter: batch.ts.slice(0, 10),
    });

    // Candidates only: readers see none of it until the gold gate passes and PublishGold runs.
    const candidate = keys.goldCandidatePrefix(batch.seq);
    await deps.lake.putFile(candidate + keys.dimMember(), dimMemberFile);
    await deps.lake.putFile(candidate + keys.dimAsset(), dimAssetFile);
    await deps.lake.putFile(candidate + keys.fact(batch.seq), factFile);
    await deps.lake.putFile(candidate + keys.trending(), trendingFile);
    return {
      candidatePrefix: candidate,
      dimMemberRows: dimMember.rows,
      dimAssetRows: dimAsset.rows,
      factRowsIn: fact.rowsIn,
      factRowsOut: fact.rowsOut,
      unknownMembers: fact.unknownMembers,
      trendingRows: trending.rows,
      asOfDate: trending.asOfDate,
      qualityChecks: GOLD_QUALITY_CHECKS,
      datasets: HOUSE_FD_DATASETS,
    };
  } finally {
    duck.close();
    await rm(work, { recursive: true, force: true });
  }
}
