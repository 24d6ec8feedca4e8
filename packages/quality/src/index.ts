export { scan } from './scan';
export { formatSummary } from './summary';
export { runQualityCli } from './cli';
export { runQualityGate, gateEventSchema, findChecksDir } from './gate';
export type { ScanResult } from './results';
