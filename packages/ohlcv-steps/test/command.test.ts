import { jest } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '@medallion/pipeline';
import { parseOhlcvArgs } from '../src/command';
import { ohlcvEnv, polygonApiKey } from '../src/config';
import { runOhlcvCommand } from '../src/local-run';
import { localOhlcvEnv } from '../src/local-env';
import { ohlcvSummary } from '../src/pipeline';
import { ORCL_CSV, tempDir } from './helpers';

describe('lake ohlcv', () => {
  it('parses import and demo, and refuses the rest with a usage error', () => {
    expect(parseOhlcvArgs(['import', 'a.csv', '--symbol', 'ORCL', '--lake', 'L'])).toEqual({ kind: 'import', file: 'a.csv', symbol: 'ORCL', lakeDir: 'L' });
    expect(parseOhlcvArgs(['demo'])).toEqual({ kind: 'demo', lakeDir: '.lake' });
    for (const bad of [
      [],
      ['fetch'],
      ['import', 'a.csv', '--lake', 'L'],
      ['import', 'a.csv', '--symbol', '../x', '--lake', 'L'],
      ['import', '--symbol', 'A'],
      ['demo', 'x.csv'],
      ['demo', '--bogus'],
    ])
      expect(() => parseOhlcvArgs(bad)).toThrow(UsageError);
  });

  it('import loads the ORCL CSV into bronze and reports it; a missing file is a usage error', async () => {
    const lake = await tempDir('cmd');
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await runOhlcvCommand({ kind: 'import', file: ORCL_CSV, symbol: 'ORCL', lakeDir: lake })).toBe(0);
      expect(log.mock.calls[0]![0]).toMatch(/^ORCL: 5036 rows 1995-01-03…2014-12-31 → bronze \(5036 new, 0 restated, 0 unchanged\)$/);
    } finally {
      log.mockRestore();
    }
    await expect(runOhlcvCommand({ kind: 'import', file: join(lake, 'nope.csv'), symbol: 'ORCL', lakeDir: lake })).rejects.toThrow(UsageError);
  });
});

describe('configuration', () => {
  it('reads the key from a local parameter file, never demands one for the loopback server, and names what is missing', async () => {
    const dir = await tempDir('key');
    await writeFile(join(dir, 'key'), 'abc123\n');
    expect(await polygonApiKey(ohlcvEnv({ OHLCV_POLYGON_API_KEY_FILE: join(dir, 'key') }))).toBe('abc123');
    expect(await polygonApiKey(ohlcvEnv({ OHLCV_POLYGON_BASE_URL: 'loopback' }))).toBe('loopback');
    await expect(polygonApiKey(ohlcvEnv({}))).rejects.toThrow(/OHLCV_POLYGON_API_KEY_PARAMETER/);
    expect(() => ohlcvEnv({ OHLCV_BACKFILL_FROM: '2024/01/01' })).toThrow(/OHLCV_BACKFILL_FROM/);
  });

  it('a local run uses PGlite in the lake and the loopback server', () => {
    const env = localOhlcvEnv('/l', '/l', '/src', 'INFO');
    expect(env).toMatchObject({ OHLCV_PG_URL: 'pglite:///l/.pglite', OHLCV_LOOPBACK_HISTORY_DIR: '/src', OHLCV_CHUNK_WAIT_SECONDS: '0' });
  });

  it('summarises fetch chunks, resampling and retention', () => {
    const s = ohlcvSummary({
      pipeline: 'ohlcv_pipeline',
      status: 'SUCCEEDED',
      path: [],
      stateTypes: {},
      tasks: {
        Fetch: [
          { state: 'Fetch', ms: 1, output: { sessions: 5, bars: 10, from: '2014-12-01', to: '2014-12-05', quarantined: { 'bad row': 2 } } },
          { state: 'Fetch', ms: 1, output: { sessions: 1, bars: 2, from: '2014-12-08', to: '2014-12-08', quarantined: {} } },
        ],
        Resample: [{ state: 'Resample', ms: 1, output: { mode: 'incremental', symbols: 2, bars: 12, partitionsWritten: 6 } }],
        Retention: [{ state: 'Retention', ms: 1, output: { cutoff: '2009-11-30', moved: 3 } }],
      },
    });
    expect(s.rows.map((r) => `${r.step}|${r.rowsIn}|${r.rowsOut}|${r.note}`)).toEqual([
      'Fetch|6 sessions|12 bars|2 chunk(s) 2014-12-01…2014-12-08',
      'Resample|2 symbols|12 bars|incremental, 6 partitions rewritten',
      'Retention|3 rows|3 archived|before 2009-11-30',
    ]);
    expect(s.quarantine).toEqual({ 'bad row': ['2 rows'] });
  });
});
