// What tests and developer scripts use of the command line: local runs and their summary.
export { runPipelineLocally, type LocalRunOptions } from './run-local';
export { renderSummary } from './summary';
