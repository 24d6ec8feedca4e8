import { readFile, readdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DailyBar, parseDailyCsv } from '@medallion/ohlcv';

export const ORCL_CSV = fileURLToPath(new URL('../../../sample-data/ohlcv/orcl-1995-2014.csv', import.meta.url));

export async function orclBars(): Promise<DailyBar[]> {
  return parseDailyCsv(await readFile(ORCL_CSV, 'utf8'), 'ORCL').bars;
}

export const tempDir = (name: string) => mkdtemp(join(tmpdir(), `ohlcv-${name}-`));

/** Every file under dir (relative path → bytes). */
export async function filesUnder(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    out.set(relative(dir, path), await readFile(path));
  }
  return out;
}

export interface RefBar {
  symbol: string;
  bar_start: string;
  bar_end: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  n_days: number;
  is_complete: boolean;
}

/** The reference: sort the symbol's days, cut them into runs of N from the first, aggregate. */
export function referenceBars(days: DailyBar[], n: number): RefBar[] {
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : 1));
  const out: RefBar[] = [];
  for (let i = 0; i < sorted.length; i += n) {
    const chunk = sorted.slice(i, i + n);
    out.push({
      symbol: chunk[0]!.symbol,
      bar_start: chunk[0]!.date,
      bar_end: chunk.at(-1)!.date,
      open: chunk[0]!.open,
      high: Math.max(...chunk.map((d) => d.high)),
      low: Math.min(...chunk.map((d) => d.low)),
      close: chunk.at(-1)!.close,
      volume: chunk.reduce((s, d) => s + d.volume, 0),
      n_days: chunk.length,
      is_complete: chunk.length === n,
    });
  }
  return out;
}
