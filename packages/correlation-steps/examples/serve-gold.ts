/**
 * The four serving-layer queries over a local gold lake, as the API package calls them.
 * Run after `make demo`: npx tsx --import ./scripts/polyfills.mjs packages/correlation-steps/examples/serve-gold.ts [lakeDir]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDuck } from '@medallion/duck';
import {
  billParamsSchema,
  billTradesParamsSchema,
  correlationsParamsSchema,
  GOLD_TABLE_KEYS,
  type GoldFiles,
  getBill,
  getBillTrades,
  getMemberNetwork,
  listCorrelations,
  memberNetworkParamsSchema,
} from '@medallion/correlation-steps';

const lake = process.argv[2] ?? '.lake';
// A table with no file yet is an empty table (the queries then return nothing).
const gold = Object.fromEntries(
  Object.entries(GOLD_TABLE_KEYS).map(([table, key]) => [table, existsSync(join(lake, key)) ? [join(lake, key)] : []]),
) as unknown as GoldFiles;
const duck = await openDuck({ threads: 1 });
try {
  const top = await listCorrelations(duck, gold, correlationsParamsSchema.parse({ limit: '3' }));
  console.log('GET /v1/correlations?limit=3 →', JSON.stringify(top, null, 2));
  const billId = String(top.correlations[0]?.bill_id ?? '117-hr-21');
  const bill = await getBill(duck, gold, billParamsSchema.parse({ id: billId }));
  console.log(`GET /v1/bills/${billId} →`, bill ? `${bill.title}: ${bill.actions.length} actions, ${bill.sponsors.length} sponsors` : '404');
  const trades = await getBillTrades(duck, gold, billTradesParamsSchema.parse({ id: billId, limit: '2' }));
  console.log(`GET /v1/bills/${billId}/trades?limit=2 →`, trades.correlations.length, 'correlations;', trades.note);
  const member = String(top.correlations[0]?.bioguide_id ?? 'P000197');
  const network = await getMemberNetwork(duck, gold, memberNetworkParamsSchema.parse({ id: member }));
  console.log(`GET /v1/members/${member}/network →`, network.edges.length, 'edges');
} finally {
  duck.close();
}
