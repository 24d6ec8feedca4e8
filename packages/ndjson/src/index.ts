export { parseNdjsonKey, InvalidNdjsonKeyError, type NdjsonKey } from './keys';
export type { QuarantineReason, QuarantineRecord } from './quarantine';
export { schemaTracker, parseColumns, type ColumnType, type SchemaColumn, type SchemaTracker } from './schema';
export { forEachLine, classifyLine, NdjsonFileError } from './lines';
export { generateNdjsonFiles, GENERATED_EVENT_COLUMNS, type GeneratedFile, type GenerateOptions } from './generate';
