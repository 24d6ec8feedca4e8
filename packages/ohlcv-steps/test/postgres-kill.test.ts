import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DailyBar } from '@medallion/ohlcv';
import { migrate } from '../src/pg/migrate';
import { upsertRawOhlcv } from '../src/pg/raw-ohlcv';
import { applyRetention } from '../src/pg/retention';
import { pgTargets, reachableServer } from './pg-servers';

const server = await reachableServer();
if (!server) console.log('PostgreSQL kill test skipped: set MEDALLION_TEST_PG_URL to a reachable server (.ci/run starts one)');
const CHILD = fileURLToPath(new URL('./fixtures/retention-child.ts', import.meta.url));

(server ? it : it.skip)('retention killed (SIGKILL) inside a batch on a real server loses and doubles no row; the next run finishes', async () => {
  const target = pgTargets(server).find((t) => t.name === 'PostgreSQL server')!;
  const db = await target.open();
  try {
    await migrate(db);
    const bars: DailyBar[] = [];
    const d = new Date('2019-01-01T00:00:00Z');
    for (let i = 0; i < 200; i++, d.setUTCDate(d.getUTCDate() + 1))
      for (const symbol of ['AAA', 'BBB'])
        bars.push({ symbol, date: d.toISOString().slice(0, 10), open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, vwap: null, transactions: null });
    await upsertRawOhlcv(db, bars, null);
    const [{ url }] = (await db.query<{ url: string }>('SELECT current_database() AS url')) as [{ url: string }];
    const dbUrl = new URL(server!);
    dbUrl.pathname = `/${url}`;

    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbUrl.toString()], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('IN_BATCH') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited ${code} before parking in a batch`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const count = async () =>
      (
        await db.query<{ hot: number; cold: number; both: number }>(
          `SELECT (SELECT count(*) FROM raw_ohlcv)::int AS hot, (SELECT count(*) FROM raw_ohlcv_archive)::int AS cold,
                  (SELECT count(*) FROM raw_ohlcv JOIN raw_ohlcv_archive USING (symbol, date))::int AS both`,
        )
      )[0]!;
    // The server rolls back the killed connection's open transaction: batch 1 committed, batch 2 not.
    expect(await count()).toEqual({ hot: 400 - 40, cold: 40, both: 0 });
    const r = await applyRetention(db, { asOf: '2024-06-30', batchSize: 40 });
    expect(await count()).toEqual({ hot: 400 - 298, cold: 298, both: 0 });
    expect(r.moved).toBe(258);
  } finally {
    await db.close();
  }
});
