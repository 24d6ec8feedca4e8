import { testLocalDynamo, type LocalDynamo } from '@medallion/local';
import { getWatermark, advanceWatermark } from '../src';
import { WatermarkConflictError } from '../src/watermark';

let dynamo: LocalDynamo;
let table: string;
beforeAll(async () => {
  dynamo = await testLocalDynamo('wm');
  table = dynamo.tables.watermarks;
});
afterAll(async () => {
  await dynamo.stop();
});

describe('watermarks against dynalite', () => {
  it('starts at seq 0 and advances forward', async () => {
    expect((await getWatermark(dynamo.client, table, 'a')).seq).toBe(0);
    await advanceWatermark(dynamo.client, table, {
      watermarkId: 'a',
      fromSeq: 0,
      toSeq: 1,
      fingerprints: { '2025FD.zip': 'etag1' },
      batchTs: '2025-01-01T00:00:00.000Z',
    });
    const wm = await getWatermark(dynamo.client, table, 'a');
    expect(wm).toMatchObject({ seq: 1, fingerprints: { '2025FD.zip': 'etag1' }, batchTs: '2025-01-01T00:00:00.000Z' });
  });

  it('never moves backwards or sideways', async () => {
    await expect(advanceWatermark(dynamo.client, table, { watermarkId: 'a', fromSeq: 1, toSeq: 1, fingerprints: {}, batchTs: 'x' })).rejects.toBeInstanceOf(
      WatermarkConflictError,
    );
    await expect(advanceWatermark(dynamo.client, table, { watermarkId: 'a', fromSeq: 0, toSeq: 1, fingerprints: {}, batchTs: 'x' })).rejects.toThrow(
      /not at seq 0/,
    );
    expect((await getWatermark(dynamo.client, table, 'a')).seq).toBe(1);
  });

  it('lets exactly one of two concurrent runs advance from the same value', async () => {
    const attempt = (etag: string) =>
      advanceWatermark(dynamo.client, table, { watermarkId: 'b', fromSeq: 0, toSeq: 1, fingerprints: { f: etag }, batchTs: 't' });
    const results = await Promise.allSettled([attempt('run-1'), attempt('run-2')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(WatermarkConflictError);
    const winner = results.findIndex((r) => r.status === 'fulfilled');
    expect((await getWatermark(dynamo.client, table, 'b')).fingerprints.f).toBe(`run-${winner + 1}`);
  });
});
