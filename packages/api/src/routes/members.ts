/** /v1/members…: search, one member, their trades and their trading statistics. */
import { z } from 'zod';
import { bioguideId, booleanFlag, cursor, decodeCursor, encodeCursor, limit, nameQuery, party, state, tradeFilters, withDateRange } from '../params';
import { defineRoute, notFound, type RouteContext } from '../route';
import { tradePage } from '../trades-query';

const MEMBER_FIELDS = 'bioguide_id, full_name, party, state, district, is_current';

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
    const values: Record<keyof typeof SEARCH, unknown> = {
      q: p.q?.toLowerCase(),
      party: p.party,
      state: p.state,
      after: p.cursor === undefined ? undefined : decodeCursor(p.cursor, ctx.gold.version),
    };
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
    const member = await requireMember(p.bioguide_id, ctx);
    const args = [p.bioguide_id, p.include_synthetic];
    const [totals] = await ctx.db.all(
      `SELECT count(*)::INTEGER AS total_trades,
         count(*) FILTER (transaction_type = 'Purchase')::INTEGER AS purchases,
         count(*) FILTER (transaction_type IN ('Sale', 'Sale (Partial)'))::INTEGER AS sales,
         count(*) FILTER (transaction_type = 'Exchange')::INTEGER AS exchanges,
         coalesce(sum(amount_midpoint), 0)::DOUBLE AS total_volume,
         coalesce(sum(amount_midpoint) FILTER (transaction_type = 'Purchase'), 0)::DOUBLE AS buy_volume,
         coalesce(sum(amount_midpoint) FILTER (transaction_type IN ('Sale', 'Sale (Partial)')), 0)::DOUBLE AS sell_volume,
         count(DISTINCT ticker)::INTEGER AS distinct_tickers,
         count(DISTINCT doc_id)::INTEGER AS filings,
         min(transaction_date)::VARCHAR AS first_trade_date, max(transaction_date)::VARCHAR AS last_trade_date
       FROM trades_by_member WHERE bioguide_id = ? AND (? OR NOT is_synthetic)`,
      args,
    );
    const topTickers = await ctx.db.all(
      `SELECT ticker, count(*)::INTEGER AS trades, sum(amount_midpoint)::DOUBLE AS volume
       FROM trades_by_member WHERE bioguide_id = ? AND (? OR NOT is_synthetic) AND ticker IS NOT NULL
       GROUP BY ticker ORDER BY trades DESC, volume DESC, ticker LIMIT 5`,
      args,
    );
    return { bioguide_id: p.bioguide_id, full_name: member.full_name, ...totals, top_tickers: topTickers };
  },
});
