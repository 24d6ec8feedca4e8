export { scan } from './scan';
export { datasetDeclarationsSchema, type DatasetDeclarations } from './datasets';
export { formatSummary } from './summary';
export { runQualityCli } from './cli';
export { runQualityGate, gateEventSchema, findChecksDir } from './gate';
export type { ScanResult } from './results';
