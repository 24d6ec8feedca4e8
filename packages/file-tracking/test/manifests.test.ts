import { testLocalDynamo, type LocalDynamo } from '@medallion/local';
import { createManifest, finishManifest, getManifest, listOpenManifests, markManifestStarted, TransitionError, type TrackingDeps } from '../src';
import { FIXED_NOW, fastRetry, files } from './helpers';

let dynamo: LocalDynamo;
let deps: TrackingDeps;
let clock: Date;

beforeAll(async () => {
  dynamo = await testLocalDynamo('ftman');
  deps = {
    client: dynamo.client,
    table: dynamo.tables.file_tracking,
    manifestsTable: dynamo.tables.ndjson_manifests,
    shards: 4,
    ttlDays: 7,
    now: () => clock,
    retry: fastRetry,
  };
});
afterAll(() => dynamo.stop());
beforeEach(() => {
  clock = FIXED_NOW;
});

describe('manifest records', () => {
  it('creates a claimed, open manifest once; a retried create is a duplicate that changes nothing', async () => {
    expect(await createManifest(deps, { manifestId: 'c1', files: files(2) })).toBe('created');
    expect(await createManifest(deps, { manifestId: 'c1', files: files(5) })).toBe('duplicate');
    expect(await getManifest(deps, 'c1')).toEqual({
      manifest_id: 'c1',
      status: 'claimed',
      files: files(2),
      bytes: 201,
      attempts: 0,
      created_at: FIXED_NOW.toISOString(),
      updated_at: FIXED_NOW.toISOString(),
    });
    expect(await getManifest(deps, 'nope')).toBeUndefined();
    expect(await finishManifest(deps, 'c1', 'released')).toBe('finished');
    expect(await getManifest(deps, 'c1')).toMatchObject({ status: 'released' });
  });

  it('starts (counting attempts, recording the execution) and finishes once, with a TTL', async () => {
    await createManifest(deps, { manifestId: 's1', files: files(1) });
    await markManifestStarted(deps, 's1', { executionArn: 'arn:aws:states:us-east-1:1:execution:sm:s1' });
    await markManifestStarted(deps, 's1'); // re-driven by recovery
    expect(await getManifest(deps, 's1')).toMatchObject({ status: 'started', attempts: 2, execution_arn: 'arn:aws:states:us-east-1:1:execution:sm:s1' });
    expect(await finishManifest(deps, 's1', 'succeeded')).toBe('finished');
    expect(await finishManifest(deps, 's1', 'succeeded')).toBe('already');
    await expect(finishManifest(deps, 's1', 'failed')).rejects.toThrow(TransitionError);
    await expect(markManifestStarted(deps, 's1')).rejects.toThrow(/cannot start: it is succeeded/);
    await expect(markManifestStarted(deps, 'missing')).rejects.toThrow(/it is missing/);
    await expect(finishManifest(deps, 'missing', 'released')).rejects.toThrow(/cannot become released: it is missing/);
    await expect(finishManifest(deps, 's1', 'started' as never)).rejects.toThrow(/not a final manifest status/);
  });

  it('lists open manifests not updated since a cut-off, oldest first, with a limit; finished ones leave the list', async () => {
    const ids = ['o1', 'o2', 'o3', 'o4'];
    for (const [i, id] of ids.entries()) {
      clock = new Date(Date.parse('2025-04-01T00:00:00Z') + i * 60_000);
      await createManifest(deps, { manifestId: id, files: files(1) });
    }
    clock = new Date('2025-04-01T00:10:00Z');
    await markManifestStarted(deps, 'o2'); // updated now: no longer old
    await finishManifest(deps, 'o3', 'failed');
    const cutOff = new Date('2025-04-01T00:05:00Z');
    expect((await listOpenManifests(deps, { olderThan: cutOff, limit: 10 })).map((m) => m.manifest_id)).toEqual(['o1', 'o4']);
    expect((await listOpenManifests(deps, { olderThan: cutOff, limit: 1 })).map((m) => m.manifest_id)).toEqual(['o1']);
    const [first] = await listOpenManifests(deps, { olderThan: cutOff, limit: 1 });
    expect(first).not.toHaveProperty('gsi_open');
  });
});
