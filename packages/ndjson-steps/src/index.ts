// Converter (the ndjson-convert handler and the Fargate task use these).
export { convertManifest, type ConvertResult, type Manifest } from './convert';
export { runConvertTask, convertDepsFromEnv, resolveManifest } from './convert-task';
