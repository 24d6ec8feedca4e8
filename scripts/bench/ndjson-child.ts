/**
 * One NDJSON → Parquet conversion in its own process, so its peak RSS is its own. Two modes over the same files,
 * threads and memory limit:
 *   ours — convertManifest (@medallion/ndjson-steps): line checks, quarantine, schema, lineage, ZSTD Parquet;
 *   bare — COPY (SELECT * FROM read_json([...], ignore_errors = true)) TO … (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1: the converter's settings)
 *          straight in DuckDB: what the converter is measured against (it drops bad lines silently);
 *   bare-unordered — the same with preserve_insertion_order = false, as the converter runs DuckDB (shown beside,
 *          so the ratio is not read as coming from that setting alone).
 *   bare-declared — read_json with the columns declared (no detection), typed as DuckDB infers them from the
 *          generated events when no line is bad, preserve_insertion_order = false: DuckDB's own floor. On poisoned
 *          input the other bare modes' detection sees lines that are not objects and writes every line as one JSON
 *          value, far less work than columns: this is the like-for-like one there.
 * Prints one line `BENCH_RESULT {json}`.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openDuck, sqlPath } from '@medallion/duck';
import { localStore } from '@medallion/lake';
import { convertManifest } from '@medallion/ndjson-steps';
import { printBenchResult } from './child';

export interface NdjsonChildArgs {
  mode: 'ours' | 'bare' | 'bare-unordered' | 'bare-declared';
  inputDir: string;
  outDir: string;
  threads: number;
  memoryLimit: string;
}

/** What DuckDB infers for the generated events' fields when every line is a good one (DESCRIBE of the bare read). */
const BARE_COLUMNS =
  "{'event_id': 'VARCHAR', 'ts': 'TIMESTAMP', 'user_id': 'BIGINT', 'type': 'VARCHAR', 'amount_cents': 'BIGINT', 'score': 'DOUBLE', 'ok': 'BOOLEAN', 'device': 'STRUCT(os VARCHAR, \"version\" VARCHAR)', 'tags': 'VARCHAR[]', 'coupon': 'VARCHAR', 'experiment': 'VARCHAR'}";

export interface NdjsonChildResult {
  mode: NdjsonChildArgs['mode'];
  seconds: number;
  rows: number;
  maxRssMb: number;
}

async function inputFiles(dir: string): Promise<Array<{ date_prefix: string; file_key: string; size: number; etag: string }>> {
  const out = [];
  for (const date of (await readdir(dir)).sort()) {
    for (const name of (await readdir(join(dir, date))).sort()) {
      out.push({ date_prefix: date, file_key: `${date}/${name}`, size: (await stat(join(dir, date, name))).size, etag: '' });
    }
  }
  return out;
}

async function main(args: NdjsonChildArgs): Promise<NdjsonChildResult> {
  await rm(args.outDir, { recursive: true, force: true });
  await mkdir(args.outDir, { recursive: true });
  const files = await inputFiles(args.inputDir);
  const started = performance.now();
  let rows: number;
  if (args.mode === 'ours') {
    const result = await convertManifest(
      {
        lake: localStore(join(args.outDir, 'lake')),
        input: localStore(args.inputDir),
        threads: args.threads,
        memoryLimit: args.memoryLimit,
        workDir: args.outDir,
      },
      { manifest_id: 'bench', files, bytes: files.reduce((s, f) => s + f.size, 0) },
    );
    rows = result.rowsWritten;
  } else {
    const duck = await openDuck({
      threads: args.threads,
      memoryLimit: args.memoryLimit,
      tempDirectory: join(args.outDir, 'spill'),
      preserveInsertionOrder: args.mode === 'bare',
    });
    const paths = files.map((f) => sqlPath(join(args.inputDir, f.file_key))).join(', ');
    rows = Number(
      await duck.scalar(
        `COPY (SELECT * FROM read_json([${paths}], format = 'newline_delimited', ignore_errors = true${args.mode === 'bare-declared' ? `, columns = ${BARE_COLUMNS}` : ''})) TO ${sqlPath(join(args.outDir, 'bare.parquet'))} (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)`,
      ),
    );
    duck.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { mode: args.mode, seconds, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

const result = await main(JSON.parse(process.argv[2]!) as NdjsonChildArgs);
printBenchResult(result);
