import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Duck } from '@medallion/duck';
import type { ObjectStore } from '@medallion/lake';
import { isSymbol, parseDailyCsv } from '@medallion/ohlcv';
import { type BronzeMerge, mergeIntoBronze } from './bronze';
import { quarantineRows } from './quarantine';

export interface ImportResult extends BronzeMerge {
  symbol: string;
  rows: number;
  first: string | null;
  last: string | null;
  quarantined: Record<string, number>;
}

/** Load a daily CSV (Date,Open,High,Low,Close,Adj Close,Volume) for one symbol into bronze. */
export async function importDailyCsv(lake: ObjectStore, duck: Duck, file: string, symbol: string): Promise<ImportResult> {
  if (!isSymbol(symbol)) throw new Error(`invalid symbol ${JSON.stringify(symbol)}`);
  const parsed = parseDailyCsv(await readFile(file, 'utf8'), symbol, basename(file));
  const quarantined = await quarantineRows(lake, `import-${symbol}`, parsed.rejected);
  const merge = await mergeIntoBronze(lake, duck, parsed.bars);
  const dates = parsed.bars.map((b) => b.date).sort();
  return { ...merge, symbol, rows: parsed.bars.length, first: dates[0] ?? null, last: dates.at(-1) ?? null, quarantined };
}
