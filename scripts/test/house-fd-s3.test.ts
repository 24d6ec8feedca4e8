/**
 * The same pipeline with the lake in S3 as Terraform lays it out — a root bucket and one bucket
 * per layer — through the real AWS SDK against s3rver: every function's S3 path (list, stage for
 * DuckDB, publish, delete), the layered routing, and the quality gate in store mode.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { observeLake } from '@medallion/lake';
import type { LocalHandler } from '@medallion/local';
import { ListObjectsV2Command, GetObjectCommand } from '@aws-sdk/client-s3';
import { startLocalS3, type LocalS3 } from '@medallion/local';
import { runPipelineLocally } from '@medallion/cli';
import { goldFingerprint, pipelineScenarios } from './helpers/house-fd';

const BUCKETS = { root: 'medallion-test-bronze', silver: 'medallion-test-silver', gold: 'medallion-test-gold', quarantine: 'medallion-test-quarantine' };

const { fresh } = pipelineScenarios('s3');
let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3(Object.values(BUCKETS));
});
afterAll(async () => {
  await s3.stop();
});

async function keysIn(bucket: string): Promise<string[]> {
  const out = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1000 }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

async function md5Of(bucket: string, key: string): Promise<string> {
  const out = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return createHash('md5')
    .update(await out.Body!.transformToByteArray())
    .digest('hex');
}

// What each function did to which top-level lake prefix, and the IAM access that needs.
const RANK = { read: 1, readwrite: 2, readwritedelete: 3 } as const;
type Access = keyof typeof RANK;
const NEEDS: Record<string, Access> = {
  get: 'read',
  head: 'read',
  list: 'read',
  stage: 'read',
  put: 'readwrite',
  putFile: 'readwrite',
  delete: 'readwritedelete',
};
const current = new AsyncLocalStorage<string>();
const observed: Record<string, Record<string, Access>> = {};
const byFunction = (fns: Record<string, LocalHandler>) =>
  Object.fromEntries(
    Object.entries(fns).map(([placeholder, fn]) => {
      const folder = placeholder.replace(/^fn_/, '').replaceAll('_', '-');
      return [placeholder, ((event, context) => current.run(folder, () => fn(event, context))) as LocalHandler];
    }),
  );

describe('house_fd_pipeline with the lake in S3 (a bucket per layer)', () => {
  it('routes every layer to its bucket and writes the same gold bytes as the local lake', async () => {
    const inS3 = fresh();
    const stop = observeLake(({ op, key }) => {
      const folder = current.getStore();
      if (!folder) return;
      const prefix = key.split('/', 1)[0];
      const had = (observed[folder] ??= {})[prefix];
      if (!had || RANK[NEEDS[op]] > RANK[had]) observed[folder][prefix] = NEEDS[op];
    });
    const run = await runPipelineLocally({
      wrapFunctions: byFunction,
      ...inS3,
      lakeUri: `s3://${BUCKETS.root}`,
      env: {
        ...s3.env,
        MEDALLION_LAKE_BRONZE_URI: `s3://${BUCKETS.root}`,
        MEDALLION_LAKE_SILVER_URI: `s3://${BUCKETS.silver}`,
        MEDALLION_LAKE_GOLD_URI: `s3://${BUCKETS.gold}`,
        MEDALLION_LAKE_QUARANTINE_URI: `s3://${BUCKETS.quarantine}`,
      },
    });
    stop();
    if (run.status !== 'SUCCEEDED') throw new Error(JSON.stringify({ error: run.error, caught: run.caught }));
    expect(run.path.slice(-4)).toEqual(['PublishGold', 'UpdateCache', 'AdvanceWatermark', 'Done']);

    const silver = await keysIn(BUCKETS.silver);
    expect(silver).toContain('silver/house_fd/transactions/batch=000001.parquet');
    expect(silver).toContain('silver/house_fd/filings/batch=000001.parquet');
    expect(silver.every((k) => k.startsWith('silver/'))).toBe(true);
    const gold = await keysIn(BUCKETS.gold);
    // UpdateCache's serving version (the API's database and hot responses) sits beside the tables.
    expect(gold).toContain('gold/house_fd/_serving/current.json');
    expect(gold.filter((k) => !k.startsWith('gold/house_fd/_serving/'))).toEqual([
      'gold/house_fd/agg_trending_stocks/agg_trending_stocks.parquet',
      'gold/house_fd/dim_asset/dim_asset.parquet',
      'gold/house_fd/dim_member/dim_member.parquet',
      'gold/house_fd/fact_ptr_transactions/batch=000001.parquet',
    ]);
    const quarantine = await keysIn(BUCKETS.quarantine);
    expect(quarantine).toContain('quarantine/house_fd/batch=000001/20033421.json');
    const root = await keysIn(BUCKETS.root);
    expect(root).toEqual(
      expect.arrayContaining([
        'bronze/house_fd/year=2025/2025FD.zip',
        '_batches/house_fd/batch=000001.json',
        '_batches/house_fd_documents/batch=000001.json',
        'quality/results/layer=silver/batch=000001.json',
        'quality/results/layer=gold/batch=000001.json',
        '_candidates/house_fd/batch=000001/gold/house_fd/dim_member/dim_member.parquet',
      ]),
    );
    expect(root.some((k) => k.startsWith('silver/') || k.startsWith('gold/'))).toBe(false);

    // The same source into a local lake: byte-identical gold (and the same serving version and hot
    // responses; a DuckDB database file is not byte-deterministic, so the API's one is left out).
    const inDir = fresh();
    const local = await runPipelineLocally({ ...inDir, env: s3.env });
    expect(local.status).toBe('SUCCEEDED');
    const notDuckDb = ([k]: readonly [string, unknown]) => !k.endsWith('.duckdb');
    const localGold = Object.fromEntries(Object.entries(goldFingerprint(inDir.lakeDir)).filter(notDuckDb));
    const s3Gold = Object.fromEntries((await Promise.all(gold.map(async (k) => [k, await md5Of(BUCKETS.gold, k)] as const))).filter(notDuckDb));
    expect(s3Gold).toEqual(localGold);
  });

  // Grants the sample run cannot exercise, each with its reason.
  const NOT_EXERCISED: Record<string, Record<string, string>> = {
    'house-fd-index-to-silver': { quarantine: 'unparseable index rows are quarantined; the real indexes have none' },
    // The API is not a pipeline step: it reads what UpdateCache publishes under gold/ (packages/api, functions/api tests).
    api: { gold: 'the serving database, hot responses and pointer' },
  };

  it('grants every function, in Terraform, exactly the lake access it was seen to use (no more, no less)', async () => {
    expect(Object.keys(observed).length).toBeGreaterThan(5); // filled by the run above
    const locals = await parse('locals.tf', readFileSync(join(import.meta.dirname, '../../infra/modules/medallion/locals.tf'), 'utf8'));
    const functions = (locals.locals as Record<string, unknown>[]).find((l) => l.functions)!.functions as Record<string, { lake: Record<string, Access> }>;
    // The functions of this pipeline (and the API it publishes for): other pipelines' grants are checked by their own tests.
    const ours = (name: string) => name.startsWith('house-fd-') || name === 'run-quality-checks' || name === 'api';
    const granted = Object.fromEntries(
      Object.entries(functions)
        .filter(([name]) => ours(name))
        .map(([name, f]) => [name, f.lake]),
    );
    // Every function that touched the lake in the run, with what it touched.
    const used = Object.fromEntries(Object.entries(observed).map(([name, prefixes]) => [name, prefixes]));
    for (const name of Object.keys(granted)) if (!(name in used)) used[name] = {};
    for (const [name, extra] of Object.entries(NOT_EXERCISED))
      for (const prefix of Object.keys(extra)) if (granted[name]?.[prefix]) used[name][prefix] ??= granted[name][prefix];
    expect(used).toEqual(granted);
  });

  // The lake's S3 writes are lib-storage multipart uploads (packages/lake/src/s3-store.ts). PutObject
  // authorises Create/UploadPart/Complete, but a failed upload is aborted (leavePartsOnError: false)
  // with AbortMultipartUpload: every access level that writes must grant it, on the same prefixes.
  it('grants s3:AbortMultipartUpload wherever it grants s3:PutObject, and the write access levels include both', async () => {
    const locals = await parse('locals.tf', readFileSync(join(import.meta.dirname, '../../infra/modules/medallion/locals.tf'), 'utf8'));
    const actions = (locals.locals as Record<string, unknown>[]).find((l) => l.lake_actions)!.lake_actions as Record<Access, string[]>;
    const writes = (Object.keys(RANK) as Access[]).filter((a) => RANK[a] >= RANK[NEEDS.put]);
    for (const access of writes)
      expect(`${access}: ${actions[access].filter((a) => a === 's3:PutObject' || a === 's3:AbortMultipartUpload').join(' ')}`).toBe(
        `${access}: s3:PutObject s3:AbortMultipartUpload`,
      );
    for (const [access, list] of Object.entries(actions))
      if (list.includes('s3:PutObject')) expect(`${access}: ${list.includes('s3:AbortMultipartUpload')}`).toBe(`${access}: true`);
  });
});
