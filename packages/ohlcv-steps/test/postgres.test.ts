import type { DailyBar } from '@medallion/ohlcv';
import { migrate, loadMigrations } from '../src/pg/migrate';
import { upsertRawOhlcv } from '../src/pg/raw-ohlcv';
import { applyRetention } from '../src/pg/retention';
import { openPostgres, type SqlDb } from '../src/pg/db';
import { pgTargets, reachableServer } from './pg-servers';

const server = await reachableServer();
if (!server) console.log('PostgreSQL server suite skipped: set MEDALLION_TEST_PG_URL to a reachable server (.ci/run starts one)');

function bar(symbol: string, date: string, close = 10.123456): DailyBar {
  return { symbol, date, open: close, high: close + 1, low: close - 1, close, volume: 3_000_000_000, vwap: close, transactions: 12 };
}

/** n weekdays-or-not consecutive dates from start, for three symbols. */
function history(start: string, n: number): DailyBar[] {
  const out: DailyBar[] = [];
  const d = new Date(`${start}T00:00:00Z`);
  for (let i = 0; i < n; i++, d.setUTCDate(d.getUTCDate() + 1))
    for (const s of ['AAA', 'BBB', 'C.D']) out.push(bar(s, d.toISOString().slice(0, 10), 1 + i / 1000));
  return out;
}

async function counts(db: SqlDb) {
  const [c] = await db.query<{ hot: number; cold: number; both: number; keys: number }>(
    `SELECT (SELECT count(*) FROM raw_ohlcv)::int AS hot, (SELECT count(*) FROM raw_ohlcv_archive)::int AS cold,
            (SELECT count(*) FROM raw_ohlcv JOIN raw_ohlcv_archive USING (symbol, date))::int AS both,
            (SELECT count(*) FROM (SELECT symbol, date FROM raw_ohlcv UNION SELECT symbol, date FROM raw_ohlcv_archive) k)::int AS keys`,
  );
  return c!;
}

describe.each(pgTargets(server))('PostgreSQL on $name', (target) => {
  let db: SqlDb;
  // One database per driver (PGlite takes seconds to start); each test starts from an empty schema.
  beforeAll(async () => {
    db = await target.open();
  });
  beforeEach(async () => {
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
  });

  it('applies the versioned migrations once, in order, and records them', async () => {
    expect((await migrate(db)).applied).toEqual([]);
    const rows = await db.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => `${r.version}_${r.name}`)).toEqual((await loadMigrations()).map((m) => `${m.version}_${m.name}`));
  });

  it('refuses an applied migration whose file changed', async () => {
    const changed = (await loadMigrations()).map((m, i) => (i === 0 ? { ...m, checksum: 'x' } : m));
    await expect(migrate(db, changed)).rejects.toThrow(/001_raw_ohlcv.sql was changed/);
  });

  it('upserts by symbol + date (a restated bar replaces the old) with DOUBLE prices, text dates and bigint volume', async () => {
    await upsertRawOhlcv(db, [bar('AAA', '2024-03-01', 1.23456789)], null);
    await upsertRawOhlcv(db, [bar('AAA', '2024-03-01', 2.98765432)], null);
    const rows = await db.query('SELECT symbol, date, close, volume FROM raw_ohlcv');
    expect(rows).toEqual([{ symbol: 'AAA', date: '2024-03-01', close: 2.98765432, volume: 3_000_000_000 }]);
  });

  it('moves rows older than 5 years + 1 month to the archive in batches', async () => {
    await upsertRawOhlcv(db, history('2019-01-01', 200), null);
    const r = await applyRetention(db, { asOf: '2024-06-30', batchSize: 50 });
    expect(r.cutoff).toBe('2019-05-30');
    const c = await counts(db);
    expect(c).toEqual({ hot: 600 - r.moved, cold: r.moved, both: 0, keys: 600 });
    expect(r.moved).toBe(149 * 3);
    const [oldest] = await db.query<{ d: string }>('SELECT min(date)::text AS d FROM raw_ohlcv');
    expect(oldest!.d).toBe('2019-05-30');
  });

  it('an interrupted batch loses and doubles no row, and the next run finishes the move', async () => {
    await upsertRawOhlcv(db, history('2019-01-01', 200), null);
    await expect(
      applyRetention(db, {
        asOf: '2024-06-30',
        batchSize: 40,
        betweenInsertAndDelete: async (batch) => {
          if (batch === 3) throw new Error('killed mid-batch');
        },
      }),
    ).rejects.toThrow('killed mid-batch');
    const mid = await counts(db);
    expect(mid).toEqual({ hot: 600 - 80, cold: 80, both: 0, keys: 600 });
    const r = await applyRetention(db, { asOf: '2024-06-30', batchSize: 40 });
    expect(r.moved).toBe(149 * 3 - 80);
    expect(await counts(db)).toEqual({ hot: 600 - 447, cold: 447, both: 0, keys: 600 });
  });

  it('a re-fetched bar older than the cutoff replaces its archived row and leaves no hot copy', async () => {
    await upsertRawOhlcv(db, [bar('AAA', '2019-01-02', 1)], null);
    await upsertRawOhlcv(db, [bar('AAA', '2019-01-02', 5)], '2019-05-30');
    expect(await counts(db)).toEqual({ hot: 0, cold: 1, both: 0, keys: 1 });
    await applyRetention(db, { asOf: '2024-06-30' });
    expect(await db.query('SELECT close FROM raw_ohlcv_archive')).toEqual([{ close: 5 }]);
  });
});

it('openPostgres names the drivers by URL and refuses anything else without echoing a password', async () => {
  const db = await openPostgres('pglite://memory');
  expect(db.driver).toBe('pglite');
  await db.close();
  await expect(openPostgres('mysql://u:secret@h/db')).rejects.toThrow(/unsupported PostgreSQL URL.*u:\*\*\*@h/);
});
