export { convertManifest, type ConvertDeps, type ConvertResult, type Manifest, type ManifestFile } from './convert';
export { runConvertTask, convertDepsFromEnv, resolveManifest, manifestInputSchema } from './convert-task';
export { SCHEMA_KEY, loadSchema } from './schema-store';
