/**
 * Every endpoint on the fixture lake (test/helpers/fixture-lake.ts), with the exact JSON it
 * must return, plus the HTTP shaping: 404s, CORS, Cache-Control, ETag and 304.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testApi, type TestApi } from './helpers/api';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
}, 60_000);
afterAll(() => t.serving.close());

const ALICE = { bioguide_id: 'A000001', full_name: 'Alice Adams' };
const BOB = { bioguide_id: 'B000002', full_name: "Bob O'Brien", party: 'Republican', state: 'TX', district: 7 };
const CAROL = { bioguide_id: 'C000003', full_name: 'Carol Chen', party: 'Democrat', state: 'NY', district: null };
const ALICE_DEM = { ...ALICE, party: 'Democrat', state: 'CA', district: 11 };
const ALICE_IND = { ...ALICE, party: 'Independent', state: 'CA', district: 11 };
const NOBODY = { bioguide_id: null, full_name: null, party: null, state: null, district: null };

/** One trade as the API returns it (fields in the documented order). */
function trade(id: string, date: string, ticker: string | null, type: string, low: number, high: number | null, member: object, extra: object = {}) {
  return {
    transaction_id: id,
    doc_id: id.split('-')[0],
    transaction_date: date,
    notification_date: '2025-03-03',
    ticker,
    asset_name: ticker ? `${ticker} Common Stock` : null,
    transaction_type: type,
    owner: null,
    amount_low: low,
    amount_high: high,
    amount_midpoint: high === null ? low : (low + high) / 2,
    ...member,
    ...extra,
  };
}

const TRADES = {
  a1: trade('10000001-001', '2024-12-20', 'AAPL', 'Purchase', 1001, 15000, ALICE_DEM),
  a2: trade('10000001-002', '2024-12-20', 'MSFT', 'Sale', 15001, 50000, ALICE_DEM),
  b1: trade('10000002-001', '2025-01-10', 'AAPL', 'Sale (Partial)', 50001, 100000, BOB),
  b2: trade('10000002-002', '2025-01-10', 'NVDA', 'Purchase', 1001, 15000, BOB, { owner: 'SP' }),
  c1: trade('10000003-001', '2025-02-03', 'AAPL', 'Purchase', 250001, 500000, CAROL, { owner: 'JT' }),
  c2: trade('10000003-002', '2025-02-03', null, 'Purchase', 1001, 15000, CAROL, { asset_name: 'US Treasury Bill' }),
  a3: trade('10000004-001', '2025-02-20', 'AAPL', 'Sale', 1001, 15000, ALICE_IND),
  a4: trade('10000004-002', '2025-02-20', 'NVDA', 'Exchange', 1001, 15000, ALICE_IND),
  x1: trade('10000005-001', '2025-02-25', 'TSLA', 'Purchase', 1001, 15000, NOBODY),
  b3: trade('10000006-001', '2025-03-01', 'MSFT', 'Purchase', 50000001, null, BOB),
  synthetic: trade('10000007-001', '2025-03-02', 'GME', 'Purchase', 1001, 15000, BOB),
  suspect: trade('10000008-001', '2202-09-19', 'AAPL', 'Sale', 1001, 15000, CAROL),
};

