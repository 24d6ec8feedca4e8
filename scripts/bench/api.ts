/**
 * Benchmark: the disclosures API (docs/API.md) over 1M fact rows and 500 members.
 *  - data: synthetic silver for 500 members (house reps, then senators) → gold with the
 *    house-fd-gold builders → UpdateCache (serving database + hot responses), reused when present;
 *  - cold start: a new process (the bundled server) → first answer of a real query, median of runs;
 *  - warm: autocannon over loopback HTTP, ≥ 1,000 requests per endpoint (ids varied), p50/p99
 *    per endpoint from each response's own time, median over repeats;
 *  - limit: the very SQL statements each request ran (recorded in process), replayed as prepared
 *    statements on a bare @duckdb/node-api connection to the same database file, same run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { DuckDBInstance } from '@duckdb/node-api';
import { createApi, HOUSE_FD_ROUTES, openServing, updateServingCache, type ServingSource } from '@medallion/api';
import { openDuck, sqlPath } from '@medallion/duck';
import {
  buildDimAsset,
  buildDimMember,
  buildFactTransactions,
  buildTrendingStocks,
  generateSyntheticSilverTransactions,
  type MemberInput,
} from '@medallion/house-fd-gold';
import { localStore } from '@medallion/lake';
import { loadLegislators } from './legislators';
import { BENCH_DIR, REPO_ROOT } from './paths';

export interface ApiBenchSettings {
  rows: number;
  members: number;
  /** Requests per endpoint per repeat (autocannon `amount`). */
  requests: number;
  repeat: number;
  coldRuns: number;
  connections: number;
}

export const API_BENCH_DEFAULTS: ApiBenchSettings = { rows: 1_000_000, members: 500, requests: 1200, repeat: 3, coldRuns: 5, connections: 1 };

interface BenchLake {
  lakeDir: string;
  members: string[];
  names: string[];
  tickers: string[];
  docs: string[];
  factRows: number;
  buildSeconds: number;
  updateCacheSeconds: number;
  reused: boolean;
}

const GENERATOR_VERSION = 1;

/** 500 filers: every house rep, then senators (state_district 'NY00'-style), first N by bioguide id. */
function benchMembers(legislators: MemberInput[], count: number) {
  const filers = legislators.map((m) => {
    const last = [...m.terms].sort((a, b) => (a.start < b.start ? -1 : 1)).at(-1)!;
    return {
      bioguide_id: m.bioguide_id,
      filer_name: m.full_name,
      state_district: `${last.state}${String(last.district ?? 0).padStart(2, '0')}`,
      rep: last.type === 'rep',
    };
  });
  const ordered = [...filers.filter((f) => f.rep), ...filers.filter((f) => !f.rep)].slice(0, count);
  return ordered.map(({ rep: _rep, ...f }) => f).sort((a, b) => (a.bioguide_id < b.bioguide_id ? -1 : 1));
}

