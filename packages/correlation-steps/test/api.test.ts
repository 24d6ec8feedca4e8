import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCorrelations, INPUT_COLUMNS } from '@medallion/correlation';
import { type Duck, openDuck, writeRowsToParquet } from '@medallion/duck';
import {
  billParamsSchema,
  billTradesParamsSchema,
  correlationsParamsSchema,
  getBill,
  getBillTrades,
  getMemberNetwork,
  type GoldFiles,
  listCorrelations,
  memberNetworkParamsSchema,
} from '../src/index';

/** A fixture gold lake: one bill (117-hr-21, its real sponsor and cosponsors), three trades around its actions. */
const HR21 = '117-hr-21';
const CONNOLLY = 'C001078';
const COMER = 'C001108';
const HICE = 'H001071';

describe('serving-layer query functions over a fixture gold lake', () => {
  let dir: string;
  let duck: Duck;
  let gold: GoldFiles;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'correlation-api-'));
    duck = await openDuck({ threads: 1 });
    const write = async (name: string, rows: Record<string, unknown>[], columns: Record<string, string>) => {
      const file = join(dir, `${name}.parquet`);
      await writeRowsToParquet(duck, rows, columns, file, [Object.keys(columns)[0]]);
      return [file];
    };
    const actions = [
      { bill_id: HR21, action_seq: 1, action_date: '2021-01-04', action_type: 'IntroReferral', action_text: 'Introduced in House' },
      { bill_id: HR21, action_seq: 2, action_date: '2021-01-05', action_type: 'Floor', action_text: 'Passed House' },
    ];
    const sponsors = [
      { bill_id: HR21, bioguide_id: CONNOLLY, role: 'sponsor', withdrawn_date: null },
      { bill_id: HR21, bioguide_id: COMER, role: 'cosponsor', withdrawn_date: null },
      { bill_id: HR21, bioguide_id: HICE, role: 'cosponsor', withdrawn_date: null },
    ];
    const trade = (id: string, who: string, ticker: string, key: number) => ({
      transaction_id: id,
      bioguide_id: who,
      ticker,
      transaction_type: 'Purchase',
      transaction_date_key: key,
      amount_midpoint: 8000.5,
      date_suspect_reason: null,
      is_synthetic: false,
    });
    const inputs = {
      trades: await write(
        'trades',
        [trade('T1', CONNOLLY, 'MSFT', 20210110), trade('T2', COMER, 'MSFT', 20210301), trade('T3', HICE, 'AMZN', 20210104)],
        INPUT_COLUMNS.trades,
      ),
      actions: await write('actions', actions, INPUT_COLUMNS.actions),
      sponsorships: await write('sponsorships', sponsors, INPUT_COLUMNS.sponsorships),
      billCommittees: await write('bill_committees', [{ bill_id: HR21, committee_id: 'HSGO' }], INPUT_COLUMNS.billCommittees),
      memberCommittees: await write('member_committees', [], INPUT_COLUMNS.memberCommittees),
      bills: await write('bills', [{ bill_id: HR21, is_synthetic: false }], INPUT_COLUMNS.bills),
    };
    const outputs = { correlations: join(dir, 'c.parquet'), evidence: join(dir, 'e.parquet'), network: join(dir, 'n.parquet') };
    await buildCorrelations(duck, { inputs, windowDays: 30, outputs });
    gold = {
      dim_bill: await write(
        'dim_bill',
        [
          {
            bill_id: HR21,
            congress: 117,
            bill_type: 'hr',
            bill_number: 21,
            title: 'FedRAMP Authorization Act',
            origin_chamber: 'House',
            introduced_date: '2021-01-04',
            policy_area: 'Government Operations and Politics',
            latest_action_date: '2021-01-06',
            latest_action_text: 'Received in the Senate',
            sponsor_bioguide_id: CONNOLLY,
            cosponsor_count: 2,
            is_synthetic: false,
          },
        ],
        {
          bill_id: 'VARCHAR',
          congress: 'INTEGER',
          bill_type: 'VARCHAR',
          bill_number: 'INTEGER',
          title: 'VARCHAR',
          origin_chamber: 'VARCHAR',
          introduced_date: 'DATE',
          policy_area: 'VARCHAR',
          latest_action_date: 'DATE',
          latest_action_text: 'VARCHAR',
          sponsor_bioguide_id: 'VARCHAR',
          cosponsor_count: 'INTEGER',
          is_synthetic: 'BOOLEAN',
        },
      ),
      bridge_bill_sponsor: await write(
        'bridge_bill_sponsor',
        sponsors.map((s) => ({ ...s, sponsorship_date: '2021-01-04', party: s.bioguide_id === CONNOLLY ? 'D' : 'R', state: null })),
        { bill_id: 'VARCHAR', bioguide_id: 'VARCHAR', role: 'VARCHAR', sponsorship_date: 'DATE', withdrawn_date: 'DATE', party: 'VARCHAR', state: 'VARCHAR' },
      ),
      fact_bill_actions: inputs.actions,
      bridge_bill_committee: await write(
        'bridge_bill_committee',
        [{ bill_id: HR21, committee_id: 'HSGO', committee_name: 'Oversight and Reform Committee', chamber: 'House' }],
        { bill_id: 'VARCHAR', committee_id: 'VARCHAR', committee_name: 'VARCHAR', chamber: 'VARCHAR' },
      ),
      bill_trade_correlations: [outputs.correlations],
      correlation_evidence: [outputs.evidence],
      member_network_edges: [outputs.network],
    };
  });
  afterAll(async () => {
    duck?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('/v1/bills/{id}: the bill, sponsors, actions and committees; null for an unknown bill; a bad id is refused', async () => {
    const body = await getBill(duck, gold, billParamsSchema.parse({ id: HR21 }));
    expect(body).toMatchObject({ bill_id: HR21, title: 'FedRAMP Authorization Act', introduced_date: '2021-01-04', sponsor_bioguide_id: CONNOLLY });
    expect(body?.sponsors.map((s) => [s.bioguide_id, s.role])).toEqual([
      [CONNOLLY, 'sponsor'],
      [COMER, 'cosponsor'],
      [HICE, 'cosponsor'],
    ]);
    expect(body?.actions.map((a) => a.action_seq)).toEqual([1, 2]);
    expect(body?.committees).toEqual([{ committee_id: 'HSGO', committee_name: 'Oversight and Reform Committee', chamber: 'House' }]);
    expect(await getBill(duck, gold, billParamsSchema.parse({ id: '117-hr-9999' }))).toBeNull();
    expect(billParamsSchema.safeParse({ id: "117-hr-21'; DROP TABLE x" }).success).toBe(false);
  });

  test('/v1/bills/{id}/trades: correlations with their evidence, score first', async () => {
    const body = await getBillTrades(duck, gold, billTradesParamsSchema.parse({ id: HR21 }));
    // T1: sponsor, +6 and +5 days; T3: cosponsor, 0 and −1 days; T2 (+55 days) is outside ±30.
    expect(body.correlations.map((c) => [c.bioguide_id, c.ticker, c.relationship, c.score, c.evidence.length])).toEqual(
      [
        [CONNOLLY, 'MSFT', 'sponsor', 1.6452],
        [HICE, 'AMZN', 'cosponsor', 1.3774],
      ].map((r) => [...r, 2]),
    );
    expect(body.correlations[0].evidence[0]).toEqual({
      transaction_id: 'T1',
      transaction_date: '2021-01-10',
      transaction_type: 'Purchase',
      amount_midpoint: 8000.5,
      action_seq: 1,
      action_date: '2021-01-04',
      action_text: 'Introduced in House',
      days_apart: 6,
      weight: 0.806452,
    });
    expect(body.note).toMatch(/not evidence of wrongdoing/);
    expect((await getBillTrades(duck, gold, billTradesParamsSchema.parse({ id: HR21, limit: 1, offset: 1 }))).correlations.map((c) => c.bioguide_id)).toEqual([
      HICE,
    ]);
  });

  test('/v1/members/{id}/network: edges from the member’s side, filterable by kind', async () => {
    const body = await getMemberNetwork(duck, gold, memberNetworkParamsSchema.parse({ id: COMER }));
    expect(body.edges).toEqual([
      { member: CONNOLLY, edge_type: 'common_ticker', weight: 1, shared: ['MSFT'] },
      { member: CONNOLLY, edge_type: 'cosponsorship', weight: 1, shared: [HR21] },
      { member: HICE, edge_type: 'cosponsorship', weight: 1, shared: [HR21] },
    ]);
    const only = await getMemberNetwork(duck, gold, memberNetworkParamsSchema.parse({ id: COMER, edge_type: 'common_ticker' }));
    expect(only.edges.map((e) => e.member)).toEqual([CONNOLLY]);
  });

  test('/v1/correlations: filters and a total', async () => {
    expect(await listCorrelations(duck, gold, correlationsParamsSchema.parse({ ticker: 'AMZN' }))).toMatchObject({
      total: 1,
      correlations: [{ bill_id: HR21, bioguide_id: HICE, ticker: 'AMZN' }],
    });
    expect((await listCorrelations(duck, gold, correlationsParamsSchema.parse({ min_score: '1.5' }))).total).toBe(1);
    expect(correlationsParamsSchema.safeParse({ ticker: "x' OR 1=1" }).success).toBe(false);
  });
});
