export { buildCorrelations } from './build';
export { INPUT_COLUMNS, type CorrelationInputs } from './inputs';
export { evidenceSql, correlationsSelectSql, networkSelectSql } from './sql';
