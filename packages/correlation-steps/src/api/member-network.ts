import type { Duck } from '@medallion/duck';
import { z } from 'zod';
import { type GoldFiles, relation } from './gold';

/** GET /v1/members/{id}/network?edge_type=&min_weight=&limit= */
export const memberNetworkParamsSchema = z.object({
  id: z.string().regex(/^[A-Z]\d{6}$/, 'a bioguide id like P000197'),
  edge_type: z.enum(['cosponsorship', 'common_ticker']).optional(),
  min_weight: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const EDGE = { member_a: 'VARCHAR', member_b: 'VARCHAR', edge_type: 'VARCHAR', weight: 'INTEGER', shared: 'VARCHAR[]' };

/** The member's edges, seen from the member: the other member, the kind, the weight and what they share. */
export async function getMemberNetwork(duck: Duck, gold: GoldFiles, params: z.infer<typeof memberNetworkParamsSchema>) {
  const rows = await duck.all<{ member: string; edge_type: string; weight: number; shared: string }>(
    `SELECT CASE WHEN member_a = $id THEN member_b ELSE member_a END AS member, edge_type, weight, to_json(shared)::VARCHAR AS shared
     FROM ${relation(gold.member_network_edges, EDGE)}
     WHERE (member_a = $id OR member_b = $id) AND ($edge_type IS NULL OR edge_type = $edge_type) AND weight >= $min_weight
     ORDER BY weight DESC, edge_type, member LIMIT $limit`,
    { id: params.id, edge_type: params.edge_type ?? null, min_weight: params.min_weight, limit: params.limit },
  );
  return { bioguide_id: params.id, edges: rows.map((r) => ({ ...r, shared: JSON.parse(r.shared) as string[] })) };
}
