export { scan, type ScanOptions } from './scan';
export { resolveLakeTables, resolveLakeTablesFromStore, LAKE_TABLES, CANDIDATE_PREFIX, type StagingStoreLike } from './lake-tables';
export { localMetricStore, objectMetricStore, runTimestamp, type MetricStore, type StoredRun, type ObjectStoreLike } from './history';
export { parseChecksYaml, emptyParsedChecks } from './parser';
export { formatSummary } from './summary';
export { runQualityCli } from './cli';
export { runQualityGate, gateEventSchema, findChecksDir, resultKeyFor, type GateEvent, type GateResult, type GateOptions, type FailedCheck } from './gate';
export type { ScanResult, CheckResult, Diagnostics, FailedRowsSample, LogEntry } from './results';
export type { Outcome, CheckCfg, ParsedChecks } from './types';
