/** Aggregates: trending stocks per window, top traders over N days, the lake-wide summary, health. */
import { z } from 'zod';
import { booleanFlag, days, limit } from '../params';
import { defineRoute } from '../route';

const TRENDING_FIELDS = `ticker, time_window, as_of_date::VARCHAR AS as_of_date, total_transactions::INTEGER AS total_transactions,
  total_volume, buy_volume, sell_volume, net_volume, num_buyers::INTEGER AS num_buyers, num_sellers::INTEGER AS num_sellers,
  dem_transactions::INTEGER AS dem_transactions, rep_transactions::INTEGER AS rep_transactions, dem_buy_volume, rep_buy_volume,
  sentiment_score, first_trade_date::VARCHAR AS first_trade_date, last_trade_date::VARCHAR AS last_trade_date`;

const TRENDING_SQL = {
  real: `SELECT ${TRENDING_FIELDS} FROM trending_real WHERE time_window = ? ORDER BY total_volume DESC, ticker LIMIT ?`,
  all: `SELECT ${TRENDING_FIELDS} FROM trending_all WHERE time_window = ? ORDER BY total_volume DESC, ticker LIMIT ?`,
};

export const trendingStocks = defineRoute({
  path: '/v1/trending-stocks',
  summary: 'Most traded tickers in the last 7, 30 or 90 days before the gold as-of date (agg_trending_stocks).',
  params: z.strictObject({
    window: z.enum(['7d', '30d', '90d'], { message: 'must be 7d, 30d or 90d' }).default('7d'),
    limit: limit(50, 500),
    include_synthetic: booleanFlag.default(false),
  }),
  async handle(p, ctx) {
    const stocks = await ctx.db.all(p.include_synthetic ? TRENDING_SQL.all : TRENDING_SQL.real, [p.window, p.limit]);
    return { window: p.window, as_of_date: ctx.gold.asOfDate, stocks };
  },
});

export const topTraders = defineRoute({
  path: '/v1/top-traders',
  summary: 'Members by traded volume over the `days` days ending at the gold as-of date.',
  params: z.strictObject({ days: days.default(90), limit: limit(20, 100), include_synthetic: booleanFlag.default(false) }),
  async handle(p, ctx) {
    const asOf = ctx.gold.asOfDate;
    if (!asOf) return { days: p.days, as_of_date: null, traders: [] };
    // The window is a prefix of trader_days (serving-build.ts); names only for the members shown.
    const traders = await ctx.db.all(
      `WITH w AS (
         SELECT member_no, sum(trades)::INTEGER AS trades, sum(total_volume)::DOUBLE AS total_volume,
           sum(buy_volume)::DOUBLE AS buy_volume, sum(sell_volume)::DOUBLE AS sell_volume
         FROM trader_days WHERE days_back < ? AND (? OR NOT is_synthetic)
         GROUP BY member_no ORDER BY total_volume DESC, member_no LIMIT ?
       )
       SELECT m.bioguide_id, m.full_name, m.party, m.state, w.trades, w.total_volume, w.buy_volume, w.sell_volume
       FROM w JOIN members m ON m.member_no = w.member_no ORDER BY w.total_volume DESC, m.member_no`,
      [p.days, p.include_synthetic, p.limit],
    );
    return { days: p.days, as_of_date: asOf, traders };
  },
});

export const analyticsSummary = defineRoute({
  path: '/v1/analytics/summary',
  summary: 'Totals over every trade: counts by type and party, volume, date range.',
  params: z.strictObject({ include_synthetic: booleanFlag.default(false) }),
  async handle(p, ctx) {
    const [row] = await ctx.db.all(
      `SELECT total_trades::INTEGER AS total_trades, members_trading::INTEGER AS members_trading, tickers::INTEGER AS tickers,
         filings::INTEGER AS filings, total_volume::DOUBLE AS total_volume, purchases::INTEGER AS purchases, sales::INTEGER AS sales,
         exchanges::INTEGER AS exchanges, democrat_trades::INTEGER AS democrat_trades, republican_trades::INTEGER AS republican_trades,
         first_trade_date::VARCHAR AS first_trade_date, last_trade_date::VARCHAR AS last_trade_date
       FROM summary WHERE include_synthetic = ?`,
      [p.include_synthetic],
    );
    return { gold_version: ctx.gold.version, as_of_date: ctx.gold.asOfDate, ...(row ?? {}) };
  },
});

export const health = defineRoute({
  path: '/v1/health',
  summary: 'The gold version served, its build time and row counts.',
  params: z.strictObject({}),
  cacheControl: 'no-store',
  async handle(_p, ctx) {
    const { version, seq, builtAt, asOfDate, rowCounts } = ctx.gold;
    return { status: 'ok', gold_version: version, batch_seq: seq, built_at: builtAt, as_of_date: asOfDate, row_counts: rowCounts };
  },
});
