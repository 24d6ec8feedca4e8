import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Duck, sqlPath } from '@medallion/duck';

/**
 * COPY … TO dir (PARTITION_BY …) with exactly one file per partition folder. A parallel
 * partitioned write can split a partition across files (one per thread, or when more folders are
 * open than DuckDB keeps); the publishers take one file per folder, so the write runs on one
 * thread over input sorted by the partition columns, and onlyFileIn refuses a split instead of
 * dropping rows.
 */
export async function copyPartitioned(duck: Duck, select: string, outDir: string, partitionBy: string[], options = ''): Promise<void> {
  const threads = await duck.scalar<string>("SELECT current_setting('threads')");
  await duck.run('SET threads = 1');
  try {
    await duck.run(
      `COPY (${select}) TO ${sqlPath(outDir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (${partitionBy.join(', ')}), FILENAME_PATTERN 'data'${options})`,
    );
  } finally {
    await duck.run(`SET threads = ${Number(threads)}`);
  }
}

/** The one file of a partition folder; null when the folder does not exist. */
export async function onlyFileIn(folder: string): Promise<string | null> {
  const files = await readdir(folder).catch(() => null);
  if (files === null || files.length === 0) return null;
  if (files.length > 1) throw new Error(`partitioned write left ${files.length} files in ${folder}`);
  return join(folder, files[0]!);
}
