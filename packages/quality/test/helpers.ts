import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuck, sqlPath, type Duck } from '@medallion/duck';
import { scan, type ScanOptions } from '../src/scan';
import type { ScanResult } from '../src/results';

export const NOW = '2025-06-01T12:00:00Z';

/** One DuckDB and one temp dir for a test file; parquet fixtures are written with COPY. */
export async function testBed() {
  const duck: Duck = await openDuck({ threads: 1 });
  const dir = await mkdtemp(join(tmpdir(), 'quality-test-'));
  let n = 0;
  return {
    duck,
    dir,
    /** Write `SELECT …` to a parquet file and return its path. */
    async parquet(select: string): Promise<string> {
      const file = join(dir, `t${n++}.parquet`);
      await duck.run(`COPY (${select}) TO ${sqlPath(file)} (FORMAT parquet, COMPRESSION zstd)`);
      return file;
    },
    /** Scan one checks document against datasets given as SELECTs or files. */
    async scanYaml(yaml: string, tables: Record<string, string>, options: Partial<ScanOptions> = {}): Promise<ScanResult> {
      const files: Record<string, string> = {};
      for (const [name, src] of Object.entries(tables)) files[name] = /^\s*(SELECT|FROM|VALUES|WITH)\b/i.test(src) ? await this.parquet(src) : src;
      return scan({ checksYaml: [yaml], tables: files, now: NOW, ...options });
    },
    close() {
      duck.close();
    },
  };
}

export type TestBed = Awaited<ReturnType<typeof testBed>>;

/** `SELECT * FROM (VALUES …) AS t(cols)` from JS rows (strings quoted, null as NULL). */
export function values(columns: string, rows: unknown[][]): string {
  const lit = (v: unknown) => (v === null ? 'NULL' : typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v));
  return `SELECT * FROM (VALUES ${rows.map((r) => `(${r.map(lit).join(', ')})`).join(', ')}) AS t(${columns})`;
}
