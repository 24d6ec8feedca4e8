import { z } from 'zod';
import { barProblem, type DailyBar, type RejectedRow } from './bar';
import { newYorkDate } from './trading-date';

/**
 * Polygon's grouped-daily answer (`/v2/aggs/grouped/locale/us/market/stocks/{date}`): one
 * result per ticker for one session. T ticker, o/h/l/c prices, v volume, vw volume-weighted
 * price, n trades, t the session's start in epoch ms. A holiday answers resultsCount 0 and no
 * `results`.
 */
const responseSchema = z.object({
  status: z.string(),
  resultsCount: z.number().int().nonnegative().optional(),
  results: z.array(z.unknown()).optional(),
});

const resultSchema = z.object({
  T: z.string(),
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  v: z.number(),
  vw: z.number().optional(),
  n: z.number().optional(),
  t: z.number(),
});

export interface GroupedDaily {
  bars: DailyBar[];
  rejected: RejectedRow[];
}

/**
 * The bars of one session. The trading date comes from `t` in New York time; a result whose
 * date is not the session asked for is rejected rather than filed under the wrong day.
 */
export function parseGroupedDaily(body: unknown, session: string): GroupedDaily {
  const response = responseSchema.safeParse(body);
  if (!response.success) throw new Error(`grouped-daily ${session}: not a grouped-daily response (${response.error.issues[0]?.message})`);
  if (response.data.status !== 'OK' && response.data.status !== 'DELAYED') throw new Error(`grouped-daily ${session}: status ${response.data.status}`);
  const out: GroupedDaily = { bars: [], rejected: [] };
  const seen = new Set<string>();
  for (const raw of response.data.results ?? []) {
    const source = `grouped-daily ${session}`;
    const r = resultSchema.safeParse(raw);
    if (!r.success) {
      out.rejected.push({ source, reason: `missing or non-numeric field ${r.error.issues[0]?.path.join('.')}`, raw: JSON.stringify(raw) });
      continue;
    }
    const date = newYorkDate(r.data.t);
    if (date !== session) {
      out.rejected.push({ source, reason: `trading date ${date} is not the session ${session}`, raw: JSON.stringify(raw) });
      continue;
    }
    const bar: DailyBar = {
      symbol: r.data.T,
      date,
      open: r.data.o,
      high: r.data.h,
      low: r.data.l,
      close: r.data.c,
      volume: Math.round(r.data.v),
      vwap: r.data.vw ?? null,
      transactions: r.data.n ?? null,
    };
    const problem = barProblem(bar) ?? (seen.has(bar.symbol) ? 'duplicate symbol in one session' : null);
    if (problem) out.rejected.push({ source, reason: problem, raw: JSON.stringify(raw) });
    else {
      seen.add(bar.symbol);
      out.bars.push(bar);
    }
  }
  return out;
}
