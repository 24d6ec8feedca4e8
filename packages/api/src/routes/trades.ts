/** Trade lists that are not a member's: recent transactions, a stock's trades, one filing. */
import { z } from 'zod';
import { booleanFlag, docId, ticker, tradeFilters, withDateRange } from '../params';
import { defineRoute, notFound } from '../route';
import { TRADE_FIELDS, tradePage } from '../trades-query';

export const recentTransactions = defineRoute({
  path: '/v1/transactions/recent',
  summary: 'Every trade, newest first, with filters and a cursor.',
  params: withDateRange(tradeFilters),
  handle: (p, ctx) => tradePage(p, ctx),
});

export const stockTrades = defineRoute({
  path: '/v1/stocks/{ticker}/trades',
  summary: "A ticker's trades, newest first, with filters and a cursor.",
  params: withDateRange({ ...tradeFilters, ticker }),
  async handle(p, ctx) {
    const page = await tradePage(p, ctx);
    // An empty page is a 404 only when the ticker has no trade at all (filters may exclude every one).
    if (page.trades.length === 0 && (await ctx.db.all('SELECT 1 FROM trades_by_ticker WHERE ticker = ? LIMIT 1', [p.ticker])).length === 0) {
      throw notFound(`ticker ${p.ticker}`);
    }
    return page;
  },
});

export const getFiling = defineRoute({
  path: '/v1/filings/{doc_id}',
  summary: 'One periodic transaction report (PTR) and its trades.',
  params: z.strictObject({ doc_id: docId, include_synthetic: booleanFlag.default(false) }),
  async handle(p, ctx) {
    const [range] = await ctx.db.all<{ first_seq: number; last_seq: number }>('SELECT first_seq, last_seq FROM filings WHERE doc_id = ?', [p.doc_id]);
    const trades = range
      ? await ctx.db.all<{ bioguide_id: string | null; full_name: string | null }>(
          `SELECT ${TRADE_FIELDS} FROM trades WHERE seq BETWEEN ? AND ? AND doc_id = ? AND (? OR NOT is_synthetic) ORDER BY seq`,
          [range.first_seq, range.last_seq, p.doc_id, p.include_synthetic],
        )
      : [];
    const first = trades[0];
    if (!first) throw notFound(`filing ${p.doc_id}`);
    return { doc_id: p.doc_id, bioguide_id: first.bioguide_id, full_name: first.full_name, transactions: trades };
  },
});
