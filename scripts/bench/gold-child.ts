/**
 * One gold build in its own process, so its peak RSS is its own. Two modes over the same
 * inputs, threads and memory settings:
 *   ours — the @medallion/house-fd-gold builders on the @medallion/duck wrapper;
 *   bare — the same SQL text (the builders' exported SQL functions) on a raw
 *          @duckdb/node-api connection: COPY straight to the output, nothing else.
 * Prints one line `BENCH_RESULT {json}`.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDuck } from '@medallion/duck';
import {
  buildDimAsset,
  buildDimMember,
  buildFactTransactions,
  buildTrendingStocks,
  copyToParquetSql,
  dimAssetSql,
  dimMemberSelectSql,
  factTransactionsSql,
  memberSegments,
  memberSegmentsNdjson,
  normalizeIngestTs,
  dateFromKey,
  trendingStocksSql,
} from '@medallion/house-fd-gold';
import { loadLegislators } from './legislators';
import { REPO_ROOT } from './paths';
import { printBenchResult } from './child';

export interface GoldChildArgs {
  mode: 'ours' | 'bare';
  silverFiles: string[];
  outDir: string;
  threads: number;
  memoryLimit: string;
  tempDirectory: string;
  ingestTs: string;
}

export interface GoldChildResult {
  mode: GoldChildArgs['mode'];
  seconds: { dim_member: number; dim_asset: number; fact: number; trending: number; total: number };
  factRows: number;
  maxRssMb: number;
  /** Peak RSS (MB) reached by the end of each step. */
  rssAfter: Record<string, number>;
  outputs: Record<string, string>;
}

/** Minimal shape of @duckdb/node-api used here (the root has no direct dependency on it). */
interface RawConnection {
  run(sql: string, values?: Record<string, string | number>): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }>;
  closeSync(): void;
}
interface RawInstance {
  connect(): Promise<RawConnection>;
  closeSync(): void;
}

async function loadNodeApi(): Promise<{ DuckDBInstance: { create(path: string, options: Record<string, string>): Promise<RawInstance> } }> {
  const require = createRequire(join(REPO_ROOT, 'packages', 'house-fd-gold', 'package.json'));
  return import(pathToFileURL(require.resolve('@duckdb/node-api')).href);
}

/** Peak RSS so far after each step: shows which step sets the high-water mark. */
const rssAfter: Record<string, number> = {};

async function timed<T>(seconds: Record<string, number>, step: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  seconds[step] = (performance.now() - t0) / 1000;
  rssAfter[step] = Math.round(process.resourceUsage().maxRSS / 1024);
  return result;
}

async function main() {
  const args = JSON.parse(process.argv[2] ?? '{}') as GoldChildArgs;
  const legislators = loadLegislators(); // input parsing, not timed in either mode
  await rm(args.outDir, { recursive: true, force: true });
  await mkdir(args.outDir, { recursive: true });
  await mkdir(args.tempDirectory, { recursive: true });
  const out = {
    dim_member: join(args.outDir, 'dim_member.parquet'),
    dim_asset: join(args.outDir, 'dim_asset.parquet'),
    fact: join(args.outDir, 'fact_ptr_transactions', 'batch=000001.parquet'),
    trending: join(args.outDir, 'agg_trending_stocks.parquet'),
  };
  await mkdir(join(args.outDir, 'fact_ptr_transactions'), { recursive: true });
  const seconds: Record<string, number> = {};
  let factRows = 0;
  rssAfter.start = Math.round(process.resourceUsage().maxRSS / 1024);
  const started = performance.now();

  if (args.mode === 'ours') {
    const duck = await openDuck({ threads: args.threads, memoryLimit: args.memoryLimit, tempDirectory: args.tempDirectory });
    try {
      await timed(seconds, 'dim_member', () => buildDimMember(duck, { legislators, outFile: out.dim_member, ingestTs: args.ingestTs }));
      await timed(seconds, 'dim_asset', () => buildDimAsset(duck, { transactionsFiles: args.silverFiles, outFile: out.dim_asset }));
      const fact = await timed(seconds, 'fact', () =>
        buildFactTransactions(duck, {
          batchSeq: 1,
          batchTransactionsFiles: args.silverFiles,
          priorFactFiles: [],
          dimMemberFile: out.dim_member,
          dimAssetFile: out.dim_asset,
          outFile: out.fact,
          ingestTs: args.ingestTs,
        }),
      );
      factRows = fact.rowsOut;
      await timed(seconds, 'trending', () => buildTrendingStocks(duck, { factFiles: [out.fact], dimMemberFile: out.dim_member, outFile: out.trending }));
      seconds.total = (performance.now() - started) / 1000;
    } finally {
      duck.close();
    }
  } else {
    const { DuckDBInstance } = await loadNodeApi();
    const instance = await DuckDBInstance.create(':memory:', {
      threads: String(args.threads),
      memory_limit: args.memoryLimit,
      temp_directory: args.tempDirectory,
    });
    const conn = await instance.connect();
    try {
      await timed(seconds, 'dim_member', async () => {
        const staged = join(args.tempDirectory, 'member_segments.ndjson');
        await writeFile(staged, memberSegmentsNdjson(memberSegments(legislators)));
        await conn.run(copyToParquetSql(dimMemberSelectSql(staged), out.dim_member), { ingest_date: normalizeIngestTs(args.ingestTs).slice(0, 10) });
      });
      await timed(seconds, 'dim_asset', () => conn.run(copyToParquetSql(dimAssetSql(args.silverFiles), out.dim_asset)));
      await timed(seconds, 'fact', () =>
        conn.run(
          copyToParquetSql(
            factTransactionsSql({
              batchTransactionsFiles: args.silverFiles,
              priorFactFiles: [],
              dimMemberFile: out.dim_member,
              dimAssetFile: out.dim_asset,
            }),
            out.fact,
          ),
          { gold_ingest_ts: normalizeIngestTs(args.ingestTs) },
        ),
      );
      await timed(seconds, 'trending', async () => {
        const sql = trendingStocksSql([out.fact], out.dim_member);
        const maxKey = (await conn.runAndReadAll(sql.maxDateKey)).getRows()[0][0];
        await conn.run(copyToParquetSql(sql.select, out.trending), sql.params(dateFromKey(Number(maxKey))));
      });
      seconds.total = (performance.now() - started) / 1000;
      const counted = (await conn.runAndReadAll(`SELECT count(*) FROM read_parquet('${out.fact}')`)).getRows()[0][0];
      factRows = Number(counted);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  }
  const result: GoldChildResult = {
    mode: args.mode,
    seconds: seconds as GoldChildResult['seconds'],
    factRows,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    rssAfter,
    outputs: out,
  };
  printBenchResult(result);
}

await main();
