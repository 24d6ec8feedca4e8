/**
 * Trade lists page by page against a plain DuckDB query of the same gold Parquet (not the
 * serving database): every page size, with and without filters, gives exactly the plain
 * query's rows in its order, and the same cursor gives the same page again.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { openDuck, sqlPath, type Duck } from '@medallion/duck';
import { goldKey } from './helpers/fixture-lake';
import { testApi, type TestApi } from './helpers/api';

let t: TestApi;
let duck: Duck;
beforeAll(async () => {
  t = await testApi();
  duck = await openDuck({ threads: 1 });
}, 60_000);
afterAll(() => {
  t.serving.close();
  duck.close();
});

interface Filters {
  member?: string;
  ticker?: string;
  from?: string;
  to?: string;
  type?: string;
  party?: string;
  state?: string;
  synthetic?: boolean;
}

/** The reference: gold facts joined to dim_member by member_key, newest first (suspect dates last). */
async function plainIds(f: Filters): Promise<string[]> {
  const at = (key: string) => sqlPath(join(t.lakeDir, key));
  const rows = await duck.all<{ transaction_id: string }>(
    `SELECT f.transaction_id
     FROM read_parquet(${at('gold/house_fd/fact_ptr_transactions/*.parquet')}) f
     LEFT JOIN read_parquet(${at(goldKey.dimMember)}) m ON m.member_key = f.member_key
     WHERE ($member IS NULL OR f.bioguide_id = $member) AND ($ticker IS NULL OR f.ticker = $ticker)
       AND ($from IS NULL OR f.transaction_date_key >= $from) AND ($to IS NULL OR f.transaction_date_key <= $to)
       AND ($type IS NULL OR f.transaction_type = $type) AND ($party IS NULL OR m.party = $party)
       AND ($state IS NULL OR m.state = $state) AND ($synthetic OR NOT f.is_synthetic)
     ORDER BY f.date_suspect_reason IS NOT NULL, f.transaction_date_key DESC NULLS LAST, f.transaction_id DESC`,
    {
      member: f.member ?? null,
      ticker: f.ticker ?? null,
      from: f.from ? Number(f.from.replaceAll('-', '')) : null,
      to: f.to ? Number(f.to.replaceAll('-', '')) : null,
      type: f.type ?? null,
      party: f.party ?? null,
      state: f.state ?? null,
      synthetic: f.synthetic ?? false,
    },
  );
  return rows.map((r) => r.transaction_id);
}

async function pagedIds(base: string, query: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const q = [query, `limit=${limit}`, cursor ? `cursor=${cursor}` : ''].filter(Boolean).join('&');
    const body = (await t.json(`${base}?${q}`)) as { trades: { transaction_id: string }[]; next_cursor: string | null };
    expect(body.trades.length).toBeLessThanOrEqual(limit);
    if (cursor) expect(await t.json(`${base}?${q}`)).toEqual(body); // a cursor is stable while gold does not change
    ids.push(...body.trades.map((r) => r.transaction_id));
    cursor = body.next_cursor;
    if (!cursor) return ids;
  }
  throw new Error('too many pages');
}

const CASES: [string, string, Filters][] = [
  ['/v1/transactions/recent', '', {}],
  ['/v1/transactions/recent', 'include_synthetic=true', { synthetic: true }],
  ['/v1/transactions/recent', 'party=Democrat', { party: 'Democrat' }],
  ['/v1/transactions/recent', 'from=2025-01-01&to=2025-02-28&type=Purchase', { from: '2025-01-01', to: '2025-02-28', type: 'Purchase' }],
  ['/v1/transactions/recent', 'state=CA&ticker=AAPL', { state: 'CA', ticker: 'AAPL' }],
  ['/v1/members/A000001/trades', '', { member: 'A000001' }],
  ['/v1/members/B000002/trades', 'include_synthetic=true', { member: 'B000002', synthetic: true }],
  ['/v1/members/C000003/trades', 'to=2025-12-31', { member: 'C000003', to: '2025-12-31' }],
  ['/v1/stocks/AAPL/trades', '', { ticker: 'AAPL' }],
  ['/v1/stocks/MSFT/trades', 'party=Republican', { ticker: 'MSFT', party: 'Republican' }],
];

describe('trade lists page by page = a plain DuckDB query of gold', () => {
  it.each(CASES)('%s?%s', async (base, query, filters) => {
    const expected = await plainIds(filters);
    expect(expected.length).toBeGreaterThan(0);
    for (const limit of [1, 2, 3, 5, 500]) expect([limit, await pagedIds(base, query, limit)]).toEqual([limit, expected]);
  });

  it('limit defaults to 100 and stops at 500', async () => {
    expect((await t.get('/v1/transactions/recent?limit=501')).statusCode).toBe(400);
    expect((await t.get('/v1/transactions/recent?limit=0')).statusCode).toBe(400);
  });
});
