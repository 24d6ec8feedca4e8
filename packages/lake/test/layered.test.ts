import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalS3, type LocalS3 } from '@medallion/local';
import { openLakeFromEnv } from '../src/index';
import { layeredStore } from '../src/layered-store';
import { s3Store } from '../src/s3-store';

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3('layered-test');
});
afterAll(async () => {
  await s3.stop();
});

const tmp = (p: string) => mkdtemp(join(tmpdir(), p));

describe('layeredStore', () => {
  it('routes each key to the bucket of its layer, keeps keys whole, and lists across buckets', async () => {
    const stagingDir = await tmp('stage-');
    // Two "buckets" (two prefixes of one s3rver bucket): the root and the silver layer's.
    const root = s3Store({ bucket: 'layered-test', prefix: 'root-bucket', client: s3.client, stagingDir });
    const silver = s3Store({ bucket: 'layered-test', prefix: 'silver-bucket', client: s3.client, stagingDir });
    const lake = layeredStore(root, { silver });
    await lake.put('silver/house_fd/a.json', '{"a":1}');
    await lake.put('_batches/house_fd/batch=000001.json', '{}');
    expect(await silver.get('silver/house_fd/a.json')).not.toBeNull();
    expect(await root.get('silver/house_fd/a.json')).toBeNull();
    expect(await root.get('_batches/house_fd/batch=000001.json')).not.toBeNull();
    expect((await lake.list('silver/')).map((o) => o.key)).toEqual(['silver/house_fd/a.json']);
    expect((await lake.list('')).map((o) => o.key)).toEqual(['_batches/house_fd/batch=000001.json', 'silver/house_fd/a.json']);
    const staged = await lake.stage(['silver/house_fd/a.json', '_batches/house_fd/batch=000001.json']);
    expect(await readFile(staged[0], 'utf8')).toBe('{"a":1}');
    expect(await readFile(staged[1], 'utf8')).toBe('{}');
    await lake.delete('silver/house_fd/a.json');
    expect(await silver.head('silver/house_fd/a.json')).toBeNull();
  });

  it('is what openLakeFromEnv builds from the variables Terraform sets', async () => {
    const [rootDir, goldDir] = [await tmp('root-'), await tmp('gold-')];
    const lake = openLakeFromEnv({ MEDALLION_LAKE_URI: rootDir, MEDALLION_LAKE_GOLD_URI: goldDir, MEDALLION_LAKE_BRONZE_URI: rootDir });
    await lake.put('gold/house_fd/t.parquet', 'x');
    await lake.put('quality/results/r.json', 'y');
    expect(existsSync(join(goldDir, 'gold/house_fd/t.parquet'))).toBe(true);
    expect(existsSync(join(rootDir, 'quality/results/r.json'))).toBe(true);
    expect(existsSync(join(rootDir, 'gold/house_fd/t.parquet'))).toBe(false);
    // Only the root: a plain single-directory lake.
    expect(openLakeFromEnv({ MEDALLION_LAKE_URI: rootDir }).uri).toBe(lake.uri);
  });
});
