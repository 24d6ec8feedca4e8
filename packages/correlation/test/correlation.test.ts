import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Duck, openDuck, sqlPath, writeRowsToParquet } from '@medallion/duck';
import { buildCorrelations, type CorrelationInputs, INPUT_COLUMNS } from '../src/index';

/**
 * A hand-built gold lake: two bills, four members, ten trades, each trade placed to test one rule
 * (inside the window, at its edge, one day past it, a withdrawn cosponsor, a suspect date, no ticker,
 * sponsor beating committee for the same pair).
 */
const A = 'A000001';
const B = 'B000002';
const C = 'C000003';
const D = 'D000004';
const HR1 = '118-hr-1';
const S2 = '118-s-2';

const trade = (id: string, who: string, ticker: string | null, date: string, suspect: string | null = null) => ({
  transaction_id: id,
  bioguide_id: who,
  ticker,
  transaction_type: 'Purchase',
  transaction_date_key: Number(date.replaceAll('-', '')),
  amount_midpoint: 8000.5,
  date_suspect_reason: suspect,
  is_synthetic: false,
});

const fixture = {
  trades: [
    trade('T1', A, 'AAPL', '2024-03-10'), // 9 days after HR1 #1, 10 before #2: sponsor (also on HSBA: sponsor wins)
    trade('T2', A, 'AAPL', '2024-05-15'), // 56 days after HR1 #2: outside
    trade('T3', B, 'MSFT', '2024-03-25'), // cosponsor of HR1: +24 and +5
    trade('T4', B, 'NVDA', '2024-05-03'), // S2 #1 + 2 days, but B withdrew from S2 on 2024-04-15
    trade('T5', D, 'NVDA', '2024-04-20'), // D sits on SSBK, S2's committee: −11 days
    trade('T6', C, 'TSLA', '2024-05-31'), // S2 sponsor: exactly +30 (the window's edge)
    trade('T7', C, 'TSLA', '2024-06-01'), // +31: outside
    trade('T8', A, 'GOOG', '2024-03-02', 'future'), // suspect date: never evidence
    trade('T9', A, null, '2024-03-02'), // no ticker
    trade('T10', D, 'MSFT', '2024-01-01'), // no bill nearby; a second ticker D shares with B
  ],
  actions: [
    { bill_id: HR1, action_seq: 1, action_date: '2024-03-01', action_type: 'IntroReferral', action_text: 'Introduced in House' },
    { bill_id: HR1, action_seq: 2, action_date: '2024-03-20', action_type: 'Floor', action_text: 'Passed House' },
    { bill_id: S2, action_seq: 1, action_date: '2024-05-01', action_type: 'IntroReferral', action_text: 'Referred to committee' },
  ],
  sponsorships: [
    { bill_id: HR1, bioguide_id: A, role: 'sponsor', withdrawn_date: null },
    { bill_id: HR1, bioguide_id: B, role: 'cosponsor', withdrawn_date: null },
    { bill_id: S2, bioguide_id: C, role: 'sponsor', withdrawn_date: null },
    { bill_id: S2, bioguide_id: B, role: 'cosponsor', withdrawn_date: '2024-04-15' },
  ],
  billCommittees: [
    { bill_id: HR1, committee_id: 'HSBA' },
    { bill_id: S2, committee_id: 'SSBK' },
  ],
  bills: [
    { bill_id: HR1, is_synthetic: false },
    { bill_id: S2, is_synthetic: true }, // a generated bill: its correlations say so
  ],
  memberCommittees: [
    { bioguide_id: A, committee_id: 'HSBA' },
    { bioguide_id: D, committee_id: 'SSBK' },
  ],
};

