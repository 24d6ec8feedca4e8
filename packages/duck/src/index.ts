export { openDuck, type Duck, type DuckSession, type Row } from './duck';
export { toPlain } from './convert';
export { sqlPath, sqlIdent } from './identifiers';
export { writeRowsToParquet, type ColumnTypes } from './write-rows';
export { ColumnAppender, forEachChunk, type ColumnChunk, type NumericColumnType } from './columns';
