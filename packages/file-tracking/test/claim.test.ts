import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { testLocalDynamo, type LocalDynamo } from '@medallion/local';
import { shardOf } from '@medallion/sharded-index';
import { claimFiles, getManifest, listPendingFiles, registerFile, type TrackingDeps } from '../src';
import { fastRetry, files, item } from './helpers';

const opened: LocalDynamo[] = [];
let seq = 0;
afterAll(() => Promise.all(opened.map((d) => d.stop())));

async function freshDeps(overrides: Partial<TrackingDeps> = {}): Promise<TrackingDeps> {
  const own = await testLocalDynamo(`ftclaim${++seq}`);
  opened.push(own);
  return {
    client: own.client,
    table: own.tables.file_tracking,
    manifestsTable: own.tables.ndjson_manifests,
    shards: 4,
    ttlDays: 30,
    retry: fastRetry,
    ...overrides,
  };
}

/** Every request the client sends, as `<Operation> <table>` → count, and how many conditional writes failed. */
function countRequests(client: DynamoDBClient) {
  const counts = new Map<string, number>();
  let failedConditions = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const key = `${String(context.commandName).replace(/Command$/, '')} ${String((args.input as { TableName?: string }).TableName)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      try {
        return await next(args);
      } catch (err) {
        if ((err as Error).name === 'ConditionalCheckFailedException') failedConditions++;
        throw err;
      }
    },
    { step: 'initialize', name: 'claimTestCounter', override: true },
  );
  return { counts, failed: () => failedConditions };
}

describe('claimFiles writes', () => {
  it('writes the manifest once and each file once when every candidate is claimed (no no-op create, no rewrite)', async () => {
    const deps = await freshDeps();
    const all = files(40);
    for (const f of all) await registerFile(deps, f);
    const counter = countRequests(deps.client);
    expect(await claimFiles(deps, all, 'm-one')).toHaveLength(40);
    expect(counter.counts.get(`PutItem ${deps.manifestsTable}`)).toBe(1);
    expect(counter.counts.get(`UpdateItem ${deps.manifestsTable}`)).toBeUndefined();
    expect(counter.counts.get(`UpdateItem ${deps.table}`)).toBe(40);
    // The check that recovery did not release it meanwhile is one read.
    expect(counter.counts.get(`GetItem ${deps.manifestsTable}`)).toBe(1);
    expect((await getManifest(deps, 'm-one'))?.files).toHaveLength(40);
  });
});

describe('listPendingFiles claim order', () => {
  it('lists shard by shard from startShard, oldest first within each shard', async () => {
    const deps = await freshDeps();
    const all = files(30);
    for (const f of all) await registerFile(deps, f);
    const listed = await listPendingFiles(deps, { limit: 100, startShard: 2 });
    expect(listed).toHaveLength(30);
    const shards = listed.map((f) => shardOf(f.file_key, 4));
    const runs = shards.filter((s, i) => i === 0 || s !== shards[i - 1]);
    expect(runs).toEqual([2, 3, 0, 1].filter((s) => shards.includes(s)));
    expect(new Set((await listPendingFiles(deps, { limit: 100, startShard: 'random' })).map((f) => f.file_key))).toEqual(new Set(all.map((f) => f.file_key)));
  });
});

describe('concurrent claimers', () => {
  it('split the files without sharing one, and back off from a contested shard after a few failed claims', async () => {
    const deps = await freshDeps();
    const all = files(400);
    for (const f of all) await registerFile(deps, f);
    // The worst case: both list from the same shard (as every builder did before claim order).
    const [listA, listB] = await Promise.all([listPendingFiles(deps, { limit: 400, startShard: 0 }), listPendingFiles(deps, { limit: 400, startShard: 0 })]);
    const counter = countRequests(deps.client);
    const [a, b] = await Promise.all([claimFiles(deps, listA, 'm-a'), claimFiles(deps, listB, 'm-b')]);
    const keysA = new Set(a.map((f) => f.file_key));
    expect(b.filter((f) => keysA.has(f.file_key))).toEqual([]);
    for (const [id, mine] of [
      ['m-a', a],
      ['m-b', b],
    ] as const) {
      const manifest = await getManifest(deps, id);
      // A claimer that got nothing released its manifest (it keeps its candidate list, holds no file).
      if (mine.length === 0) expect(manifest?.status).toBe('released');
      else expect(new Set(manifest?.files.map((f) => f.file_key))).toEqual(new Set(mine.map((f) => f.file_key)));
      for (const f of mine.slice(0, 5)) expect((await item(deps.client, deps.table, f))?.manifest_id).toBe(id);
    }
    // Per contested shard each claimer sends at most its probe plus what it had in flight (4 shards × (1 + 4) × 2).
    expect(counter.failed()).toBeLessThanOrEqual(40);
    // What neither took is still pending, for the next manifest.
    const left = await listPendingFiles(deps, { limit: 1000 });
    expect(a.length + b.length + left.length).toBe(400);
  });

  it('starting at different shards over the same oldest files, claim every one of them between them', async () => {
    const deps = await freshDeps();
    const all = files(200);
    for (const f of all) await registerFile(deps, f);
    const [listA, listB] = await Promise.all([listPendingFiles(deps, { limit: 100, startShard: 0 }), listPendingFiles(deps, { limit: 100, startShard: 2 })]);
    const counter = countRequests(deps.client);
    const [a, b] = await Promise.all([claimFiles(deps, listA, 'm-a'), claimFiles(deps, listB, 'm-b')]);
    const keysA = new Set(a.map((f) => f.file_key));
    expect(b.filter((f) => keysA.has(f.file_key))).toEqual([]);
    // Both lists hold the same 100 files (the oldest 25 of each shard), in a different shard order: each shard
    // goes wholly to the claimer whose probe of it won.
    expect(a.length + b.length).toBe(100);
    expect(counter.failed()).toBeLessThanOrEqual(40);
  });
});
