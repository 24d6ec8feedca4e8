export { depsFromEnv, required } from './config';
export { handleS3EventBatch } from './manifest-builder';
export { updateStatus, compensate } from './status';
export { recoverOrphans } from './orphans';
export { reportDlq } from './dlq-report';
export { builderDepsFromEnv, trackingFromEnv } from './wiring';
// Converter (the ndjson-convert handler and the Fargate task use these).
export { convertManifest, type ConvertResult, type Manifest } from './convert';
export { runConvertTask, convertDepsFromEnv, resolveManifest } from './convert-task';
