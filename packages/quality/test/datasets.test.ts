/**
 * The engine knows no dataset of its own: a pipeline it never heard of declares its datasets
 * (name → lake key pattern) and they resolve, locally and through an object store, with the
 * candidate overlay the gold gate uses.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { declaredDatasets, resolveDatasets, resolveDatasetsFromStore } from '../src/datasets';
import { runQualityCli } from '../src/cli';
import { runQualityGate } from '../src/gate';
import { testBed, values, type TestBed } from './helpers';

/** A test "pipeline" the quality package has never heard of. */
const WEATHER_DATASETS = {
  weather_observations: 'silver/weather/observations/*.parquet',
  weather_stations: 'gold/weather/dim_station/dim_station.parquet',
};
const CHECKS = 'checks for weather_observations:\n  - row_count = 3\n  - values in (station_id) must exist in weather_stations (station_id)\n';

let bed: TestBed;
let lake: string;
beforeAll(async () => {
  bed = await testBed();
  lake = join(bed.dir, 'lake');
  const at = async (key: string, select: string) => {
    await mkdir(dirname(join(lake, key)), { recursive: true });
    await bed.duck.run(`COPY (${select}) TO '${join(lake, key)}' (FORMAT parquet)`);
  };
  await at(
    'silver/weather/observations/batch=000001.parquet',
    values('station_id, temp', [
      ['KSEA', 11.5],
      ['KPDX', 12],
    ]),
  );
  await at('silver/weather/observations/batch=000002.parquet', values('station_id, temp', [['KSEA', 9]]));
  await at('silver/weather/observations/notes.txt.parquet.bak', 'SELECT 1 AS x');
  await at(
    'gold/weather/dim_station/dim_station.parquet',
    values('station_id, name', [
      ['KSEA', 'Seattle'],
      ['KPDX', 'Portland'],
    ]),
  );
  await at('gold/weather/dim_station/old_dim_station.parquet', values('station_id, name', [['XXXX', 'not the table']]));
  // A candidate of the next gold batch: the single-file table is replaced by it.
  await at('_candidates/weather/batch=000003/gold/weather/dim_station/dim_station.parquet', values('station_id, name', [['KSEA', 'Seattle']]));
  await mkdir(join(bed.dir, 'checks'), { recursive: true });
  await import('node:fs/promises').then((fs) => fs.writeFile(join(bed.dir, 'checks', 'weather.yml'), CHECKS));
});
afterAll(() => bed.close());

