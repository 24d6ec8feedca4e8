import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeCongressBronze } from '../congress-bronze';
import { congressDirect, congressOurs } from '../congress-direct';
import { writeLobbyingBronze } from '../lobbying-bronze';
import { lobbyingDirect, lobbyingOurs } from '../lobbying-direct';
import { medianRun } from '../child';
import { compareTables, pipelineBenchMarkdown } from '../pipeline-bench';

/**
 * The benchmarks' baselines must do the same work as the steps, or the ratio means nothing: on a small bronze
 * (generated bills plus the real 117 HR 21; generated filings plus a documented one served twice) the plain DuckDB
 * SQL writes the same tables, row for row, as TransformToSilver + BuildDimensions and ParseToSilver + TransformToGold.
 */
describe('congress-pipeline and lobbying-pipeline benches: the direct SQL writes what the steps write', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pipeline-bench-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('congress: eleven tables, identical', async () => {
    const lake = join(dir, 'congress');
    await writeCongressBronze(lake, 40);
    const agreement = await compareTables((await congressOurs(lake)).tables, (await congressDirect(lake, join(dir, 'congress-direct'))).tables);
    expect(agreement.map((a) => a.table)).toEqual([
      'bridge_bill_committee',
      'bridge_bill_sponsor',
      'bridge_member_committee',
      'dim_bill',
      'fact_bill_actions',
      'silver_bill_actions',
      'silver_bill_committees',
      'silver_bill_sponsorships',
      'silver_bill_subjects',
      'silver_bill_summaries',
      'silver_bills',
    ]);
    expect(agreement.filter((a) => !a.identical)).toEqual([]);
    expect(agreement.find((a) => a.table === 'silver_bills')?.oursRows).toBe(41); // 40 generated + HR 21
    expect(agreement.find((a) => a.table === 'silver_bill_summaries')?.oursRows).toBe(30 + 2); // 3 in 4 generated + HR 21's two
  });

  it('lobbying: eight tables, identical; the filing served twice is parsed once', async () => {
    const lake = join(dir, 'lobbying');
    await writeLobbyingBronze(lake, 60);
    const agreement = await compareTables((await lobbyingOurs(lake)).tables, (await lobbyingDirect(lake, join(dir, 'lobbying-direct'))).tables);
    expect(agreement).toHaveLength(8);
    expect(agreement.filter((a) => !a.identical)).toEqual([]);
    expect(agreement.find((a) => a.table === 'silver_filings')?.oursRows).toBe(61);
  });

  it('a table that differs, or that only one side wrote, is reported as not identical', async () => {
    const lake = join(dir, 'congress-small');
    await writeCongressBronze(lake, 4);
    const ours = (await congressOurs(lake)).tables;
    // dim_bill has the bills' rows but other columns than silver_bills.
    const agreement = await compareTables({ silver_bills: ours.silver_bills!, only_ours: ours.silver_bills! }, { silver_bills: ours.dim_bill! });
    expect(agreement).toEqual([
      { table: 'only_ours', oursRows: 5, directRows: 0, identical: false },
      { table: 'silver_bills', oursRows: 5, directRows: 5, identical: false },
    ]);
  });
});

describe('pipelineBenchMarkdown', () => {
  const run = (seconds: number) => ({ seconds, silverSeconds: seconds * 0.75, goldSeconds: seconds * 0.25, peakRssMb: 400, tables: {} });

  it('keeps the median run and says when a table differs', () => {
    expect(medianRun([run(3), run(1), run(2)]).seconds).toBe(2);
    const md = pipelineBenchMarkdown(
      {
        ours: run(4),
        direct: run(2),
        runs: { ours: [4, 5, 3], direct: [2, 2, 2] },
        ratio: 2,
        agreement: [
          { table: 'a', oursRows: 1_000, directRows: 1_000, identical: true },
          { table: 'b', oursRows: 5, directRows: 4, identical: false },
        ],
      },
      { ours: 'steps', direct: 'SQL' },
    );
    expect(md).toContain('| ours (steps) | 3.00 s | 1.00 s | 4.00 s | 400 MB | 4.00, 5.00, 3.00 |');
    expect(md).toContain('Ratio ours/direct: **2.00×**');
    expect(md).toContain('outputs **differ**');
    expect(md).toContain('| b | 5 | 4 | **no** |');
    expect(md).toContain('| a | 1,000 | 1,000 | yes |');
  });
});
