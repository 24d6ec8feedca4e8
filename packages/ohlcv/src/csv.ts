import { barProblem, type DailyBar, type RejectedRow } from './bar';

/** The daily CSV layout of ../shared/data/ohlcv (Yahoo-style). Adj Close is not kept: bars are as traded. */
export const DAILY_CSV_HEADER = 'Date,Open,High,Low,Close,Adj Close,Volume';

export interface ParsedCsv {
  bars: DailyBar[];
  rejected: RejectedRow[];
}

const num = (s: string | undefined) => (s === undefined || s.trim() === '' || s === 'null' ? Number.NaN : Number(s));

/** Parse a daily CSV for one symbol; a bad row is rejected with its line number, the rest load. */
export function parseDailyCsv(text: string, symbol: string, file = 'csv'): ParsedCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== DAILY_CSV_HEADER) throw new Error(`${file}: header is not "${DAILY_CSV_HEADER}"`);
  const out: ParsedCsv = { bars: [], rejected: [] };
  const seen = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const [date, open, high, low, close, , volume] = line.split(',');
    const bar = {
      symbol,
      date: date ?? '',
      open: num(open),
      high: num(high),
      low: num(low),
      close: num(close),
      volume: num(volume),
      vwap: null,
      transactions: null,
    };
    const problem = barProblem(bar) ?? (seen.has(bar.date) ? 'duplicate date' : null);
    if (problem) out.rejected.push({ source: `${file}:${i + 1}`, reason: problem, raw: line });
    else {
      seen.add(bar.date);
      out.bars.push({ ...bar, volume: Math.round(bar.volume) });
    }
  }
  return out;
}
