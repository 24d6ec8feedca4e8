/**
 * The warm path's contract: a new gold version (UpdateCache) is served without a restart,
 * cursors of the old version are refused, hot responses are served from the lake's JSON, and a
 * lake without a published serving version still answers (built once, in process).
 */
import { describe, expect, it } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { localStore } from '@medallion/lake';
import { createApi } from '../src/router';
import { HOUSE_FD_ROUTES } from '../src/routes/index';
import { openServing } from '../src/serving';
import { SERVING_LAYOUT, servingKeys, pointerSchema } from '../src/serving-keys';
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
      expect(await publish(lakeDir)).toMatchObject({ version: v2, unchanged: true });
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

  it('a serving database of another layout is never queried: 503 in Lambda, a build in process locally', async () => {
    const lakeDir = await buildFixtureLake(2);
    await publish(lakeDir);
    const file = join(lakeDir, servingKeys.pointer());
    await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), layout: SERVING_LAYOUT - 1 }));
    const strict = await openServing({ lake: localStore(lakeDir), buildIfMissing: false });
    try {
      const api = createApi({ routes: HOUSE_FD_ROUTES, serving: strict });
      const r = await api.handle({ rawPath: '/v1/health', requestContext: { http: { method: 'GET' } } });
      expect([r.statusCode, JSON.parse(r.body)]).toEqual([503, { error: 'the serving database is from another version of the API: run UpdateCache' }]);
    } finally {
      strict.close();
    }
    const t = await testApi({ lakeDir, publishCache: false });
    try {
      expect(await versionOf(t)).toMatch(/^000002-/);
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
