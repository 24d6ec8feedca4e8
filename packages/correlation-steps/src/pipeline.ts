/** cross_dataset_correlation's registration with the `lake` command line (steps imported only when run). */
import { definePipeline } from '@medallion/pipeline';
import { CORRELATION_DATASETS } from './keys';

export const correlationPipeline = definePipeline({
  name: 'cross_dataset_correlation',
  definitionFile: 'state_machines/cross_dataset_correlation.json',
  functions: {
    fn_correlation_build: '@medallion/fn-correlation-build',
    fn_run_quality_checks: '@medallion/fn-run-quality-checks',
  },
  // Reads only the lake (house_fd and congress gold); the source is unused.
  defaultSource: '.',
  datasets: CORRELATION_DATASETS,
  env: (l) => ({
    MEDALLION_LAKE_URI: l.lakeUri,
    WATERMARK_TABLE: l.tables.watermarks,
    DYNAMODB_ENDPOINT: l.dynamoEndpoint,
    LOG_LEVEL: l.logLevel,
    ...(process.env.CORRELATION_WINDOW_DAYS ? { CORRELATION_WINDOW_DAYS: process.env.CORRELATION_WINDOW_DAYS } : {}),
  }),
  input: {},
  resumableStates: ['BuildCorrelations'],
  async resume(startAt) {
    return { startAt, input: {} };
  },
  watermarkId: () => process.env.HOUSE_FD_WATERMARK_ID ?? 'house_fd',
  summarize(run) {
    const o = run.tasks.BuildCorrelations?.at(-1)?.output as Record<string, unknown> | undefined;
    const rows = o
      ? [
          {
            step: 'BuildCorrelations',
            rowsIn: `${Number((o.inputs as Record<string, number>)?.trades ?? 0)} trade files`,
            rowsOut: `${o.correlations} correlations`,
            note: `${o.evidence} evidence rows, ${o.networkEdges} network edges, ±${o.windowDays} days`,
          },
        ]
      : [];
    return { rows, quarantine: {}, notes: ['Correlations are coincidences in time, not evidence of wrongdoing (docs/CONGRESS.md).'] };
  },
});