async function ensureBenchLake(s: ApiBenchSettings): Promise<BenchLake> {
  const dir = join(BENCH_DIR, 'api', `rows=${s.rows}-members=${s.members}`);
  const lakeDir = join(dir, 'lake');
  const manifestFile = join(dir, 'manifest.json');
  const wanted = { generator: GENERATOR_VERSION, rows: s.rows, members: s.members };
  try {
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    if (JSON.stringify(manifest.options) === JSON.stringify(wanted)) {
      // Gold is reused; the serving version follows the code (a new layout builds a new one).
      const t0 = performance.now();
      const cache = await updateServingCache(localStore(lakeDir), { workDir: join(dir, 'work') });
      const updateCacheSeconds = cache.unchanged ? manifest.lake.updateCacheSeconds : (performance.now() - t0) / 1000;
      return { ...manifest.lake, updateCacheSeconds, reused: true };
    }
  } catch {
    // not built yet
  }
  await rm(dir, { recursive: true, force: true });
  const started = performance.now();
  const legislators = loadLegislators();
  const members = benchMembers(legislators, s.members);
  const duck = await openDuck({ threads: 2, memoryLimit: '1GB', tempDirectory: join(dir, 'tmp') });
  const gold = (key: string) => join(lakeDir, 'gold/house_fd', key);
  try {
    const silverDir = join(dir, 'silver');
    const { files } = await generateSyntheticSilverTransactions(duck, { rows: s.rows, outDir: silverDir, members, seed: 42 });
    // Linked into the lake as the silver_transactions table (UpdateCache reads owner and dates from it).
    await mkdir(join(lakeDir, 'silver/house_fd/transactions'), { recursive: true });
    const silverFiles: string[] = [];
    for (const [i, f] of files.entries()) {
      const target = join(lakeDir, 'silver/house_fd/transactions', `batch=000001-part=${String(i).padStart(3, '0')}.parquet`);
      await link(f, target);
      silverFiles.push(target);
    }
    for (const d of ['dim_member', 'dim_asset', 'fact_ptr_transactions', 'agg_trending_stocks']) await mkdir(gold(d), { recursive: true });
    const ingestTs = '2025-07-01T00:00:00Z';
    await buildDimMember(duck, { legislators, outFile: gold('dim_member/dim_member.parquet'), ingestTs });
    await buildDimAsset(duck, { transactionsFiles: silverFiles, outFile: gold('dim_asset/dim_asset.parquet') });
    const fact = await buildFactTransactions(duck, {
      batchSeq: 1,
      batchTransactionsFiles: silverFiles,
      priorFactFiles: [],
      dimMemberFile: gold('dim_member/dim_member.parquet'),
      dimAssetFile: gold('dim_asset/dim_asset.parquet'),
      outFile: gold('fact_ptr_transactions/batch=000001.parquet'),
      ingestTs,
    });
    await buildTrendingStocks(duck, {
      factFiles: [gold('fact_ptr_transactions/batch=000001.parquet')],
      dimMemberFile: gold('dim_member/dim_member.parquet'),
      outFile: gold('agg_trending_stocks/agg_trending_stocks.parquet'),
    });
    const buildSeconds = (performance.now() - started) / 1000;
    const t0 = performance.now();
    await updateServingCache(localStore(lakeDir), { workDir: join(dir, 'work') });
    const updateCacheSeconds = (performance.now() - t0) / 1000;
    const factFile = sqlPath(gold('fact_ptr_transactions/batch=000001.parquet'));
    const pick = async (sql: string) => (await duck.all<{ v: string }>(sql)).map((r) => r.v);
    const lake: Omit<BenchLake, 'reused'> = {
      lakeDir,
      members: await pick(`SELECT DISTINCT bioguide_id AS v FROM read_parquet(${factFile}) WHERE bioguide_id IS NOT NULL ORDER BY v`),
      names: members.map((m) => m.filer_name.split(' ').at(-1)!.slice(0, 4)),
      tickers: await pick(
        `SELECT ticker AS v FROM read_parquet(${factFile}) WHERE ticker IS NOT NULL GROUP BY ticker ORDER BY count(*) DESC, ticker LIMIT 300`,
      ),
      docs: await pick(`SELECT DISTINCT doc_id AS v FROM read_parquet(${factFile}) USING SAMPLE 1000 ROWS (reservoir, 42) ORDER BY v`),
      factRows: fact.rowsOut,
      buildSeconds,
      updateCacheSeconds,
    };
    await writeFile(manifestFile, JSON.stringify({ options: wanted, lake }, null, 2));
    return { ...lake, reused: false };
  } finally {
    duck.close();
  }
}

/** Each endpoint's request paths (cycled by autocannon); all with include_synthetic=true (the data is synthetic). */
function endpointPaths(lake: BenchLake, cursors: string[]): Record<string, string[]> {
  const S = 'include_synthetic=true';
  return {
    'members search': lake.names.map((n) => `/v1/members?q=${encodeURIComponent(n.toLowerCase())}&limit=20`),
    'members/{id}': lake.members.map((m) => `/v1/members/${m}`),
    'members/{id}/trades': lake.members.map((m) => `/v1/members/${m}/trades?${S}`),
    'members/{id}/stats': lake.members.map((m) => `/v1/members/${m}/stats?${S}`),
    'transactions/recent': [`/v1/transactions/recent?${S}`],
    'transactions/recent (cursor)': cursors.map((c) => `/v1/transactions/recent?${S}&cursor=${c}`),
    'transactions/recent (filters)': ['Democrat', 'Republican'].flatMap((p) =>
      ['2024-01-01', '2024-06-01'].map((d) => `/v1/transactions/recent?${S}&party=${p}&from=${d}&type=Purchase`),
    ),
    'stocks/{ticker}/trades': lake.tickers.map((t) => `/v1/stocks/${t}/trades?${S}`),
    'filings/{doc_id}': lake.docs.map((d) => `/v1/filings/${d}?${S}`),
    'trending-stocks': ['7d', '30d', '90d'].map((w) => `/v1/trending-stocks?window=${w}&${S}`),
    'trending-stocks (hot)': ['7d', '30d', '90d'].map((w) => `/v1/trending-stocks?window=${w}`),
    'top-traders': [30, 90, 365].map((d) => `/v1/top-traders?days=${d}&${S}`),
    'analytics/summary': [`/v1/analytics/summary?${S}`],
    health: ['/v1/health'],
  };
}

