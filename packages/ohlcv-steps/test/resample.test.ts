import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Duck, openDuck } from '@medallion/duck';
import { localStore } from '@medallion/lake';
import { type DailyBar, INTERVALS } from '@medallion/ohlcv';
import { mergeIntoBronze } from '../src/bronze';
import { importDailyCsv } from '../src/import-csv';
import { resample } from '../src/resample';
import { filesUnder, ORCL_CSV, orclBars, referenceBars, tempDir } from './helpers';

let duck: Duck;
let days: DailyBar[];
const dirs: string[] = [];
const lakeDir = async (name: string) => {
  const d = await tempDir(name);
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  duck = await openDuck({ threads: 2 });
  days = await orclBars();
});
afterAll(async () => {
  duck.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A second symbol sharing partitions with ORCL: ORCL's last 800 days, prices doubled, shifted one day. */
function twin(from: DailyBar[]): DailyBar[] {
  return from.slice(-800).map((d) => ({ ...d, symbol: 'TWIN', open: d.open * 2, high: d.high * 2, low: d.low * 2, close: d.close * 2, volume: d.volume + 1 }));
}

async function silverRows(dir: string, interval: number) {
  return duck.all(
    `SELECT symbol, bar_start::VARCHAR AS bar_start, bar_end::VARCHAR AS bar_end, open, high, low, close, volume, n_days, is_complete
       FROM read_parquet(${`'${join(dir, `silver/ohlcv/silver_${interval}d/*/*/data.parquet`)}'`}) ORDER BY symbol, bar_start`,
  );
}

describe('resampling the real ORCL history', () => {
  it('every bar of every interval equals the reference computation', async () => {
    const dir = await lakeDir('full');
    const lake = localStore(dir);
    const imported = await importDailyCsv(lake, duck, ORCL_CSV, 'ORCL');
    expect(imported.rows).toBe(5036);
    const res = await resample(lake, duck);
    expect(res.mode).toBe('full');
    for (const n of INTERVALS) {
      const rows = await silverRows(dir, n);
      expect(rows).toEqual(referenceBars(days, n));
      // bar k holds days k·N … k·N+N−1: only the last bar may be incomplete
      expect(rows.slice(0, -1).every((r) => r.is_complete)).toBe(true);
    }
  });

  describe('a day-by-day incremental run over the last 60 days (with a restatement)', () => {
    // One sequence in two tests (days 1-30, days 31-60 and the comparison), each well inside the test timeout.
    let inc: string;
    const split = () => days.length - 60;
    const restated = () => ({ ...days[split() - 10]!, close: days[split() - 10]!.close + 0.013, high: days[split() - 10]!.high + 0.013 });
    const other = () => twin(days);

    async function runDays(from: number, to: number) {
      const incLake = localStore(inc);
      for (let i = from; i < to; i++) {
        const today = [days[i]!, ...other().filter((d) => d.date === days[i]!.date)];
        if (i === split() + 30) today.push(restated());
        await mergeIntoBronze(incLake, duck, today);
        const r = await resample(incLake, duck);
        expect(r.mode).toBe('incremental');
        expect(r.partitionsWritten).toBeLessThan(20);
      }
    }

    it('runs the first 30 days', async () => {
      inc = await lakeDir('inc');
      const incLake = localStore(inc);
      await mergeIntoBronze(incLake, duck, [...days.slice(0, split()), ...other().filter((d) => d.date < days[split()]!.date)]);
      await resample(incLake, duck);
      await runDays(split(), split() + 30);
    });

    it('runs the last 30 days and equals a full rebuild, byte for byte', async () => {
      await runDays(split() + 30, days.length);
      const full = await lakeDir('rebuild');
      const fullLake = localStore(full);
      await mergeIntoBronze(fullLake, duck, [...days, ...other()]);
      await mergeIntoBronze(fullLake, duck, [restated()]);
      await resample(fullLake, duck, { full: true });

      const a = await filesUnder(join(inc, 'silver'));
      const b = await filesUnder(join(full, 'silver'));
      expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
      for (const [k, bytes] of b) if (!k.includes('_state')) expect({ k, same: a.get(k)!.equals(bytes) }).toEqual({ k, same: true });
      const withRestated = days.map((d) => (d.date === restated().date ? restated() : d));
      expect(await silverRows(inc, 13)).toEqual(
        [...referenceBars(withRestated, 13), ...referenceBars(other(), 13)].sort((x, y) =>
          x.symbol < y.symbol ? -1 : x.symbol > y.symbol ? 1 : x.bar_start < y.bar_start ? -1 : 1,
        ),
      );
    });
  });

  it('history backfilled before the anchor rebuilds the symbol', async () => {
    const dir = await lakeDir('backfill');
    const lake = localStore(dir);
    await mergeIntoBronze(lake, duck, days.slice(1000));
    await resample(lake, duck);
    await mergeIntoBronze(lake, duck, days.slice(0, 1000));
    const r = await resample(lake, duck);
    expect(r.mode).toBe('incremental');
    for (const n of INTERVALS) expect(await silverRows(dir, n)).toEqual(referenceBars(days, n));
  });

  it('a new trading day is resampled from the tail and the change record, without opening bronze', async () => {
    const dir = await lakeDir('tail');
    const lake = localStore(dir);
    await mergeIntoBronze(lake, duck, days.slice(0, 300));
    await resample(lake, duck);
    await mergeIntoBronze(lake, duck, [days[300]!]);
    const staged: string[] = [];
    const watched = {
      ...lake,
      stage: async (keys: string[]) => {
        staged.push(...keys);
        return lake.stage(keys);
      },
    };
    expect((await resample(watched, duck)).mode).toBe('incremental');
    expect(staged.filter((k) => k.startsWith('bronze/ohlcv/raw_ohlcv/'))).toEqual([]);
    for (const n of INTERVALS) expect(await silverRows(dir, n)).toEqual(referenceBars(days.slice(0, 301), n));
  });

  it('an unchanged re-fetch changes nothing and leaves nothing to resample', async () => {
    const dir = await lakeDir('refetch');
    const lake = localStore(dir);
    await mergeIntoBronze(lake, duck, days.slice(0, 100));
    await resample(lake, duck);
    const merge = await mergeIntoBronze(lake, duck, days.slice(90, 100));
    expect(merge).toEqual({ symbols: 0, inserted: 0, restated: 0, unchanged: 10 });
    expect((await resample(lake, duck)).symbols).toBe(0);
  });
});

describe('the full rebuild', () => {
  it('streams bronze once when every file is one symbol in date order', async () => {
    const dir = await lakeDir('stream');
    const lake = localStore(dir);
    await mergeIntoBronze(lake, duck, [...days.slice(0, 400), ...twin(days.slice(0, 1200))]);
    const res = await resample(lake, duck, { full: true });
    expect(res).toMatchObject({ mode: 'full', engine: 'stream', symbols: 2 });
    for (const n of INTERVALS) {
      const twinRows = twin(days.slice(0, 1200));
      expect(await silverRows(dir, n)).toEqual([...referenceBars(days.slice(0, 400), n), ...referenceBars(twinRows, n)]);
    }
  });

  it('falls back to SQL, with the same bars, when a bronze file is not in date order', async () => {
    const dir = await lakeDir('unsorted');
    const lake = localStore(dir);
    await mergeIntoBronze(lake, duck, days.slice(0, 300));
    // Rewrite the file shuffled, as a writer other than mergeIntoBronze might leave it.
    const file = join(dir, 'bronze/ohlcv/raw_ohlcv/symbol=ORCL/data.parquet');
    await duck.run(`COPY (SELECT * FROM read_parquet('${file}') ORDER BY hash(date)) TO '${file}.tmp' (FORMAT parquet)`);
    await rename(`${file}.tmp`, file);
    const res = await resample(lake, duck, { full: true });
    expect(res).toMatchObject({ mode: 'full', engine: 'sql', symbols: 1 });
    for (const n of INTERVALS) expect(await silverRows(dir, n)).toEqual(referenceBars(days.slice(0, 300), n));
  });
});
