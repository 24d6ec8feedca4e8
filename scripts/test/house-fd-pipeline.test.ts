/**
 * The whole house_fd_pipeline ASL executed locally — the same JSON Terraform deploys, the same
 * handler modules `make build` bundles — against dynalite and a lake directory, on the real
 * 2025 House index and PTRs.
 */
import { describe, expect, it } from '@jest/globals';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { openDuck, sqlPath } from '@medallion/duck';
import { runPipelineLocally } from '@medallion/cli';
import { renderSummary } from '@medallion/cli';
import { goldFingerprint, pipelineScenarios, queryLake } from './helpers/house-fd';

const FULL_PATH = [
  'CheckNewFilings',
  'HasNewFilings',
  'IngestZip',
  'IndexToSilver',
  'ExtractDocuments',
  'CompactSilver',
  'ValidateSilver',
  'SilverPassed',
  'TransformToGold',
  'ValidateGold',
  'GoldPassed',
  'PublishGold',
  'UpdateCache',
  'AdvanceWatermark',
  'Done',
];

const { fresh: setup } = pipelineScenarios('pipeline');

const facts = (lake: string) =>
  queryLake<{ n: number; ids: number; docs: number }>(
    (p) =>
      `SELECT count(*)::INT AS n, count(DISTINCT transaction_id)::INT AS ids, count(DISTINCT doc_id)::INT AS docs
   FROM read_parquet(${p(join(lake, 'gold/house_fd/fact_ptr_transactions/*.parquet'))}, hive_partitioning = false)`,
  );

