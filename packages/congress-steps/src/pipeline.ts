/**
 * congress_pipeline's registration with the `lake` command line. Kept light: the steps (DuckDB,
 * the API client) are imported only when a run asks for them.
 */
import { resolve } from 'node:path';
import { definePipeline } from '@medallion/pipeline';
import { CONGRESS_DATASETS } from './datasets';
import { CONGRESS_RESUMABLE_STATES } from './states';
import { congressSummary } from './summary-rows';

export const congressPipeline = definePipeline({
  name: 'congress_pipeline',
  definitionFile: 'state_machines/congress_pipeline.json',
  functions: {
    fn_congress_fetch_bills: '@medallion/fn-congress-fetch-bills',
    fn_congress_fetch_details: '@medallion/fn-congress-fetch-details',
    fn_congress_transform_to_silver: '@medallion/fn-congress-transform-to-silver',
    fn_congress_build_dimensions: '@medallion/fn-congress-build-dimensions',
    fn_congress_advance_watermark: '@medallion/fn-congress-advance-watermark',
    fn_run_quality_checks: '@medallion/fn-run-quality-checks',
  },
  defaultSource: 'sample-data/congress',
  datasets: CONGRESS_DATASETS,
  env: (l) => {
    const http = /^https?:\/\//.test(l.sourceDir);
    return {
      MEDALLION_LAKE_URI: l.lakeUri,
      // A local directory is served by the loopback congress.gov simulator (src/local-api.ts).
      CONGRESS_API_URL: http ? l.sourceDir : `local:${resolve(l.sourceDir)}`,
      CONGRESS_COMMITTEE_MEMBERSHIP_URL: http ? '' : resolve(l.sourceDir, 'committee-membership-current.yaml'),
      CONGRESS_BACKFILL_FROM: process.env.CONGRESS_BACKFILL_FROM ?? '2020-01-01T00:00:00Z',
      // The simulator has no real budget; the real one (5,000/h) would make a demo wait for refills.
      ...(http ? {} : { CONGRESS_HOURLY_LIMIT: '1000000', CONGRESS_BURST: '10000' }),
      WATERMARK_TABLE: l.tables.watermarks,
      MEDALLION_TABLE_RATE_LIMITS: l.tables.rate_limits,
      MEDALLION_TABLE_CIRCUIT_BREAKERS: l.tables.circuit_breakers,
      DYNAMODB_ENDPOINT: l.dynamoEndpoint,
      LOG_LEVEL: l.logLevel,
    };
  },
  input: {},
  resumableStates: [...CONGRESS_RESUMABLE_STATES],
  async resume(startAt) {
    const { resumeState } = await import('./resume');
    const { depsFromEnv } = await import('./config');
    return { startAt, input: await resumeState(await depsFromEnv(), startAt) };
  },
  watermarkId: () => process.env.CONGRESS_WATERMARK_ID ?? 'congress',
  summarize: congressSummary,
});