describe('declared datasets', () => {
  it('resolve from the declarations only: multi-file and single-file tables, other files ignored', () => {
    const tables = resolveDatasets(lake, WEATHER_DATASETS);
    expect(Object.keys(tables).sort()).toEqual(['weather_observations', 'weather_stations']);
    expect(tables.weather_observations.map((f) => f.slice(lake.length))).toEqual([
      '/silver/weather/observations/batch=000001.parquet',
      '/silver/weather/observations/batch=000002.parquet',
    ]);
    expect(tables.weather_stations).toEqual([join(lake, 'gold/weather/dim_station/dim_station.parquet')]);
    // Undeclared, nothing resolves: the engine has no table list of its own.
    expect(resolveDatasets(lake, {})).toEqual({});
  });

  it('a test pipeline scans through the CLI with --lake and its declarations', async () => {
    let out = '';
    let err = '';
    const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t) };
    const code = await runQualityCli(['scan', join(bed.dir, 'checks', 'weather.yml'), '--lake', lake, '--no-store'], { datasets: WEATHER_DATASETS, io });
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toContain('PASS  weather_observations');
    // Without declarations --lake has nothing to resolve: a clear error, not a guess.
    const none = await runQualityCli(['scan', join(bed.dir, 'checks', 'weather.yml'), '--lake', lake], { io });
    expect(none).toBe(3);
    expect(err).toMatch(/--lake needs the pipelines' dataset declarations/);
  });

  it('a gate checks candidates as if promoted, through a local lake and an object store', async () => {
    const event = {
      batchSeq: 3,
      layer: 'gold' as const,
      checks: ['weather.yml'],
      datasets: WEATHER_DATASETS,
      candidates: '_candidates/weather/batch=000003/',
      now: '2025-06-01T00:00:00Z',
    };
    const local = await runQualityGate(event, { checksDir: join(bed.dir, 'checks'), lakeDir: lake });
    // KPDX is gone from the candidate dim_station: the reference check sees the promoted table.
    expect(local).toMatchObject({ outcome: 'fail', failedChecks: [expect.objectContaining({ table: 'weather_observations', totalFailedRows: 1 })] });

    const staged: string[] = [];
    const walk = async (dir: string): Promise<string[]> =>
      (await readdir(join(lake, dir), { withFileTypes: true }).catch(() => [])).flatMap((e) => (e.isDirectory() ? [] : [`${dir}${e.name}`]));
    const store = {
      async list(prefix: string) {
        return (await walk(prefix)).map((key) => ({ key }));
      },
      async stage(keys: string[]) {
        staged.push(...keys);
        return keys.map((k) => join(lake, k));
      },
      async get(key: string) {
        return readFile(join(lake, key)).then(
          (b) => new Uint8Array(b),
          () => null,
        );
      },
      async put() {},
    };
    expect(await resolveDatasetsFromStore(store, WEATHER_DATASETS, undefined, '_candidates/weather/batch=000003/')).toEqual({
      weather_observations: [join(lake, 'silver/weather/observations/batch=000001.parquet'), join(lake, 'silver/weather/observations/batch=000002.parquet')],
      weather_stations: [join(lake, '_candidates/weather/batch=000003/gold/weather/dim_station/dim_station.parquet')],
    });
    const remote = await runQualityGate(event, { checksDir: join(bed.dir, 'checks'), store });
    expect(remote.outcome).toBe('fail');
  });

  it('a ** segment takes the files of every subfolder (hive partitions), locally and through a store', async () => {
    for (const [ym, temp] of [
      ['year=2025/month=01', 1],
      ['year=2025/month=02', 2],
      ['year=2024/month=12', 0],
    ] as const) {
      const key = join(lake, 'silver/weather/monthly', ym, 'data.parquet');
      await mkdir(dirname(key), { recursive: true });
      await bed.duck.run(`COPY (SELECT ${temp} AS temp) TO '${key}' (FORMAT parquet)`);
    }
    const declared = { weather_monthly: 'silver/weather/monthly/**/data.parquet' };
    const expected = ['year=2024/month=12', 'year=2025/month=01', 'year=2025/month=02'].map((ym) => join(lake, 'silver/weather/monthly', ym, 'data.parquet'));
    expect(resolveDatasets(lake, declared)).toEqual({ weather_monthly: expected });
    const walk = async (dir: string): Promise<string[]> =>
      (await readdir(join(lake, dir), { withFileTypes: true }).catch(() => [])).flatMap((e) => (e.isDirectory() ? [] : [`${dir}${e.name}`]));
    const listAll = async (prefix: string): Promise<string[]> => {
      const here = await walk(prefix);
      const dirs = (await readdir(join(lake, prefix), { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory());
      return [...here, ...(await Promise.all(dirs.map((d) => listAll(`${prefix}${d.name}/`)))).flat()];
    };
    const store = {
      list: async (prefix: string) => (await listAll(prefix)).map((key) => ({ key })),
      stage: async (keys: string[]) => keys.map((k) => join(lake, k)),
    };
    expect(await resolveDatasetsFromStore(store, declared)).toEqual({ weather_monthly: expected });
    // Without the segment, only the folder's own files count.
    expect(resolveDatasets(lake, { weather_monthly: 'silver/weather/monthly/*.parquet' })).toEqual({});
  });

  it('rejects declarations that leave the lake or are not dataset names', () => {
    for (const bad of [
      { x: '../outside/*.parquet' },
      { x: '/abs/x.parquet' },
      { x: 'no-folder.parquet' },
      { x: 'silver/*/x.parquet' },
      { x: 'silver/t/data.csv' },
      { x: 'silver/**/**/x.parquet' },
      { x: '**/x.parquet' },
      { 'bad name': 'silver/t/*.parquet' },
    ] as Record<string, string>[]) {
      expect(() => declaredDatasets(bad)).toThrow(/invalid dataset declarations/);
    }
  });
});
