import { buildCorrelations, type CorrelationInputs } from '@medallion/correlation';
import { openDuck } from '@medallion/duck';
import { writeViaLocalFile } from '@medallion/lake';
import { getWatermark } from '@medallion/watermarks';
import type { StepDeps } from './config';
import { CORRELATION_DATASETS, keys } from './keys';

export const GOLD_QUALITY_CHECKS = ['gold_bill_trade_correlations.yml', 'gold_member_network_edges.yml'];

/**
 * BuildCorrelations: the three correlation gold tables from house_fd's facts and congress's bill
 * tables, rebuilt whole (deterministic for the same inputs). Numbered and timestamped by the
 * house_fd watermark that triggered it, never the wall clock. A missing input is an empty table.
 */
export async function buildCorrelationTables(deps: StepDeps) {
  const wm = await getWatermark(deps.dynamo, deps.watermarkTable, deps.houseFdWatermarkId);
  const existing = async (key: string) => ((await deps.lake.head(key)) ? deps.lake.stage([key]) : []);
  const tradeKeys = (await deps.lake.list(keys.trades())).map((o) => o.key).filter((k) => k.endsWith('.parquet'));
  const inputs: CorrelationInputs = {
    trades: await deps.lake.stage(tradeKeys),
    actions: await existing(keys.actions()),
    sponsorships: await existing(keys.sponsorships()),
    billCommittees: await existing(keys.billCommittees()),
    memberCommittees: await existing(keys.memberCommittees()),
    bills: await existing(keys.dimBill()),
  };
  const duck = await openDuck({ threads: 2 });
  try {
    // Build into local files, then publish each (a reader sees the old table or the new one).
    const { result } = await writeViaLocalFile(deps.lake, keys.correlations(), async (correlations) => {
      const evidence = `${correlations}.evidence.parquet`;
      const network = `${correlations}.network.parquet`;
      const built = await buildCorrelations(duck, { inputs, windowDays: deps.windowDays, outputs: { correlations, evidence, network } });
      await deps.lake.putFile(keys.evidence(), evidence);
      await deps.lake.putFile(keys.network(), network);
      return built;
    });
    return {
      batchSeq: wm.seq,
      batchTs: wm.batchTs ?? new Date(0).toISOString(),
      inputs: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.length])),
      ...result,
      datasets: CORRELATION_DATASETS,
      qualityChecks: GOLD_QUALITY_CHECKS,
    };
  } finally {
    duck.close();
  }
}
