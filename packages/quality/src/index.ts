export { scan, type ScanOptions } from './scan';
export { resolveDatasets, resolveDatasetsFromStore, datasetDeclarationsSchema, CANDIDATE_PREFIX, type DatasetDeclarations, type StagingStoreLike } from './datasets';
export { localMetricStore, objectMetricStore, runTimestamp, type MetricStore, type StoredRun, type ObjectStoreLike } from './history';
export { parseChecksYaml, emptyParsedChecks } from './parser';
export { formatSummary } from './summary';
export { runQualityCli, type QualityCliOptions } from './cli';
export { runQualityGate, gateEventSchema, findChecksDir, resultKeyFor, type GateEvent, type GateResult, type GateOptions, type FailedCheck } from './gate';
export type { ScanResult, CheckResult, Diagnostics, FailedRowsSample, LogEntry } from './results';
export type { Outcome, CheckCfg, ParsedChecks } from './types';
