import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Duck, openDuck } from '@medallion/duck';
import { localStore } from '@medallion/lake';
import { type DailyBar, parseGroupedDaily } from '@medallion/ohlcv';
import { fetchDaily, readFetchCheckpoint } from '../src/fetch';
import { openPglite, type SqlDb } from '../src/pg/db';
import { migrate } from '../src/pg/migrate';
import { polygonClient } from '../src/polygon-client';
import { generatedBar, type LoopbackServer, startPolygonServer } from '../src/polygon-server';
import { orclBars, tempDir } from './helpers';

let duck: Duck;
let db: SqlDb;
let orcl: DailyBar[];
let server: LoopbackServer;
const dirs: string[] = [];

beforeAll(async () => {
  duck = await openDuck({ threads: 2 });
  db = await openPglite();
  orcl = await orclBars();
  // Every 4th request a 429, every 9th a 503: the client retries both.
  server = await startPolygonServer({
    bars: orcl,
    generatedSymbols: 20,
    holidays: ['2014-11-27', '2014-12-25'],
    fault: (n) => (n % 4 === 0 ? 429 : n % 9 === 0 ? 503 : null),
  });
});
afterAll(async () => {
  duck.close();
  await db.close();
  await server.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  await migrate(db);
});

async function lake() {
  const dir = await tempDir('fetch');
  dirs.push(dir);
  return { dir, lake: localStore(dir) };
}

const client = () => polygonClient({ baseUrl: server.url, apiKey: 'test', initialDelayMs: 1, maxDelayMs: 2 });

async function bronzeKeys(dir: string) {
  return duck.all<{ symbol: string; date: string; n: number }>(
    `SELECT symbol, date::VARCHAR AS date, count(*)::INTEGER AS n FROM read_parquet('${join(dir, 'bronze/ohlcv/raw_ohlcv/*/data.parquet')}') GROUP BY ALL ORDER BY symbol, date`,
  );
}

describe('the daily fetcher', () => {
  const deps = { backfillFrom: '2014-11-03', asOf: '2014-12-31', maxRequests: 5, waitSeconds: 0 };

  it('backfills in chunks of 5 calls, retrying 429s and 5xx, until done', async () => {
    const { dir, lake: l } = await lake();
    const results = [];
    for (let i = 0; i < 20; i++) {
      const r = await fetchDaily({ ...deps, lake: l, db, client: client(), duck });
      results.push(r);
      if (r.done) break;
    }
    expect(results.map((r) => r.sessions)).toEqual([5, 5, 5, 5, 5, 5, 5, 5, 3]); // 43 weekdays;
    expect(results.reduce((s, r) => s + r.emptySessions, 0)).toBe(2); // Thanksgiving, Christmas
    expect(server.log.some((l) => l.status === 429) && server.log.some((l) => l.status === 503)).toBe(true);
    const keys = await bronzeKeys(dir);
    const orclDays = orcl.filter((b) => b.date >= '2014-11-03' && b.date <= '2014-12-31' && b.date !== '2014-11-27');
    expect(keys.filter((k) => k.symbol === 'ORCL').map((k) => k.date)).toEqual(orclDays.map((b) => b.date));
    expect(keys.every((k) => k.n === 1)).toBe(true);
    expect(keys.length).toBe(orclDays.length * 21);
    const [pgCount] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM raw_ohlcv');
    expect(pgCount!.n).toBe(keys.length);
    expect((await readFetchCheckpoint(l))?.lastSession).toBe('2014-12-31');
  });

  it('killed mid-backfill (after the writes, before the checkpoint; or mid-chunk) resumes with no gap or duplicate', async () => {
    const { dir, lake: l } = await lake();
    await fetchDaily({ ...deps, lake: l, db, client: client(), duck });
    await expect(
      fetchDaily({
        ...deps,
        lake: l,
        db,
        client: client(),
        duck,
        beforeCheckpoint: async () => {
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    // A chunk whose third call never succeeds: nothing of it is checkpointed.
    let calls = 0;
    const failing = {
      groupedDaily: async (d: string) => {
        if (++calls === 3) throw new Error('HTTP 500 after retries');
        return client().groupedDaily(d);
      },
    };
    await expect(fetchDaily({ ...deps, lake: l, db, client: failing, duck })).rejects.toThrow('HTTP 500');
    expect((await readFetchCheckpoint(l))?.lastSession).toBe('2014-11-07');
    for (let i = 0; i < 20; i++) if ((await fetchDaily({ ...deps, lake: l, db, client: client(), duck })).done) break;
    const keys = await bronzeKeys(dir);
    const sessions = [...new Set(keys.map((k) => k.date))];
    const expected = orcl.filter((b) => b.date >= '2014-11-03' && b.date <= '2014-12-31' && b.date !== '2014-11-27').map((b) => b.date);
    expect(sessions).toEqual(expected);
    expect(keys.every((k) => k.n === 1)).toBe(true);
    const [pg] = await db.query<{ n: number; keys: number }>('SELECT count(*)::int AS n, count(DISTINCT (symbol, date))::int AS keys FROM raw_ohlcv');
    expect(pg).toEqual({ n: keys.length, keys: keys.length });
  });

  it('a restated bar replaces the old one in bronze and PostgreSQL', async () => {
    const { dir, lake: l } = await lake();
    const restating = {
      groupedDaily: async (d: string) => {
        const body = (await client().groupedDaily(d)) as { results?: { T: string; c: number; h: number }[] };
        for (const r of body.results ?? []) if (r.T === 'GEN0001') Object.assign(r, { c: r.c + 0.5, h: r.h + 0.5 });
        return body;
      },
    };
    await fetchDaily({ ...deps, asOf: '2014-11-07', lake: l, db, client: client(), duck });
    await l.delete('bronze/ohlcv/_state/fetch_checkpoint.json');
    const r = await fetchDaily({ ...deps, asOf: '2014-11-07', lake: l, db, client: restating, duck });
    expect(r.restated).toBe(5);
    const want = generatedBar('GEN0001', '2014-11-05').close + 0.5;
    const [b] = await duck.all<{ close: number; n: number }>(
      `SELECT any_value(close) AS close, count(*)::INTEGER AS n FROM read_parquet('${join(dir, 'bronze/ohlcv/raw_ohlcv/symbol=GEN0001/data.parquet')}') WHERE date = DATE '2014-11-05'`,
    );
    expect(b).toEqual({ close: want, n: 1 });
    expect(await db.query("SELECT close FROM raw_ohlcv WHERE symbol = 'GEN0001' AND date = '2014-11-05'")).toEqual([{ close: want }]);
  });

  it('dates bars by the New York session whatever the host time zone, and rejects a bar stamped on another day', () => {
    const t = Date.parse('2024-03-08T05:00:00Z'); // 00:00 in New York, 05:00 UTC, 14:00 in Tokyo
    const day = parseGroupedDaily(
      {
        status: 'OK',
        results: [
          { T: 'AAA', o: 1, h: 2, l: 0.5, c: 1.5, v: 10, t },
          { T: 'BBB', o: 1, h: 2, l: 0.5, c: 1.5, v: 10, t: t - 1 },
          { T: '../x', o: 1, h: 2, l: 0.5, c: 1.5, v: 10, t },
        ],
      },
      '2024-03-08',
    );
    expect(day.bars.map((b) => [b.symbol, b.date])).toEqual([['AAA', '2024-03-08']]);
    expect(day.rejected.map((r) => r.reason)).toEqual(['trading date 2024-03-07 is not the session 2024-03-08', 'symbol: not a ticker symbol']);
  });
});