describe('members', () => {
  it('lists and searches members', async () => {
    expect(await t.json('/v1/members?q=BRIEN')).toEqual({
      members: [{ bioguide_id: 'B000002', full_name: "Bob O'Brien", party: 'Republican', state: 'TX', district: 7, is_current: true }],
      next_cursor: null,
    });
    expect(await t.json("/v1/members?q=o'brien&state=tx")).toEqual(await t.json('/v1/members?q=BRIEN'));
    expect(await t.json('/v1/members?party=Democrat')).toEqual({ members: [{ ...CAROL, is_current: true }], next_cursor: null });
    const first = (await t.json('/v1/members?limit=2')) as { members: { bioguide_id: string }[]; next_cursor: string };
    expect(first.members.map((m) => m.bioguide_id)).toEqual(['A000001', 'B000002']);
    expect(await t.json(`/v1/members?limit=2&cursor=${first.next_cursor}`)).toEqual({ members: [{ ...CAROL, is_current: true }], next_cursor: null });
  });

  it('returns one member with every dated version', async () => {
    expect(await t.json('/v1/members/A000001')).toEqual({
      ...ALICE_IND,
      is_current: true,
      versions: [
        { party: 'Democrat', state: 'CA', district: 11, valid_from: '2019-01-03', valid_to: '2025-01-02' },
        { party: 'Independent', state: 'CA', district: 11, valid_from: '2025-01-03', valid_to: '9999-12-31' },
      ],
    });
  });

  it("lists a member's trades with the party as of each trade date", async () => {
    expect(await t.json('/v1/members/A000001/trades')).toEqual({ trades: [TRADES.a4, TRADES.a3, TRADES.a2, TRADES.a1], next_cursor: null });
    expect(await t.json('/v1/members/B000002/trades')).toEqual({ trades: [TRADES.b3, TRADES.b2, TRADES.b1], next_cursor: null });
    expect(await t.json('/v1/members/B000002/trades?include_synthetic=true&type=Purchase')).toEqual({
      trades: [TRADES.synthetic, TRADES.b3, TRADES.b2],
      next_cursor: null,
    });
    expect(await t.json('/v1/members/A000001/trades?party=Democrat&ticker=msft')).toEqual({ trades: [TRADES.a2], next_cursor: null });
  });

  it("sums a member's trading", async () => {
    expect(await t.json('/v1/members/A000001/stats')).toEqual({
      ...ALICE,
      total_trades: 4,
      purchases: 1,
      sales: 2,
      exchanges: 1,
      total_volume: 56502,
      buy_volume: 8000.5,
      sell_volume: 40501,
      distinct_tickers: 3,
      filings: 2,
      first_trade_date: '2024-12-20',
      last_trade_date: '2025-02-20',
      top_tickers: [
        { ticker: 'AAPL', trades: 2, volume: 16001 },
        { ticker: 'MSFT', trades: 1, volume: 32500.5 },
        { ticker: 'NVDA', trades: 1, volume: 8000.5 },
      ],
    });
  });
});

describe('trades', () => {
  it('lists recent transactions newest first; suspect dates last; synthetic only on request', async () => {
    const all = [TRADES.b3, TRADES.x1, TRADES.a4, TRADES.a3, TRADES.c2, TRADES.c1, TRADES.b2, TRADES.b1, TRADES.a2, TRADES.a1, TRADES.suspect];
    expect(await t.json('/v1/transactions/recent')).toEqual({ trades: all, next_cursor: null });
    expect(((await t.json('/v1/transactions/recent?include_synthetic=true')) as { trades: unknown[] }).trades).toEqual([TRADES.synthetic, ...all]);
    expect(await t.json('/v1/transactions/recent?from=2025-01-10&to=2025-02-03&state=NY')).toEqual({ trades: [TRADES.c2, TRADES.c1], next_cursor: null });
    expect(await t.json('/v1/transactions/recent?type=Sale%20(Partial)')).toEqual({ trades: [TRADES.b1], next_cursor: null });
  });

  it("lists a stock's trades", async () => {
    expect(await t.json('/v1/stocks/nvda/trades')).toEqual({ trades: [TRADES.a4, TRADES.b2], next_cursor: null });
    expect(await t.json('/v1/stocks/AAPL/trades?party=Democrat')).toEqual({ trades: [TRADES.c1, TRADES.a1, TRADES.suspect], next_cursor: null });
  });

  it('returns a filing with its transactions', async () => {
    expect(await t.json('/v1/filings/10000002')).toEqual({
      doc_id: '10000002',
      bioguide_id: 'B000002',
      full_name: "Bob O'Brien",
      transactions: [TRADES.b2, TRADES.b1],
    });
  });
});

