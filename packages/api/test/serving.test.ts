/**
 * The warm path's contract: a new gold version (UpdateCache) is served without a restart,
 * cursors of the old version are refused, hot responses are served from the lake's JSON, and a
 * lake without a published serving version still answers (built once, in process).
 */
import { describe, expect, it } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { servingKeys, pointerSchema } from '../src/serving-keys';
import { buildFixtureLake } from './helpers/fixture-lake';
import { publish, testApi } from './helpers/api';

const versionOf = async (t: Awaited<ReturnType<typeof testApi>>) => ((await t.json('/v1/health')) as { gold_version: string }).gold_version;

describe('gold versions', () => {
  it('serves a new gold build without a restart; old cursors are refused', async () => {
    const lakeDir = await buildFixtureLake(1);
    const t = await testApi({ lakeDir });
    try {
      const v1 = await versionOf(t);
      expect(v1).toMatch(/^000001-/);
      const page = (await t.json('/v1/transactions/recent?limit=1')) as { next_cursor: string };
      await buildFixtureLake(2, lakeDir);
      await publish(lakeDir);
      const v2 = await versionOf(t);
      expect(v2).toMatch(/^000002-/);
      expect((await t.get('/v1/members/A000001')).headers.etag).toBe(`"${v2}"`);
      const stale = await t.get(`/v1/transactions/recent?limit=1&cursor=${page.next_cursor}`);
      expect([stale.statusCode, JSON.parse(stale.body).error]).toEqual([400, expect.stringContaining('gold has changed')]);
      // Publishing the same gold again gives the same version (UpdateCache is idempotent).
      expect((await publish(lakeDir)).version).toBe(v2);
    } finally {
      t.serving.close();
    }
  }, 60_000);

  it('hot requests are answered from the JSON UpdateCache wrote, under their canonical form', async () => {
    const lakeDir = await buildFixtureLake(2);
    const published = await publish(lakeDir);
    const pointer = pointerSchema.parse(JSON.parse(await readFile(join(lakeDir, servingKeys.pointer()), 'utf8')));
    expect(Object.keys(pointer.hot)).toHaveLength(6);
    expect(published.hot).toEqual(['trending-7d', 'trending-30d', 'trending-90d', 'top-traders', 'summary', 'recent-transactions']);
    await writeFile(join(lakeDir, servingKeys.hot(published.version, 'trending-7d')), '{"from":"cache"}');
    const t = await testApi({ lakeDir, publishCache: false });
    try {
      expect(await t.json('/v1/trending-stocks')).toEqual({ from: 'cache' });
      expect(await t.json('/v1/trending-stocks?window=7d&limit=50')).toEqual({ from: 'cache' });
      expect(await t.json('/v1/trending-stocks?window=7d&limit=5')).not.toEqual({ from: 'cache' });
    } finally {
      t.serving.close();
    }
  }, 60_000);

  it('a lake without a published serving version is served from a database built in process', async () => {
    const t = await testApi({ publishCache: false });
    try {
      expect(await versionOf(t)).toMatch(/^000002-[0-9a-f]{12}$/);
      expect(((await t.json('/v1/members/A000001/trades')) as { trades: unknown[] }).trades).toHaveLength(4);
    } finally {
      t.serving.close();
    }
  }, 60_000);
});
