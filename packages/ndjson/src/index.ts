export { parseNdjsonKey } from './keys';
export type { QuarantineReason, QuarantineRecord } from './quarantine';
export { schemaTracker, parseColumns, type SchemaColumn, type SchemaTracker } from './schema';
export { classifyLine, NdjsonFileError } from './lines';
export { forEachLineBytes } from './line-bytes';
export { CopyStop, rowScanner, type RowCopier } from './scan';
export { generateNdjsonFiles, GENERATED_EVENT_COLUMNS, type GeneratedFile, type GenerateOptions } from './generate';