function startServer(bundle: string, lakeDir: string): Promise<{ child: ChildProcess; url: string; listeningMs: number; started: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [bundle, lakeDir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const m = /LISTENING (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, listeningMs: performance.now() - started, started });
    });
    child.on('exit', (code) => reject(new Error(`api server exited with ${code}: ${out}`)));
  });
}

/**
 * The floor of a cold start: a new Node process that only loads DuckDB, attaches the same
 * database read-only and runs the first request's statements, then exits (spawn → exit).
 */
function coldFloor(dbFile: string, statements: Statement[]): Promise<number> {
  const script = `
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const c = await (await DuckDBInstance.create(':memory:')).connect();
    await c.run(${JSON.stringify(`ATTACH ${sqlPath(dbFile)} AS g (READ_ONLY)`)});
    await c.run('USE g');
    for (const st of ${JSON.stringify(statements)}) (await c.runAndReadAll(st.sql, st.params)).getRowObjects();`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`cold floor exited with ${code}`))));
  });
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

async function bundleServer(): Promise<string> {
  const esbuild = await import('esbuild');
  const out = join(BENCH_DIR, 'api', 'server.mjs');
  await esbuild.build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [join(REPO_ROOT, 'scripts/bench/api-server.ts')],
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@duckdb/*'],
    keepNames: true,
    minify: true, // as make build bundles the Lambda functions
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return out;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const median = (xs: number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

/** autocannon against one endpoint; latencies from each response's own time (ms, not rounded). */
function load(url: string, paths: string[], s: ApiBenchSettings): Promise<{ p50: number; p99: number; rps: number; non2xx: number; n: number }> {
  let i = 0;
  const times: number[] = [];
  let non2xx = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: s.connections,
        amount: s.requests,
        requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
      },
      (err, result) => {
        if (err) return reject(err);
        const sorted = times.sort((a, b) => a - b);
        resolve({ p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), rps: result.requests.average, non2xx, n: sorted.length });
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) times.push(ms);
      else non2xx++;
    });
  });
}

interface Statement {
  sql: string;
  params: unknown[];
}

/** The statements each path runs, recorded through the real router in this process. */
async function recordStatements(lakeDir: string, paths: string[]): Promise<Statement[][]> {
  const serving = await openServing({ lake: localStore(lakeDir), checkIntervalMs: Number.POSITIVE_INFINITY });
  let current: Statement[] = [];
  const recording: ServingSource = {
    lake: serving.lake,
    async current() {
      const v = await serving.current();
      return {
        ...v,
        hot: new Map(), // the limit is the query, not a cached body
        db: {
          all: (sql: string, params: unknown[] = []) => {
            current.push({ sql, params });
            return v.db.all(sql, params);
          },
        },
      };
    },
    close: () => serving.close(),
  };
  const api = createApi({ routes: HOUSE_FD_ROUTES, serving: recording });
  const out: Statement[][] = [];
  try {
    for (const p of paths) {
      current = [];
      const [rawPath = '', rawQueryString = ''] = p.split('?');
      const r = await api.handle({ rawPath, rawQueryString, requestContext: { http: { method: 'GET' } } });
      if (r.statusCode !== 200) throw new Error(`${p}: ${r.statusCode} ${r.body}`);
      out.push(current);
    }
  } finally {
    recording.close();
  }
  return out;
}

