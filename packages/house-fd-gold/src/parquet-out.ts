import { mkdir, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { sqlPath, type Duck } from '@medallion/duck';

type Params = Parameters<Duck['run']>[1];

/** The one way gold tables are written: ZSTD parquet from a query that ends in ORDER BY. */
export function copyToParquetSql(selectSql: string, outFile: string): string {
  return `COPY (${selectSql}) TO ${sqlPath(outFile)} (FORMAT parquet, COMPRESSION zstd)`;
}

/**
 * COPY the query to a hidden temp file next to `outFile`, then rename it into place: rename
 * is atomic on one file system, so readers (and a crash) see the old file or the new one,
 * never half a parquet. Returns the number of rows written.
 */
export async function writeParquetAtomically(duck: Duck, selectSql: string, params: Params, outFile: string): Promise<number> {
  const dir = dirname(outFile);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(outFile)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const result = await duck.all<{ Count: number | bigint }>(copyToParquetSql(selectSql, tmp), params);
    await rename(tmp, outFile);
    return Number(result[0]?.Count ?? 0);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
