import { billIdSchema } from '@medallion/congress';
import type { Duck } from '@medallion/duck';
import { z } from 'zod';
import { type GoldFiles, iso, relation } from './gold';

/** GET /v1/bills/{id}: id is `<congress>-<type>-<number>`, e.g. 117-hr-21. */
export const billParamsSchema = z.object({ id: billIdSchema });

const BILL = {
  bill_id: 'VARCHAR',
  congress: 'INTEGER',
  bill_type: 'VARCHAR',
  bill_number: 'INTEGER',
  title: 'VARCHAR',
  origin_chamber: 'VARCHAR',
  introduced_date: 'VARCHAR',
  policy_area: 'VARCHAR',
  latest_action_date: 'VARCHAR',
  latest_action_text: 'VARCHAR',
  sponsor_bioguide_id: 'VARCHAR',
  cosponsor_count: 'INTEGER',
  is_synthetic: 'BOOLEAN',
};
const SPONSOR = {
  bill_id: 'VARCHAR',
  bioguide_id: 'VARCHAR',
  role: 'VARCHAR',
  sponsorship_date: 'VARCHAR',
  withdrawn_date: 'VARCHAR',
  party: 'VARCHAR',
  state: 'VARCHAR',
};
const ACTION = { bill_id: 'VARCHAR', action_seq: 'INTEGER', action_date: 'VARCHAR', action_type: 'VARCHAR', action_text: 'VARCHAR' };
const COMMITTEE = { bill_id: 'VARCHAR', committee_id: 'VARCHAR', committee_name: 'VARCHAR', chamber: 'VARCHAR' };

interface BillRow {
  [column: string]: unknown;
  bill_id: string;
  title: string;
  introduced_date: unknown;
  latest_action_date: unknown;
}

/** The bill with its sponsors, actions (oldest first) and committees; null when there is no such bill (404). */
export async function getBill(duck: Duck, gold: GoldFiles, params: z.infer<typeof billParamsSchema>) {
  const id = { id: params.id };
  const [bill] = await duck.all<BillRow>(`SELECT * FROM ${relation(gold.dim_bill, BILL)} WHERE bill_id = $id`, id);
  if (!bill) return null;
  const sponsors = await duck.all(
    `SELECT * EXCLUDE (bill_id) FROM ${relation(gold.bridge_bill_sponsor, SPONSOR)} WHERE bill_id = $id ORDER BY role DESC, bioguide_id`,
    id,
  );
  const actions = await duck.all(`SELECT * EXCLUDE (bill_id) FROM ${relation(gold.fact_bill_actions, ACTION)} WHERE bill_id = $id ORDER BY action_seq`, id);
  const committees = await duck.all(
    `SELECT * EXCLUDE (bill_id) FROM ${relation(gold.bridge_bill_committee, COMMITTEE)} WHERE bill_id = $id ORDER BY committee_id`,
    id,
  );
  return { ...bill, introduced_date: iso(bill.introduced_date), latest_action_date: iso(bill.latest_action_date), sponsors, actions, committees };
}
