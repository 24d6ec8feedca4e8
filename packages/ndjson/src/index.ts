export { parseNdjsonKey } from './keys';
export type { QuarantineReason, QuarantineRecord } from './quarantine';
export { schemaTracker, parseColumns, type SchemaColumn, type SchemaTracker } from './schema';
export { forEachLine, classifyLine, NdjsonFileError } from './lines';
export { generateNdjsonFiles, GENERATED_EVENT_COLUMNS, type GeneratedFile, type GenerateOptions } from './generate';