describe('analytics', () => {
  const msft7d = {
    ticker: 'MSFT',
    time_window: '7d',
    as_of_date: '2025-03-02',
    total_transactions: 1,
    total_volume: 50000001,
    buy_volume: 50000001,
    sell_volume: 0,
    net_volume: 50000001,
    num_buyers: 1,
    num_sellers: 0,
    dem_transactions: 0,
    rep_transactions: 1,
    dem_buy_volume: 0,
    rep_buy_volume: 50000001,
    sentiment_score: 1,
    first_trade_date: '2025-03-01',
    last_trade_date: '2025-03-01',
  };
  const tsla7d = {
    ...msft7d,
    ticker: 'TSLA',
    total_volume: 8000.5,
    buy_volume: 8000.5,
    net_volume: 8000.5,
    num_buyers: 0,
    rep_transactions: 0,
    rep_buy_volume: 0,
    first_trade_date: '2025-02-25',
    last_trade_date: '2025-02-25',
  };

  it('trending stocks: the window applies; synthetic trades only on request', async () => {
    expect(await t.json('/v1/trending-stocks')).toEqual({ window: '7d', as_of_date: '2025-03-02', stocks: [msft7d, tsla7d] });
    const withSynthetic = (await t.json('/v1/trending-stocks?include_synthetic=true')) as { stocks: { ticker: string }[] };
    expect(withSynthetic.stocks.map((s) => s.ticker)).toEqual(['MSFT', 'GME', 'TSLA']);
    const tickers = async (w: string) => ((await t.json(`/v1/trending-stocks?window=${w}`)) as { stocks: { ticker: string }[] }).stocks.map((s) => s.ticker);
    expect(await tickers('30d')).toEqual(['MSFT', 'AAPL', 'TSLA']);
    expect(await tickers('90d')).toEqual(['MSFT', 'AAPL', 'NVDA', 'TSLA']); // NVDA and TSLA tie on volume: ticker order
  });

  it('top traders over the days asked for', async () => {
    expect(await t.json('/v1/top-traders?days=7')).toEqual({
      days: 7,
      as_of_date: '2025-03-02',
      traders: [{ ...BOB, district: undefined, trades: 1, total_volume: 50000001, buy_volume: 50000001, sell_volume: 0 }].map(({ district: _d, ...r }) => r),
    });
    const traders = (await t.json('/v1/top-traders')) as { days: number; traders: { bioguide_id: string; trades: number }[] };
    expect(traders.days).toBe(90);
    expect(traders.traders.map((r) => [r.bioguide_id, r.trades])).toEqual([
      ['B000002', 3],
      ['C000003', 2],
      ['A000001', 4],
    ]);
  });

  it('summary and health', async () => {
    expect(await t.json('/v1/analytics/summary')).toEqual({
      gold_version: expect.stringMatching(/^000002-[0-9a-f]{12}$/),
      as_of_date: '2025-03-02',
      total_trades: 11,
      members_trading: 3,
      tickers: 4,
      filings: 7,
      total_volume: 50538506,
      purchases: 6,
      sales: 4,
      exchanges: 1,
      democrat_trades: 5,
      republican_trades: 3,
      first_trade_date: '2024-12-20',
      last_trade_date: '2025-03-01',
    });
    expect(await t.json('/v1/health')).toEqual({
      status: 'ok',
      gold_version: expect.stringMatching(/^000002-[0-9a-f]{12}$/),
      batch_seq: 2,
      built_at: '2025-03-05T06:00:00Z',
      as_of_date: '2025-03-02',
      row_counts: { trades: 12, members: 3, member_versions: 4, trending: 12 },
    });
  });
});

describe('HTTP shaping', () => {
  it('404 for unknown ids and paths', async () => {
    for (const [url, message] of [
      ['/v1/members/Z999999', 'member Z999999 not found'],
      ['/v1/members/Z999999/trades', 'member Z999999 not found'],
      ['/v1/members/Z999999/stats', 'member Z999999 not found'],
      ['/v1/stocks/ZZZZ/trades', 'ticker ZZZZ not found'],
      ['/v1/filings/99999999', 'filing 99999999 not found'],
      ['/v1/filings/10000007', 'filing 10000007 not found'], // synthetic only
      ['/v1/nothing', 'no such endpoint'],
    ]) {
      const r = await t.get(url!);
      expect([url, r.statusCode, JSON.parse(r.body)]).toEqual([url, 404, { error: message }]);
    }
  });

  it('CORS, Cache-Control and ETag from the gold version; If-None-Match → 304', async () => {
    const r = await t.get('/v1/members/A000001');
    const version = ((await t.json('/v1/health')) as { gold_version: string }).gold_version;
    expect(r.headers).toMatchObject({ 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=60', etag: `"${version}"` });
    expect((await t.get('/v1/members/A000001', { 'if-none-match': `"${version}"` })).statusCode).toBe(304);
    expect((await t.get('/v1/members/A000001', { 'if-none-match': '"older"' })).statusCode).toBe(200);
    expect((await t.get('/v1/health')).headers['cache-control']).toBe('no-store');
    const preflight = await t.api.handle({ rawPath: '/v1/members', requestContext: { http: { method: 'OPTIONS' } } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET, OPTIONS');
    const post = await t.api.handle({ rawPath: '/v1/members', requestContext: { http: { method: 'POST' } } });
    expect(post.statusCode).toBe(405);
  });
});
