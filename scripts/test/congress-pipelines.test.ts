/**
 * congress_pipeline, lobbying_pipeline and cross_dataset_correlation: the ASL Terraform deploys, run
 * locally after house_fd_pipeline (as `make demo` does) — the congress.gov and LDA loopback simulators
 * serving sample-data/congress (recorded 117 HR 21 + generated bills) and sample-data/lobbying.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApi, HOUSE_FD_ROUTES, openServing } from '@medallion/api';
import { runPipelineLocally } from '@medallion/cli';
import {
  billParamsSchema,
  CONGRESS_ROUTES,
  correlationsParamsSchema,
  getBill,
  GOLD_TABLE_KEYS,
  type GoldFiles,
  listCorrelations,
} from '@medallion/correlation-steps';
import { openDuck, sqlPath } from '@medallion/duck';
import { localStore } from '@medallion/lake';
import { testLocalDynamo, type LocalDynamo } from '@medallion/local';
import { parse } from 'yaml';

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

  it('the API serves the bills and correlations routes from that lake, as the query functions answer them', async () => {
    const serving = await openServing({ lake: localStore(lakeDir) });
    const api = createApi({ routes: [...HOUSE_FD_ROUTES, ...CONGRESS_ROUTES], serving });
    const get = async (path: string, query = '') => {
      const r = await api.handle({ rawPath: path, rawQueryString: query, requestContext: { http: { method: 'GET' } } });
      return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : null };
    };
    const duck = await openDuck();
    try {
      const files = Object.fromEntries(Object.entries(GOLD_TABLE_KEYS).map(([t, key]) => [t, [join(lakeDir, key)]])) as unknown as GoldFiles;
      const top = await get('/v1/correlations', 'limit=3');
      expect(top.status).toBe(200);
      expect(top.body).toEqual(JSON.parse(JSON.stringify(await listCorrelations(duck, files, correlationsParamsSchema.parse({ limit: '3' })))));
      const first = (top.body as { correlations: Array<{ bill_id: string; bioguide_id: string }> }).correlations[0]!;
      const bill = await get(`/v1/bills/${first.bill_id}`);
      expect(bill.status).toBe(200);
      expect(bill.body).toEqual(JSON.parse(JSON.stringify(await getBill(duck, files, billParamsSchema.parse({ id: first.bill_id })))));
      expect((await get(`/v1/bills/${first.bill_id}/trades`, 'limit=2')).body).toMatchObject({ bill_id: first.bill_id });
      expect((await get(`/v1/members/${first.bioguide_id}/network`)).status).toBe(200);
      // The real bill parses into silver and gold: it is served too.
      expect((await get('/v1/bills/117-hr-21')).body).toMatchObject({ bill_id: '117-hr-21' });
      expect((await get('/v1/bills/999-hr-1')).status).toBe(404);
      expect((await get('/v1/correlations', 'bogus=1')).status).toBe(400);
      expect((await get('/v1/bills/117-hr-21%27%3B')).status).toBe(400);
      // docs/openapi.yaml documents each route with the parameters its schema accepts.
      const spec = parse(readFileSync('docs/openapi.yaml', 'utf8')) as { paths: Record<string, { get: { parameters: Array<{ name: string }> } }> };
      for (const route of CONGRESS_ROUTES) {
        const keys = Object.keys((route.params as unknown as { shape: object }).shape).sort();
        expect([route.path, spec.paths[route.path]?.get.parameters.map((p) => p.name).sort()]).toEqual([route.path, keys]);
      }
      // House routes still answer beside them.
      expect((await get('/v1/health')).status).toBe(200);
    } finally {
      duck.close();
      serving.close();
    }
  }, 120_000);
});
