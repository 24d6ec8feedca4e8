// What tests and developer scripts use of the command line: local runs and their summary.
export { runPipelineLocally, checkRunOptions, type LocalRunOptions, type LocalRunReport } from './run-local';
export { renderSummary } from './summary';
export { loadPipelines } from './pipelines';
export { openLakeDynamo } from './lake-dynamo';
