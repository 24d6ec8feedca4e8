import { existsSync, mkdirSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { openDuck } from '@medallion/duck';
import { localStore } from '@medallion/lake';
import { createOutbox, runStateMachine } from '@medallion/local';
import { UsageError } from '@medallion/pipeline';
import type { OhlcvRequest } from './command';
import { closeOhlcvConnections, postgresFromEnv } from './config';
import { importDailyCsv } from './import-csv';
import { localOhlcvEnv } from './local-env';
import { runFetch, runResample, runRetention } from './steps';

// Like `lake run`'s default --source: relative to the current directory (the repository root under `pnpm lake`).
const SAMPLE_DIR = resolve('sample-data/ohlcv');
const SAMPLE_ORCL = join(SAMPLE_DIR, 'orcl-1995-2014.csv');
const DEFINITION = resolve('state_machines/ohlcv_pipeline.json');

async function importCommand(file: string, symbol: string, lakeDir: string): Promise<number> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${file} is not a file`);
  mkdirSync(lakeDir, { recursive: true });
  const duck = await openDuck();
  try {
    const r = await importDailyCsv(localStore(lakeDir), duck, file, symbol);
    const q = Object.entries(r.quarantined).map(([reason, n]) => `${n} ${reason}`);
    console.log(
      `${symbol}: ${r.rows} rows ${r.first}…${r.last} → bronze (${r.inserted} new, ${r.restated} restated, ${r.unchanged} unchanged)${q.length ? `; quarantined: ${q.join(', ')}` : ''}`,
    );
    return 0;
  } finally {
    duck.close();
  }
}

/**
 * The whole layer on the bundled data: ORCL's history up to November 2014 imported into bronze,
 * then the state machine (the same ASL file as AWS) fetches December 2014 from the loopback
 * grouped-daily server (ORCL + generated symbols, with 429s and 5xx), resamples and applies
 * retention on PGlite; prints a summary.
 */
async function demo(lakeDir: string): Promise<number> {
  if (!existsSync(SAMPLE_ORCL) || !existsSync(DEFINITION))
    throw new UsageError('lake ohlcv demo runs from the repository root (sample-data/ohlcv, state_machines/)');
  mkdirSync(lakeDir, { recursive: true });
  const lake = localStore(lakeDir);
  const duck = await openDuck();
  try {
    const csv = await readFile(SAMPLE_ORCL, 'utf8');
    const head = csv
      .split('\n')
      .filter((l) => !/^2014-12-/.test(l))
      .join('\n');
    const tmp = join(lakeDir, '.orcl-until-2014-11.csv');
    await writeFile(tmp, head);
    const imported = await importDailyCsv(lake, duck, tmp, 'ORCL');
    console.log(`import  ORCL ${imported.first}…${imported.last}: ${imported.rows} daily bars into bronze`);
  } finally {
    duck.close();
  }
  const env = localOhlcvEnv(resolve(lakeDir), resolve(lakeDir), SAMPLE_DIR, process.env.LOG_LEVEL ?? 'WARN');
  Object.assign(process.env, env);
  const definition = JSON.parse(await readFile(DEFINITION, 'utf8'));
  const run = await runStateMachine({
    definition,
    functions: {
      fn_ohlcv_fetch: (e) => runFetch(e as never),
      fn_ohlcv_resample: (e) => runResample(e as never),
      fn_ohlcv_retention: (e) => runRetention(e as never),
    },
    placeholders: { alerts_topic_arn: 'arn:aws:sns:local:000000000000:alerts' },
    outbox: createOutbox(join(lakeDir, 'outbox.jsonl')),
    input: { full: false },
    onTaskResult: (r) => console.log(`${r.state.padEnd(9)} ${JSON.stringify(r.output)}`),
  });
  const db = await postgresFromEnv();
  const [pg] = await db.query<{ hot: number; archived: number; symbols: number }>(
    'SELECT (SELECT count(*) FROM raw_ohlcv)::int AS hot, (SELECT count(*) FROM raw_ohlcv_archive)::int AS archived, (SELECT count(DISTINCT symbol) FROM raw_ohlcv)::int AS symbols',
  );
  await closeOhlcvConnections();
  console.log(`${run.status}: path ${run.path.join(' → ')}`);
  console.log(`PostgreSQL (PGlite in ${join(lakeDir, '.pglite')}): raw_ohlcv ${pg!.hot} rows of ${pg!.symbols} symbols, raw_ohlcv_archive ${pg!.archived}`);
  console.log(`silver bars: ${join(lakeDir, 'silver/ohlcv')}/silver_{3,5,8,13,21,34}d/year=YYYY/month=MM/data.parquet`);
  return run.status === 'SUCCEEDED' ? 0 : 1;
}

export async function runOhlcvCommand(request: OhlcvRequest): Promise<number> {
  return request.kind === 'import' ? importCommand(request.file, request.symbol, request.lakeDir) : demo(request.lakeDir);
}