/** The same statements on a bare connection (prepared once, bound per request): the floor for each endpoint. */
async function directDuckDb(dbFile: string, requests: Statement[][], n: number): Promise<{ p50: number; p99: number }> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await instance.connect();
  await conn.run(`ATTACH ${sqlPath(dbFile)} AS g (READ_ONLY)`);
  await conn.run('USE g');
  const prepared = new Map<string, Awaited<ReturnType<typeof conn.prepare>>>();
  const times: number[] = [];
  try {
    for (let i = 0; i < n + 50; i++) {
      const statements = requests[i % requests.length]!;
      const t0 = performance.now();
      for (const st of statements) {
        let p = prepared.get(st.sql);
        if (!p) prepared.set(st.sql, (p = await conn.prepare(st.sql)));
        p.bind(st.params as Parameters<typeof p.bind>[0]);
        (await p.runAndReadAll()).getRowObjects();
      }
      if (i >= 50) times.push(performance.now() - t0); // the first 50 warm the statements and caches
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  const sorted = times.sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}

export interface ApiBenchResult {
  settings: ApiBenchSettings;
  lake: BenchLake;
  coldMs: number[];
  listeningMs: number[];
  /** Spawn → exit of a process that only loads DuckDB, attaches and runs the same statements. */
  floorMs: number[];
  endpoints: { name: string; p50: number; p99: number; rps: number; requests: number; duckP50: number | null; duckP99: number | null }[];
}

export async function benchApi(s: ApiBenchSettings): Promise<ApiBenchResult> {
  const lake = await ensureBenchLake(s);
  console.log(
    `  lake ${lake.reused ? 'reused' : `built in ${lake.buildSeconds.toFixed(0)} s, UpdateCache ${lake.updateCacheSeconds.toFixed(1)} s`}: ${lake.factRows} facts, ${lake.members.length} members`,
  );
  const bundle = await bundleServer();
  // Cursors for page 2 of recent trades: the first page's next_cursor, through the API itself.
  const serving = await openServing({ lake: localStore(lake.lakeDir) });
  const api = createApi({ routes: HOUSE_FD_ROUTES, serving });
  const cursors: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const r: { body: string } = await api.handle({
      rawPath: '/v1/transactions/recent',
      rawQueryString: `include_synthetic=true${cursor ? `&cursor=${cursor}` : ''}`,
      requestContext: { http: { method: 'GET' } },
    });
    cursor = (JSON.parse(r.body) as { next_cursor: string | null }).next_cursor;
    if (!cursor) break;
    cursors.push(cursor);
  }
  serving.close();
  const endpoints = endpointPaths(lake, cursors);

  const coldMs: number[] = [];
  const listeningMs: number[] = [];
  const coldPath = endpoints['members/{id}/trades']![0]!;
  for (let run = 0; run < s.coldRuns; run++) {
    const server = await startServer(bundle, lake.lakeDir);
    const r = await fetch(server.url + coldPath);
    await r.arrayBuffer();
    coldMs.push(performance.now() - server.started);
    listeningMs.push(server.listeningMs);
    if (r.status !== 200) throw new Error(`cold request answered ${r.status}`);
    await stop(server.child);
  }
  console.log(`  cold start (new process → first answer): median ${median(coldMs).toFixed(0)} ms`);
  const dbFile = join(lake.lakeDir, JSON.parse(await readFile(join(lake.lakeDir, 'gold/house_fd/_serving/current.json'), 'utf8')).database);
  const [coldStatements] = await recordStatements(lake.lakeDir, [coldPath]);
  const floorMs: number[] = [];
  for (let run = 0; run < s.coldRuns; run++) floorMs.push(await coldFloor(dbFile, coldStatements!));
  console.log(`  cold floor (new process: DuckDB, attach, the same statements): median ${median(floorMs).toFixed(0)} ms`);

  const server = await startServer(bundle, lake.lakeDir);
  const runs: Record<string, { p50: number; p99: number; rps: number; n: number }[]> = {};
  try {
    for (const paths of Object.values(endpoints)) await load(server.url, paths, { ...s, requests: Math.min(200, s.requests) }); // warm-up
    for (let rep = 0; rep < s.repeat; rep++) {
      for (const [name, paths] of Object.entries(endpoints)) {
        const r = await load(server.url, paths, s);
        if (r.non2xx) throw new Error(`${name}: ${r.non2xx} non-2xx answers`);
        (runs[name] ??= []).push(r);
      }
    }
  } finally {
    await stop(server.child);
  }
  const rows: ApiBenchResult['endpoints'] = [];
  for (const [name, paths] of Object.entries(endpoints)) {
    const statements = await recordStatements(lake.lakeDir, paths.slice(0, 300));
    const hot = name.includes('(hot)') || name === 'health';
    const direct = hot ? null : await directDuckDb(dbFile, statements, s.requests);
    const r = runs[name]!;
    rows.push({
      name,
      p50: median(r.map((x) => x.p50)),
      p99: median(r.map((x) => x.p99)),
      rps: median(r.map((x) => x.rps)),
      requests: r.reduce((n, x) => n + x.n, 0),
      duckP50: direct?.p50 ?? null,
      duckP99: direct?.p99 ?? null,
    });
    console.log(
      `  ${name}: p50 ${rows.at(-1)!.p50.toFixed(2)} ms, p99 ${rows.at(-1)!.p99.toFixed(2)} ms${direct ? ` (DuckDB ${direct.p50.toFixed(2)} / ${direct.p99.toFixed(2)})` : ''}`,
    );
  }
  return { settings: s, lake, coldMs, listeningMs, floorMs, endpoints: rows };
}

