import type { Duck } from '@medallion/duck';
import { z } from 'zod';
import { type GoldFiles, relation } from './gold';

/** GET /v1/correlations?bioguide_id=&ticker=&relationship=&min_score=&limit=&offset= */
export const correlationsParamsSchema = z.object({
  bioguide_id: z
    .string()
    .regex(/^[A-Z]\d{6}$/, 'a bioguide id like P000197')
    .optional(),
  ticker: z
    .string()
    .regex(/^[A-Z0-9.-]{1,12}$/, 'a ticker like NVDA')
    .optional(),
  relationship: z.enum(['sponsor', 'cosponsor', 'committee']).optional(),
  min_score: z.coerce.number().min(0).default(0),
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
  first_trade_date: 'VARCHAR',
  last_trade_date: 'VARCHAR',
  score: 'DOUBLE',
  window_days: 'INTEGER',
  is_synthetic: 'BOOLEAN',
};

/** Correlations, highest score first, filtered; `total` counts every match. */
export async function listCorrelations(duck: Duck, gold: GoldFiles, params: z.infer<typeof correlationsParamsSchema>) {
  const where = `($bioguide_id IS NULL OR bioguide_id = $bioguide_id) AND ($ticker IS NULL OR ticker = $ticker)
     AND ($relationship IS NULL OR relationship = $relationship) AND score >= $min_score`;
  const filters = {
    bioguide_id: params.bioguide_id ?? null,
    ticker: params.ticker ?? null,
    relationship: params.relationship ?? null,
    min_score: params.min_score,
  };
  const rows = await duck.all(
    `SELECT * FROM ${relation(gold.bill_trade_correlations, CORRELATION)} WHERE ${where}
     ORDER BY score DESC, bill_id, bioguide_id, ticker LIMIT $limit OFFSET $offset`,
    { ...filters, limit: params.limit, offset: params.offset },
  );
  const total = await duck.scalar<number>(`SELECT count(*)::INTEGER FROM ${relation(gold.bill_trade_correlations, CORRELATION)} WHERE ${where}`, filters);
  return { correlations: rows, total, limit: params.limit, offset: params.offset };
}
