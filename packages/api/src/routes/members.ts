/** /v1/members…: search, one member, their trades and their trading statistics. */
import { z } from 'zod';
import { bioguideId, booleanFlag, cursor, decodeCursor, encodeCursor, limit, nameQuery, party, state, tradeFilters, withDateRange } from '../params';
import { ApiError, defineRoute, notFound, type RouteContext } from '../route';
import { tradePage } from '../trades-query';

const MEMBER_FIELDS = 'bioguide_id, full_name, party, state, district, is_current';

/** Stats of a member without (served) trades. */
const NO_TRADES = {
  total_trades: 0,
  purchases: 0,
  sales: 0,
  exchanges: 0,
  total_volume: 0,
  buy_volume: 0,
  sell_volume: 0,
  distinct_tickers: 0,
  filings: 0,
  first_trade_date: null,
  last_trade_date: null,
};

const SEARCH: Record<'q' | 'party' | 'state' | 'after', string> = {
  q: 'contains(name_lc, ?)',
  party: 'party = ?',
  state: 'state = ?',
  after: 'bioguide_id > ?',
};

async function requireMember(id: string, ctx: RouteContext): Promise<Record<string, unknown>> {
  const [member] = await ctx.db.all(`SELECT ${MEMBER_FIELDS} FROM members WHERE bioguide_id = ?`, [id]);
  if (!member) throw notFound(`member ${id}`);
  return member;
}

export const listMembers = defineRoute({
  path: '/v1/members',
  summary: 'Members by name (q), party and state; ordered by bioguide_id.',
  params: z.strictObject({ q: nameQuery.optional(), party: party.optional(), state: state.optional(), limit: limit(), cursor: cursor.optional() }),
  async handle(p, ctx) {
    const after = p.cursor === undefined ? undefined : decodeCursor(p.cursor, ctx.gold.version);
    if (after !== undefined && typeof after !== 'string') throw new ApiError(400, 'invalid parameter cursor: is not a cursor of this list');
    const values: Record<keyof typeof SEARCH, unknown> = { q: p.q?.toLowerCase(), party: p.party, state: p.state, after };
    const present = (Object.keys(SEARCH) as (keyof typeof SEARCH)[]).filter((k) => values[k] !== undefined);
    const where = present.map((k) => SEARCH[k]);
    const sql = ['SELECT', MEMBER_FIELDS, 'FROM members', where.length ? 'WHERE' : '', where.join(' AND '), 'ORDER BY bioguide_id LIMIT ?'].join(' ');
    const rows = await ctx.db.all<{ bioguide_id: string }>(sql, [...present.map((k) => values[k]), p.limit + 1]);
    const page = rows.slice(0, p.limit);
    return { members: page, next_cursor: rows.length > p.limit ? encodeCursor(ctx.gold.version, page.at(-1)!.bioguide_id) : null };
  },
});

export const getMember = defineRoute({
  path: '/v1/members/{bioguide_id}',
  summary: 'One member: current party, state and district, and every dated version (dim_member).',
  params: z.strictObject({ bioguide_id: bioguideId }),
  async handle(p, ctx) {
    const member = await requireMember(p.bioguide_id, ctx);
    const versions = await ctx.db.all(
      `SELECT party, state, district, valid_from::VARCHAR AS valid_from, valid_to::VARCHAR AS valid_to
       FROM member_versions WHERE bioguide_id = ? ORDER BY valid_from`,
      [p.bioguide_id],
    );
    return { ...member, versions };
  },
});

export const memberTrades = defineRoute({
  path: '/v1/members/{bioguide_id}/trades',
  summary: "A member's trades, newest first, with filters and a cursor.",
  params: withDateRange({ bioguide_id: bioguideId, ...tradeFilters }),
  async handle(p, ctx) {
    await requireMember(p.bioguide_id, ctx);
    return tradePage(p, ctx);
  },
});

export const memberStats = defineRoute({
  path: '/v1/members/{bioguide_id}/stats',
  summary: "A member's trading totals, by type, and most traded tickers.",
  params: z.strictObject({ bioguide_id: bioguideId, include_synthetic: booleanFlag.default(false) }),
  async handle(p, ctx) {
    // One statement: the member (404 when unknown) and their precomputed stats (none without trades).
    const [row] = await ctx.db.all<{ full_name: string; total_trades: number | null; top_tickers: string | null } & Record<string, unknown>>(
      `SELECT m.full_name, s.total_trades, s.purchases, s.sales, s.exchanges, s.total_volume, s.buy_volume, s.sell_volume,
         s.distinct_tickers, s.filings, s.first_trade_date, s.last_trade_date, s.top_tickers
       FROM members m LEFT JOIN member_stats s ON s.bioguide_id = m.bioguide_id AND s.include_synthetic = ?
       WHERE m.bioguide_id = ?`,
      [p.include_synthetic, p.bioguide_id],
    );
    if (!row) throw notFound(`member ${p.bioguide_id}`);
    const { full_name, top_tickers, ...totals } = row.total_trades === null ? { ...row, ...NO_TRADES, top_tickers: '[]' } : row;
    return { bioguide_id: p.bioguide_id, full_name, ...totals, top_tickers: JSON.parse(top_tickers ?? '[]') };
  },
});