describe('house_fd_pipeline, run locally end to end', () => {
  it('takes every state, fills gold, advances the watermark; a second run finds nothing new and leaves gold byte-identical', async () => {
    const opts = setup();
    const first = await runPipelineLocally(opts);
    expect(first.status).toBe('SUCCEEDED');
    expect(first.path).toEqual(FULL_PATH);
    expect(first.watermarkBefore?.seq ?? 0).toBe(0);
    expect(first.watermarkAfter?.seq).toBe(1);
    const index = first.tasks.IndexToSilver[0].output as { rowsIn: number; rowsOut: number; byFilingType: Record<string, number>; documentIds: string[] };
    expect(index.rowsIn).toBe(1618);
    expect(index.rowsOut).toBe(1616);
    expect(index.byFilingType.P).toBe(471);
    expect(index.documentIds).toHaveLength(471);
    // Only DocIDs travel through Step Functions (results and state are capped at 256 KB).
    expect(JSON.stringify(index).length).toBeLessThan(16_000);
    // The two real PTRs parse; the Clerk's HTML 404 page saved as 20033421.pdf is quarantined; the rest are not in the sample.
    const extracted = first.tasks.ExtractDocument.map((t) => t.output as { docId: string; status: string; reason?: string; rows: number });
    expect(extracted).toHaveLength(471);
    expect(
      extracted
        .filter((e) => e.status === 'ok')
        .map((e) => e.docId)
        .sort(),
    ).toEqual(['20026590', '20027933']);
    expect(extracted.find((e) => e.docId === '20033421')).toMatchObject({ status: 'quarantined', reason: 'html_error_page' });
    expect(new Set(extracted.filter((e) => e.status !== 'ok' && e.docId !== '20033421').map((e) => e.reason))).toEqual(new Set(['not_published']));
    const okRows = extracted.filter((e) => e.status === 'ok').reduce((n, e) => n + e.rows, 0);
    expect(await facts(opts.lakeDir)).toEqual([{ n: okRows, ids: okRows, docs: 2 }]);
    expect(first.outbox).toEqual([]);
    expect(renderSummary(first)).toMatch(/html_error_page\s+1\s+20033421/);

    const gold = goldFingerprint(opts.lakeDir);
    expect(Object.keys(gold)).toEqual(
      expect.arrayContaining([
        'gold/house_fd/dim_member/dim_member.parquet',
        'gold/house_fd/fact_ptr_transactions/batch=000001.parquet',
        'gold/house_fd/agg_trending_stocks/agg_trending_stocks.parquet',
      ]),
    );
    const second = await runPipelineLocally(opts);
    expect(second.status).toBe('SUCCEEDED');
    expect(second.path).toEqual(['CheckNewFilings', 'HasNewFilings', 'NoNewFilings']);
    expect(second.watermarkAfter?.seq).toBe(1);
    expect(goldFingerprint(opts.lakeDir)).toEqual(gold);
    expect(renderSummary(second)).toContain('no new filings');

    // --from TransformToGold rebuilds gold from silver, after the silver gate: same bytes, and the watermark does not move twice.
    const rebuilt = await runPipelineLocally({ ...opts, from: 'TransformToGold' });
    expect(rebuilt.status).toBe('SUCCEEDED');
    expect(rebuilt.path).toEqual([
      'ValidateSilver',
      'SilverPassed',
      'TransformToGold',
      'ValidateGold',
      'GoldPassed',
      'PublishGold',
      'UpdateCache',
      'AdvanceWatermark',
      'Superseded',
    ]);
    expect(renderSummary(rebuilt)).toContain('starting at ValidateSilver: silver is re-validated before TransformToGold');
    expect(goldFingerprint(opts.lakeDir)).toEqual(gold);
    expect(rebuilt.watermarkAfter?.seq).toBe(1);
  });

  it('re-validates silver before a rebuild from it: bad silver and --from TransformToGold stop at the gate, gold unchanged', async () => {
    const opts = setup();
    expect((await runPipelineLocally(opts)).status).toBe('SUCCEEDED');
    const gold = goldFingerprint(opts.lakeDir);
    // Silver damaged after it passed: one transaction twice.
    const file = join(opts.lakeDir, 'silver/house_fd/transactions/batch=000001.parquet');
    const duck = await openDuck({ threads: 1 });
    try {
      await duck.run(
        `COPY (SELECT * FROM read_parquet(${sqlPath(file)}) UNION ALL (SELECT * FROM read_parquet(${sqlPath(file)}) LIMIT 1)) TO ${sqlPath(`${file}.bad`)} (FORMAT parquet)`,
      );
    } finally {
      duck.close();
    }
    renameSync(`${file}.bad`, file);
    const rebuilt = await runPipelineLocally({ ...opts, from: 'TransformToGold' });
    expect(rebuilt.status).toBe('FAILED');
    expect(rebuilt.error).toBe('QualityGateFailed');
    expect(rebuilt.path[0]).toBe('ValidateSilver');
    expect(rebuilt.path).not.toContain('TransformToGold');
    expect(goldFingerprint(opts.lakeDir)).toEqual(gold);
    expect(renderSummary(rebuilt)).toContain('QUALITY GATE FAILED (silver)');
  });

  it('re-runs a batch that crashed between gold and the watermark without duplicating a fact', async () => {
    const opts = setup();
    const crashed = await runPipelineLocally({
      ...opts,
      wrapFunctions: (fns) => ({
        ...fns,
        fn_house_fd_advance_watermark: async () => {
          throw new Error('simulated crash after gold');
        },
      }),
    });
    expect(crashed.status).toBe('FAILED');
    expect(crashed.path.slice(-3)).toEqual(['AdvanceWatermark', 'NotifyFailure', 'PipelineFailed']);
    expect(crashed.watermarkAfter?.seq ?? 0).toBe(0);
    expect(crashed.outbox.map((m) => m.subject)).toEqual(['Medallion house_fd_pipeline failed']);
    expect(JSON.stringify(crashed.outbox[0].message)).toContain('simulated crash after gold');
    const goldAfterCrash = goldFingerprint(opts.lakeDir);
    const [before] = await facts(opts.lakeDir);

    const rerun = await runPipelineLocally(opts);
    expect(rerun.status).toBe('SUCCEEDED');
    expect(rerun.path).toEqual(FULL_PATH);
    expect(rerun.watermarkAfter?.seq).toBe(1);
    const [after] = await facts(opts.lakeDir);
    expect(after).toEqual(before);
    expect(after.n).toBe(after.ids);
    expect(goldFingerprint(opts.lakeDir)).toEqual(goldAfterCrash);
  });

  it('lets exactly one of two concurrent runs advance the watermark', async () => {
    const opts = setup();
    const [a, b] = await Promise.all([runPipelineLocally(opts), runPipelineLocally(opts)]);
    if (a.status !== 'SUCCEEDED' || b.status !== 'SUCCEEDED') throw new Error(JSON.stringify([a.error, a.cause, a.caught, b.error, b.cause, b.caught]));
    expect([a.status, b.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect([a.path.at(-1), b.path.at(-1)].sort()).toEqual(['Done', 'Superseded']);
    expect(b.watermarkAfter?.seq).toBe(1);
    const [f] = await facts(opts.lakeDir);
    expect(f.n).toBe(f.ids);
    expect(f.docs).toBe(2);
  });
});
