/**
 * congress_pipeline, lobbying_pipeline and cross_dataset_correlation: the ASL Terraform deploys, run
 * locally after house_fd_pipeline (as `make demo` does) — the congress.gov and LDA loopback simulators
 * serving sample-data/congress (recorded 117 HR 21 + generated bills) and sample-data/lobbying.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipelineLocally } from '@medallion/cli';
import { openDuck, sqlPath } from '@medallion/duck';
import { testLocalDynamo, type LocalDynamo } from '@medallion/local';

describe('the issue 11 state machines after house_fd_pipeline', () => {
  let dynamo: LocalDynamo;
  const lakeDir = mkdtempSync(join(tmpdir(), 'congress-e2e-'));
  beforeAll(async () => {
    dynamo = await testLocalDynamo('congress-e2e');
  });
  afterAll(async () => {
    await dynamo?.stop();
  });
  const run = (pipeline: string, sourceDir: string) => runPipelineLocally({ pipeline, sourceDir, lakeDir, dynamo, fastRetries: true });
  const count = async (key: string) => {
    const duck = await openDuck();
    try {
      return await duck.scalar<number>(`SELECT count(*)::INTEGER FROM read_parquet(${sqlPath(join(lakeDir, key))})`);
    } finally {
      duck.close();
    }
  };

  it('house_fd, then congress (twice: nothing new the second time), lobbying and the correlation all succeed', async () => {
    process.env.HOUSE_FD_WATERMARK_ID = 'house_fd_congress_e2e';
    expect((await run('house_fd_pipeline', 'sample-data/house-fd/source')).status).toBe('SUCCEEDED');

    const congress = await run('congress_pipeline', 'sample-data/congress');
    expect(congress.status).toBe('SUCCEEDED');
    expect(congress.path).toEqual([
      'FetchBills',
      'HasNewBills',
      'FetchDetails',
      'TransformToSilver',
      'ValidateSilver',
      'SilverPassed',
      'BuildDimensions',
      'ValidateGold',
      'GoldPassed',
      'AdvanceWatermark',
      'Done',
    ]);
    expect(congress.tasks.FetchBills[0].output).toMatchObject({ hasNew: true, bills: 201 });
    expect(await count('gold/congress/dim_bill/dim_bill.parquet')).toBe(201);
    expect(await count('gold/congress/bridge_member_committee/bridge_member_committee.parquet')).toBeGreaterThan(3000);
    const again = await run('congress_pipeline', 'sample-data/congress');
    expect(again.path).toEqual(['FetchBills', 'HasNewBills', 'NoNewBills']);

    const lobbying = await run('lobbying_pipeline', 'sample-data/lobbying');
    expect(lobbying.status).toBe('SUCCEEDED');
    expect(lobbying.tasks.ParseToSilver[0].output).toMatchObject({ filingsIn: 100, filingsOut: 100 });

    const correlation = await run('cross_dataset_correlation', '.');
    expect(correlation.status).toBe('SUCCEEDED');
    expect(correlation.path).toEqual(['BuildCorrelations', 'ValidateGold', 'GoldPassed', 'Done']);
    const built = correlation.tasks.BuildCorrelations[0].output as { correlations: number; evidence: number; batchSeq: number };
    expect(built.correlations).toBeGreaterThan(0);
    expect(built.batchSeq).toBe(1); // numbered by the house_fd watermark
    // Every correlation here involves a generated bill: it says so.
    const duck = await openDuck();
    try {
      expect(
        await duck.scalar(
          `SELECT bool_and(is_synthetic) FROM read_parquet(${sqlPath(join(lakeDir, 'gold/correlation/bill_trade_correlations/bill_trade_correlations.parquet'))})`,
        ),
      ).toBe(true);
    } finally {
      duck.close();
    }
  }, 300_000);
});