export function apiBenchMarkdown(r: ApiBenchResult): string {
  const s = r.settings;
  const ms = (x: number | null) => (x === null ? '—' : x.toFixed(2));
  const lines = [
    `#### api — the disclosures API over ${r.lake.factRows.toLocaleString('en-US')} fact rows, ${r.lake.members.length} members`,
    '',
    `autocannon over loopback HTTP to a separate server process (the bundled \`lake api serve\` code), ${s.connections} connection(s), ${s.requests.toLocaleString('en-US')} requests per endpoint per repeat with ids varied, ${s.repeat} repeat(s): p50/p99 are medians over the repeats of each run's percentiles (each response's own time). "DuckDB" = the same SQL statements each request ran, as prepared statements on a bare @duckdb/node-api connection to the same serving database, same run (the floor). "(hot)" = answered from UpdateCache's JSON.`,
    '',
    '| endpoint | requests | p50 ms | p99 ms | req/s | DuckDB p50 ms | DuckDB p99 ms |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...r.endpoints.map(
      (e) => `| ${e.name} | ${e.requests.toLocaleString('en-US')} | ${ms(e.p50)} | ${ms(e.p99)} | ${e.rps.toFixed(0)} | ${ms(e.duckP50)} | ${ms(e.duckP99)} |`,
    ),
    '',
    `Cold start (new process → first answer to \`GET /v1/members/{id}/trades\`, a real query): median ${median(r.coldMs).toFixed(0)} ms of ${r.coldMs.length} (${r.coldMs.map((x) => x.toFixed(0)).join(', ')}); listening after ${median(r.listeningMs).toFixed(0)} ms. The floor, a new process that only loads DuckDB, attaches the same database and runs the same statements: median ${median(r.floorMs).toFixed(0)} ms (${r.floorMs.map((x) => x.toFixed(0)).join(', ')}).`,
    `Worst endpoint: p50 ${Math.max(...r.endpoints.map((e) => e.p50)).toFixed(2)} ms (target < 10), p99 ${Math.max(...r.endpoints.map((e) => e.p99)).toFixed(2)} ms (target < 50).`,
    r.lake.reused
      ? `Gold reused from an earlier run; UpdateCache (serving database + hot responses) ${r.lake.updateCacheSeconds.toFixed(1)} s when it last built.`
      : `Lake built in ${r.lake.buildSeconds.toFixed(0)} s (silver generation + gold); UpdateCache (serving database + hot responses) ${r.lake.updateCacheSeconds.toFixed(1)} s.`,
  ];
  return lines.join('\n');
}

// `npx tsx --import ./scripts/polyfills.mjs scripts/bench/api.ts` prints without recording.
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const settings = { ...API_BENCH_DEFAULTS, repeat: Number(process.env.BENCH_REPEAT ?? API_BENCH_DEFAULTS.repeat) };
  console.log(apiBenchMarkdown(await benchApi(settings)));
  process.exit(0);
}
