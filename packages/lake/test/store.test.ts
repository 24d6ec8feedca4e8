import { mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startLocalS3, type LocalS3 } from '@medallion/local';
import { localStore, writeViaLocalFile, medallionKey, batchPartition, validateKey, type ObjectStore } from '../src';
import { s3Store } from '../src/s3-store';
import { openLake } from '../src/open';

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3('lake-test');
});
afterAll(async () => {
  await s3?.stop();
});

const stores: [string, () => Promise<ObjectStore>][] = [
  ['local directory', async () => localStore(await mkdtemp(join(tmpdir(), 'lake-')))],
  [
    'S3 via s3rver',
    async () =>
      s3Store({
        bucket: 'lake-test',
        prefix: `p${Math.random().toString(36).slice(2)}`,
        client: s3.client,
        stagingDir: await mkdtemp(join(tmpdir(), 'stage-')),
      }),
  ],
];

describe.each(stores)('%s', (_name, make) => {
  it('puts, heads, gets, lists (paginated) and deletes', async () => {
    const store = await make();
    const keys = Array.from({ length: 1005 }, (_, i) => `bronze/x/f${String(i).padStart(4, '0')}.txt`);
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => store.put(k, k)));
    const listed = await store.list('bronze/x/');
    expect(listed.map((o) => o.key)).toEqual(keys);
    const head = await store.head(keys[3]);
    expect(head).toMatchObject({ key: keys[3], size: keys[3].length });
    expect(head!.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(Buffer.from((await store.get(keys[3]))!).toString()).toBe(keys[3]);
    expect(await store.get('bronze/x/missing')).toBeNull();
    expect(await store.head('bronze/x/missing')).toBeNull();
    await store.delete(keys[0]);
    expect(await store.head(keys[0])).toBeNull();
  }, 120_000);

  it('stages objects for DuckDB and publishes local files', async () => {
    const store = await make();
    const { object } = await writeViaLocalFile(store, 'gold/d/t.parquet', async (p) => {
      await writeFile(p, 'PAR1');
    });
    expect(object.size).toBe(4);
    const [local] = await store.stage(['gold/d/t.parquet']);
    expect(await readFile(local, 'utf8')).toBe('PAR1');
  });
});

describe('keys', () => {
  it('builds medallion keys and rejects escapes', () => {
    expect(medallionKey('silver', 'house_fd', 'filings', `${batchPartition(7)}.parquet`)).toBe('silver/house_fd/filings/batch=000007.parquet');
    expect(() => medallionKey('bronze', 'house_fd', '../etc')).toThrow(/invalid/);
    expect(() => validateKey('/abs')).toThrow();
    expect(() => validateKey('a/../b')).toThrow();
    expect(() => medallionKey('bronze', 'house_fd', "x'; DROP")).toThrow();
  });

  it('opens lakes by URI', () => {
    expect(openLake('s3://bucket/lake').uri).toBe('s3://bucket/lake/');
    expect(openLake('/tmp/lake').uri).toBe('file:///tmp/lake');
  });
});
