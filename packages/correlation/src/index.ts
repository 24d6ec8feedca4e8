export { buildCorrelations, createInputViews, type CorrelationOutputs, type BuildCorrelationsResult } from './build';
export { INPUT_COLUMNS, type CorrelationInputs } from './inputs';
export { evidenceSql, correlationsSelectSql, networkSelectSql, RELATIONSHIP_WEIGHTS } from './sql';
