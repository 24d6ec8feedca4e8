import { testLocalDynamo, type LocalDynamo } from '@medallion/local';
import { pendingShardKey, shardOf } from '@medallion/sharded-index';
import { claimFiles, finishManifest, getManifest, listPendingFiles, markProcessed, registerFile, releaseFiles, type TrackingDeps } from '../src';
import { DAY, FIXED_NOW, fastRetry, files, item } from './helpers';

let dynamo: LocalDynamo;
let deps: TrackingDeps;
let prefixSeq = 0;

beforeAll(async () => {
  dynamo = await testLocalDynamo('ftfiles');
});
afterAll(() => dynamo.stop());

/** Each test on fresh tables, so pending lists only hold its own files. */
async function freshDeps(overrides: Partial<TrackingDeps> = {}): Promise<TrackingDeps> {
  const own = await testLocalDynamo(`ftfiles${++prefixSeq}`);
  return {
    client: own.client,
    table: own.tables.file_tracking,
    manifestsTable: own.tables.ndjson_manifests,
    shards: 4,
    ttlDays: 30,
    now: () => FIXED_NOW,
    retry: fastRetry,
    ...overrides,
  };
}

beforeEach(async () => {
  deps = await freshDeps();
});

describe('registerFile', () => {
  it('tracks a new file as pending in its shard of the sparse index, without a TTL', async () => {
    const [f] = files(1);
    expect(await registerFile(deps, f)).toBe('registered');
    expect(await item(deps.client, deps.table, f)).toMatchObject({
      status: 'pending',
      size: f.size,
      etag: f.etag,
      registered_at: FIXED_NOW.toISOString(),
      gsi_status: pendingShardKey(shardOf(f.file_key, 4)),
    });
    expect((await item(deps.client, deps.table, f))?.ttl).toBeUndefined();
  });

  it('is a no-op for an event delivered 3×, even after the file moved on to manifested and processed', async () => {
    const [f] = files(1);
    const first = await Promise.all([registerFile(deps, f), registerFile(deps, f), registerFile(deps, f)]);
    expect(first.sort()).toEqual(['duplicate', 'duplicate', 'registered']);
    await claimFiles(deps, [f], 'm1');
    for (let i = 0; i < 3; i++) expect(await registerFile(deps, f)).toBe('duplicate');
    expect(await item(deps.client, deps.table, f)).toMatchObject({ status: 'manifested', manifest_id: 'm1' });
    await markProcessed(deps, [f], 'm1');
    for (let i = 0; i < 3; i++) expect(await registerFile(deps, { ...f, etag: '"other"' })).toBe('duplicate');
    const after = await item(deps.client, deps.table, f);
    expect(after).toMatchObject({ status: 'processed', manifest_id: 'm1', etag: f.etag });
    expect(after?.gsi_status).toBeUndefined();
    expect(await listPendingFiles(deps, { limit: 10 })).toEqual([]);
  });

  it('refuses a key outside its date prefix, a bad date prefix or size', async () => {
    await expect(registerFile(deps, { date_prefix: DAY, file_key: '2025-03-02/a.ndjson', size: 1, etag: 'e' })).rejects.toThrow(/is not under 2025-03-01\//);
    await expect(registerFile(deps, { date_prefix: '2025-3-1', file_key: '2025-3-1/a.ndjson', size: 1, etag: 'e' })).rejects.toThrow(/YYYY-MM-DD/);
    await expect(registerFile(deps, { date_prefix: DAY, file_key: `${DAY}/`, size: 1, etag: 'e' })).rejects.toThrow(/is not under/);
    await expect(registerFile(deps, { date_prefix: DAY, file_key: `${DAY}/a.ndjson`, size: -1, etag: 'e' })).rejects.toThrow(/size/);
  });
});

describe('listPendingFiles', () => {
  it('returns at most limit pending files, oldest first, from every shard', async () => {
    const all = files(20);
    let t = Date.parse('2025-03-01T00:00:00Z');
    for (const f of all) await registerFile({ ...deps, now: () => new Date((t += 1000)) }, f);
    const some = await listPendingFiles(deps, { limit: 7 });
    expect(some).toHaveLength(7);
    const every = await listPendingFiles(deps, { limit: 100 });
    expect(every.map((f) => f.file_key)).toEqual(all.map((f) => f.file_key));
    expect(every[0]).toEqual({ ...all[0], registered_at: '2025-03-01T00:00:01.000Z' });
  });

  it('still finds files written under the old shard count after N changes (up or down)', async () => {
    const all = files(40);
    for (const f of all) await registerFile({ ...deps, shards: 8 }, f);
    // 8 → 2: without previousShards the files in shards 2..7 are invisible; with it every file is found.
    expect((await listPendingFiles({ ...deps, shards: 2 }, { limit: 100 })).length).toBeLessThan(40);
    expect(await listPendingFiles({ ...deps, shards: 2, previousShards: 8 }, { limit: 100 })).toHaveLength(40);
    // 8 → 16: all under the old range; new writes land in 0..15, all read.
    const more = files(40, 'later');
    for (const f of more) await registerFile({ ...deps, shards: 16, previousShards: 8 }, f);
    expect(await listPendingFiles({ ...deps, shards: 16, previousShards: 8 }, { limit: 1000 })).toHaveLength(80);
    expect(new Set(more.map((f) => shardOf(f.file_key, 16))).size).toBeGreaterThan(8);
  });
});

describe('claimFiles', () => {
  it('moves pending files to manifested, out of the index, and records them on the manifest', async () => {
    const all = files(5);
    for (const f of all) await registerFile(deps, f);
    const claimed = await claimFiles(deps, all.slice(0, 3), 'm-claim');
    expect(claimed).toEqual(all.slice(0, 3));
    expect(await item(deps.client, deps.table, all[0])).toMatchObject({ status: 'manifested', manifest_id: 'm-claim' });
    expect((await item(deps.client, deps.table, all[0]))?.gsi_status).toBeUndefined();
    expect((await listPendingFiles(deps, { limit: 10 })).map((f) => f.file_key)).toEqual(all.slice(3).map((f) => f.file_key));
    expect(await getManifest(deps, 'm-claim')).toMatchObject({ status: 'claimed', files: all.slice(0, 3), bytes: 100 + 101 + 102, attempts: 0 });
  });

  it('puts no file in two manifests when two claimers race over the same pending files', async () => {
    const all = files(60);
    for (const f of all) await registerFile(deps, f);
    const candidates = await listPendingFiles(deps, { limit: 100 });
    const [a, b] = await Promise.all([claimFiles(deps, candidates, 'm-a'), claimFiles(deps, [...candidates].reverse(), 'm-b')]);
    const keysA = new Set(a.map((f) => f.file_key));
    expect(b.filter((f) => keysA.has(f.file_key))).toEqual([]);
    expect(a.length + b.length).toBe(60);
    for (const [id, mine] of [
      ['m-a', a],
      ['m-b', b],
    ] as const) {
      const manifest = await getManifest(deps, id);
      expect(new Set(manifest?.files.map((f) => f.file_key))).toEqual(new Set(mine.map((f) => f.file_key)));
      for (const f of mine) expect((await item(deps.client, deps.table, f))?.manifest_id).toBe(id);
    }
  });

  it('claims again idempotently for the same manifest (a retried builder)', async () => {
    const all = files(3);
    for (const f of all) await registerFile(deps, f);
    await claimFiles(deps, all, 'm-retry');
    expect(await claimFiles(deps, all, 'm-retry')).toEqual(all);
  });

  it('releases the nothing it claimed: a manifest that claims no file is released, not left open', async () => {
    const all = files(2);
    for (const f of all) await registerFile(deps, f);
    await claimFiles(deps, all, 'm-first');
    expect(await claimFiles(deps, all, 'm-late')).toEqual([]);
    expect(await getManifest(deps, 'm-late')).toMatchObject({ status: 'released' });
  });

  it('gives back its files when recovery released the manifest before the claim was recorded', async () => {
    const all = files(2);
    for (const f of all) await registerFile(deps, f);
    const { createManifest } = await import('../src');
    await createManifest(deps, { manifestId: 'm-gone', files: all });
    await finishManifest(deps, 'm-gone', 'released');
    expect(await claimFiles(deps, all, 'm-gone')).toEqual([]);
    expect(await listPendingFiles(deps, { limit: 10 })).toHaveLength(2);
  });
});

describe('markProcessed and releaseFiles (compensation)', () => {
  it('marks only this manifest’s files processed, sets the TTL, and is idempotent', async () => {
    const all = files(3);
    for (const f of all) await registerFile(deps, f);
    await claimFiles(deps, all.slice(0, 2), 'm-p');
    expect(await markProcessed(deps, all, 'm-p')).toEqual(all.slice(0, 2));
    expect(await markProcessed(deps, all, 'm-p')).toEqual(all.slice(0, 2));
    expect(await markProcessed(deps, all, 'm-other')).toEqual([]);
    const done = await item(deps.client, deps.table, all[0]);
    expect(done).toMatchObject({ status: 'processed', ttl: FIXED_NOW.getTime() / 1000 + 30 * 86400 });
    expect(await item(deps.client, deps.table, all[2])).toMatchObject({ status: 'pending' });
  });

  it('puts manifested files back to pending in the index under the current N, never a processed file or another manifest’s', async () => {
    const all = files(4);
    for (const f of all) await registerFile(deps, f);
    await claimFiles(deps, all.slice(0, 3), 'm-r');
    await claimFiles(deps, all.slice(3), 'm-s');
    await markProcessed(deps, [all[0]], 'm-r');
    const resharded = { ...deps, shards: 8, previousShards: 4 };
    expect(await releaseFiles(resharded, all, 'm-r')).toEqual(all.slice(1, 3));
    expect(await item(deps.client, deps.table, all[0])).toMatchObject({ status: 'processed' });
    expect(await item(deps.client, deps.table, all[3])).toMatchObject({ status: 'manifested', manifest_id: 'm-s' });
    const back = await item(deps.client, deps.table, all[1]);
    expect(back).toMatchObject({ status: 'pending', gsi_status: pendingShardKey(shardOf(all[1].file_key, 8)) });
    expect(back?.manifest_id).toBeUndefined();
    expect((await listPendingFiles(resharded, { limit: 10 })).map((f) => f.file_key)).toEqual(all.slice(1, 3).map((f) => f.file_key));
    // A released file is claimable again, by a new manifest.
    expect(await claimFiles(resharded, all.slice(1, 3), 'm-r2')).toEqual(all.slice(1, 3));
    // Released again by the old manifest: no effect.
    expect(await releaseFiles(resharded, all, 'm-r')).toEqual([]);
  });
});
