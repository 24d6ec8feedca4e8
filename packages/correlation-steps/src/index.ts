export { buildCorrelationTables } from './build';
export { depsFromEnv, correlationConfigSchema } from './config';
// Query functions for the serving layer (the API package wires them to routes).
export { billParamsSchema, getBill } from './api/bill';
export { billTradesParamsSchema, getBillTrades } from './api/bill-trades';
export { memberNetworkParamsSchema, getMemberNetwork } from './api/member-network';
export { correlationsParamsSchema, listCorrelations } from './api/correlations';
export { GOLD_TABLE_KEYS, type GoldFiles } from './api/gold';
export { CONGRESS_ROUTES } from './api/routes';
