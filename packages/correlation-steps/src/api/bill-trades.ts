import { billIdSchema } from '@medallion/congress';
import type { Duck } from '@medallion/duck';
import { z } from 'zod';
import { type GoldFiles, relation } from './gold';

/** GET /v1/bills/{id}/trades?limit=&offset= */
export const billTradesParamsSchema = z.object({
  id: billIdSchema,
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const CORRELATION = {
  correlation_id: 'VARCHAR',
  bill_id: 'VARCHAR',
  bioguide_id: 'VARCHAR',
  ticker: 'VARCHAR',
  relationship: 'VARCHAR',
  trades: 'INTEGER',
  actions: 'INTEGER',
  min_days_apart: 'INTEGER',
  score: 'DOUBLE',
  window_days: 'INTEGER',
  is_synthetic: 'BOOLEAN',
};
const EVIDENCE = {
  correlation_id: 'VARCHAR',
  bill_id: 'VARCHAR',
  transaction_id: 'VARCHAR',
  transaction_date: 'VARCHAR',
  transaction_type: 'VARCHAR',
  amount_midpoint: 'DOUBLE',
  action_seq: 'INTEGER',
  action_date: 'VARCHAR',
  action_text: 'VARCHAR',
  days_apart: 'INTEGER',
  weight: 'DOUBLE',
};

interface CorrelationRow {
  [column: string]: unknown;
  correlation_id: string;
  bioguide_id: string;
  ticker: string;
  relationship: string;
  score: number;
}

/** Trades by the bill's sponsors, cosponsors and committee members near its actions: correlations (score first) with their evidence rows. */
export async function getBillTrades(duck: Duck, gold: GoldFiles, params: z.infer<typeof billTradesParamsSchema>) {
  const args = { id: params.id, limit: params.limit, offset: params.offset };
  const page = `SELECT * FROM ${relation(gold.bill_trade_correlations, CORRELATION)} WHERE bill_id = $id
     ORDER BY score DESC, bioguide_id, ticker LIMIT $limit OFFSET $offset`;
  const correlations = await duck.all<CorrelationRow>(`SELECT * EXCLUDE (bill_id) FROM (${page})`, args);
  const evidence = await duck.all(
    `SELECT e.* EXCLUDE (bill_id) FROM ${relation(gold.correlation_evidence, EVIDENCE)} e SEMI JOIN (${page}) p USING (correlation_id)
     ORDER BY correlation_id, transaction_date, transaction_id, action_seq`,
    args,
  );
  return {
    bill_id: params.id,
    correlations: correlations.map((c) => ({
      ...c,
      evidence: evidence.filter((e) => e.correlation_id === c.correlation_id).map(({ correlation_id: _, ...e }) => e),
    })),
    limit: params.limit,
    offset: params.offset,
    note: 'A correlation is a coincidence in time between a trade and an action on a bill the member is linked to; it is not evidence of wrongdoing.',
  };
}
