export { depsFromEnv, required } from './config';
export { handleS3EventBatch } from './manifest-builder';
export { updateStatus, compensate } from './status';
export { recoverOrphans } from './orphans';
export { reportDlq } from './dlq-report';
export { builderDepsFromEnv, lakeFromEnv, trackingFromEnv } from './wiring';
// Converter (the ndjson-convert handler and the bench use these; the Fargate task enters through src/convert-main.ts).
export { convertManifest } from './convert';
export { convertDepsFromEnv, runConvertTask } from './convert-task';
export { manifestOutcomeSchema } from './outcome-event';
export { resolveConvertInput } from './manifest-store';
