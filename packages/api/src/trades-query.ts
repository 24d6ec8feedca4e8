/**
 * The trade lists every endpoint shares: filters, order (seq = newest transaction_date first,
 * then transaction_id, both descending; see serving-build.ts), limit + 1 rows to know whether
 * there is a next page, and the cursor. The SQL text is assembled only from the constant
 * fragments below (one statement per combination of filters, prepared once); every value is a
 * parameter.
 */
import { decodeCursor, encodeCursor } from './params';
import { ApiError, type RouteContext } from './route';

export interface TradeListParams {
  bioguide_id?: string;
  ticker?: string;
  from?: string;
  to?: string;
  type?: string;
  party?: string;
  state?: string;
  limit: number;
  cursor?: string;
  include_synthetic: boolean;
}

export const TRADE_FIELDS = `transaction_id, doc_id, transaction_date::VARCHAR AS transaction_date,
  notification_date::VARCHAR AS notification_date, ticker, asset_name, transaction_type, owner,
  amount_low, amount_high, amount_midpoint, bioguide_id, full_name, party, state, district`;

type Filter = Exclude<keyof TradeListParams, 'limit' | 'cursor' | 'include_synthetic'> | 'after' | 'before';

const CONDITIONS: Record<Filter, string> = {
  bioguide_id: 'bioguide_id = ?',
  ticker: 'ticker = ?',
  from: 'transaction_date >= ?::DATE',
  to: 'transaction_date <= ?::DATE',
  type: 'transaction_type = ?',
  party: 'party = ?',
  state: 'state = ?',
  after: 'seq > ?',
  before: 'seq <= ?',
};
const ORDER: Filter[] = ['bioguide_id', 'ticker', 'from', 'to', 'type', 'party', 'state', 'after', 'before'];

/**
 * seq numbers `trades` 1..N without gaps, so the rows after a cursor are a range of seq. A page
 * is first looked for in a window of the next seq values (zone maps read only that range, and a
 * narrow window reads few rows: 2 ms instead of 5 at 1M facts); only when the windows hold fewer
 * than limit + 1 matches (selective filters) is the rest of the table searched. Same rows either
 * way: a window holds the lowest seq values after the cursor.
 */
const PROBE_ROWS = 16_384;

/** The table clustered for the most selective filter given (serving-build.ts). */
const tableFor = (p: { bioguide_id?: string; ticker?: string }) => (p.bioguide_id ? 'trades_by_member' : p.ticker ? 'trades_by_ticker' : 'trades');

const statements = new Map<string, string>();

function tradeListSql(present: Filter[], includeSynthetic: boolean, table: string): string {
  const id = `${table}|${present.join(',')}|${includeSynthetic}`;
  let sql = statements.get(id);
  if (!sql) {
    const where = present.map((f) => CONDITIONS[f]);
    if (!includeSynthetic) where.push('NOT is_synthetic');
    sql = ['SELECT seq,', TRADE_FIELDS, 'FROM', table, where.length ? 'WHERE' : '', where.join(' AND '), 'ORDER BY seq LIMIT ?'].join(' ');
    statements.set(id, sql);
  }
  return sql;
}

export interface TradePage {
  trades: Record<string, unknown>[];
  next_cursor: string | null;
}

export async function tradePage(p: TradeListParams, ctx: RouteContext): Promise<TradePage> {
  const values: Partial<Record<Filter, unknown>> = { ...p };
  if (p.cursor !== undefined) {
    const after = decodeCursor(p.cursor, ctx.gold.version);
    if (typeof after !== 'number') throw new ApiError(400, 'invalid parameter cursor: is not a cursor of this list');
    values.after = after;
  }
  const table = tableFor(p);
  const run = (v: Partial<Record<Filter, unknown>>) => {
    const present = ORDER.filter((f) => v[f] !== undefined);
    return ctx.db.all<{ seq: number } & Record<string, unknown>>(tradeListSql(present, p.include_synthetic, table), [...present.map((f) => v[f]), p.limit + 1]);
  };
  // Without filters a page is almost always the next limit + 1 seq values (twice that leaves room
  // for synthetic rows left out); with filters, the next row group's worth.
  const filtered = ORDER.some((f) => f !== 'after' && f !== 'before' && values[f] !== undefined);
  const windows = table !== 'trades' ? [] : filtered ? [PROBE_ROWS] : [2 * (p.limit + 1), PROBE_ROWS];
  let rows: ({ seq: number } & Record<string, unknown>)[] = [];
  for (const size of windows) {
    rows = await run({ ...values, before: Number(values.after ?? 0) + size });
    if (rows.length > p.limit) break;
  }
  if (rows.length <= p.limit) rows = await run(values);
  const page = rows.slice(0, p.limit);
  const last = page.at(-1);
  return {
    trades: page.map(({ seq: _seq, ...trade }) => trade),
    next_cursor: rows.length > p.limit && last ? encodeCursor(ctx.gold.version, last.seq) : null,
  };
}