describe('bill–trade correlations and the member network on a hand-built gold lake', () => {
  let dir: string;
  let duck: Duck;
  let out: { correlations: string; evidence: string; network: string };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'correlation-'));
    duck = await openDuck({ threads: 1 });
    const inputs = {} as CorrelationInputs;
    for (const [name, rows] of Object.entries(fixture) as [keyof CorrelationInputs, Record<string, unknown>[]][]) {
      const file = join(dir, `${name}.parquet`);
      await writeRowsToParquet(duck, rows, INPUT_COLUMNS[name], file, [Object.keys(INPUT_COLUMNS[name])[0]]);
      inputs[name] = [file];
    }
    out = { correlations: join(dir, 'out', 'c.parquet'), evidence: join(dir, 'out', 'e.parquet'), network: join(dir, 'out', 'n.parquet') };
    const result = await buildCorrelations(duck, { inputs, windowDays: 30, outputs: out });
    expect(result).toEqual({ correlations: 4, evidence: 6, networkEdges: 2, windowDays: 30 });
  });
  afterAll(async () => {
    duck?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const read = (file: string, columns: string) => duck.all(`SELECT ${columns} FROM read_parquet(${sqlPath(file)})`);

  test('correlation_evidence: exactly the six trade–action pairs, with relationship, days apart and weight', async () => {
    const rows = await read(
      out.evidence,
      'bill_id, bioguide_id, ticker, transaction_id, transaction_date::VARCHAR AS td, action_seq, action_date::VARCHAR AS ad, relationship, days_apart, weight',
    );
    const row = (
      bill_id: string,
      bioguide_id: string,
      ticker: string,
      transaction_id: string,
      td: string,
      action_seq: number,
      ad: string,
      relationship: string,
      days_apart: number,
      weight: number,
    ) => ({
      bill_id,
      bioguide_id,
      ticker,
      transaction_id,
      td,
      action_seq,
      ad,
      relationship,
      days_apart,
      weight,
    });
    expect(rows).toEqual([
      row(HR1, A, 'AAPL', 'T1', '2024-03-10', 1, '2024-03-01', 'sponsor', 9, 0.709677),
      row(HR1, A, 'AAPL', 'T1', '2024-03-10', 2, '2024-03-20', 'sponsor', -10, 0.677419),
      row(HR1, B, 'MSFT', 'T3', '2024-03-25', 1, '2024-03-01', 'cosponsor', 24, 0.158065),
      row(HR1, B, 'MSFT', 'T3', '2024-03-25', 2, '2024-03-20', 'cosponsor', 5, 0.587097),
      row(S2, C, 'TSLA', 'T6', '2024-05-31', 1, '2024-05-01', 'sponsor', 30, 0.032258),
      row(S2, D, 'NVDA', 'T5', '2024-04-20', 1, '2024-05-01', 'committee', -11, 0.258065),
    ]);
  });

  test('bill_trade_correlations: one row per bill, member and ticker, highest score first', async () => {
    const rows = await read(
      out.correlations,
      'bill_id, bioguide_id, ticker, relationship, trades, actions, evidence_rows, min_days_apart, first_trade_date::VARCHAR AS first, last_trade_date::VARCHAR AS last, score, window_days, is_synthetic',
    );
    const row = (
      bill_id: string,
      bioguide_id: string,
      ticker: string,
      relationship: string,
      actions: number,
      min_days_apart: number,
      day: string,
      score: number,
    ) => ({
      bill_id,
      bioguide_id,
      ticker,
      relationship,
      trades: 1,
      actions,
      evidence_rows: actions,
      min_days_apart,
      first: day,
      last: day,
      score,
      window_days: 30,
      is_synthetic: false,
    });
    expect(rows).toEqual([
      row(HR1, A, 'AAPL', 'sponsor', 2, 9, '2024-03-10', 1.3871),
      row(HR1, B, 'MSFT', 'cosponsor', 2, 5, '2024-03-25', 0.7452),
      { ...row(S2, D, 'NVDA', 'committee', 1, 11, '2024-04-20', 0.2581), is_synthetic: true },
      { ...row(S2, C, 'TSLA', 'sponsor', 1, 30, '2024-05-31', 0.0323), is_synthetic: true },
    ]);
    const [ids] = await duck.all(`SELECT count(DISTINCT correlation_id)::INTEGER AS n FROM read_parquet(${sqlPath(out.correlations)})`);
    expect(ids).toEqual({ n: 4 });
  });

  test('member_network_edges: cosponsorship (withdrawn cosponsors left out) and common tickers (suspect dates left out)', async () => {
    expect(await read(out.network, "member_a, member_b, edge_type, weight, array_to_string(shared, ',') AS shared")).toEqual([
      { member_a: A, member_b: B, edge_type: 'cosponsorship', weight: 1, shared: HR1 },
      { member_a: B, member_b: D, edge_type: 'common_ticker', weight: 2, shared: 'MSFT,NVDA' },
    ]);
  });

  test('the window is a parameter: ±0 days finds nothing here; a bad window is refused', async () => {
    const inputs = Object.fromEntries(Object.keys(fixture).map((k) => [k, [join(dir, `${k}.parquet`)]])) as CorrelationInputs;
    const zero = { correlations: join(dir, 'z', 'c.parquet'), evidence: join(dir, 'z', 'e.parquet'), network: join(dir, 'z', 'n.parquet') };
    expect((await buildCorrelations(duck, { inputs, windowDays: 0, outputs: zero })).evidence).toBe(0);
    await expect(buildCorrelations(duck, { inputs, windowDays: -1, outputs: zero })).rejects.toThrow(/windowDays/);
  });
});
