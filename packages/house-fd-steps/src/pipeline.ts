/**
 * house_fd_pipeline's registration with the `lake` command line (found through the
 * "medallion.pipeline" field of this package's package.json). Kept light: what needs DuckDB or
 * the lake is imported only when a run asks for it, so `lake --help` stays fast.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { definePipeline } from '@medallion/pipeline';
import { parseCommand } from './parse-command';
import { houseFdSummary } from './summary-rows';
import { HOUSE_FD_DATASETS } from './datasets';
import { HOUSE_FD_STATES, type HouseFdState } from './states';

// What the user set before any local run wrote the variable for its own source.
const USER_YEARS = process.env.HOUSE_FD_YEARS;

const SILVER_GATE = 'ValidateSilver';

/** Years with a financial-pdfs/YYYYFD.zip in a local Clerk-layout directory (none for an http source). */
export function sourceYears(sourceDir: string): number[] {
  if (/^https?:\/\//.test(sourceDir)) return [];
  try {
    return readdirSync(join(sourceDir, 'financial-pdfs'))
      .map((f) => /^(\d{4})FD\.zip$/i.exec(f)?.[1])
      .filter((y): y is string => Boolean(y))
      .map(Number)
      .sort();
  } catch {
    return [];
  }
}

export const houseFdPipeline = definePipeline({
  name: 'house_fd_pipeline',
  definitionFile: 'state_machines/house_fd_pipeline.json',
  functions: {
    fn_house_fd_check_new_filings: '@medallion/fn-house-fd-check-new-filings',
    fn_house_fd_ingest_zip: '@medallion/fn-house-fd-ingest-zip',
    fn_house_fd_index_to_silver: '@medallion/fn-house-fd-index-to-silver',
    fn_house_fd_extract_document: '@medallion/fn-house-fd-extract-document',
    fn_house_fd_compact_silver: '@medallion/fn-house-fd-compact-silver',
    fn_house_fd_transform_to_gold: '@medallion/fn-house-fd-transform-to-gold',
    fn_run_quality_checks: '@medallion/fn-run-quality-checks',
    fn_house_fd_publish_gold: '@medallion/fn-house-fd-publish-gold',
    fn_house_fd_update_cache: '@medallion/fn-house-fd-update-cache',
    fn_house_fd_advance_watermark: '@medallion/fn-house-fd-advance-watermark',
  },
  defaultSource: 'sample-data/house-fd/source',
  datasets: HOUSE_FD_DATASETS,
  env: (l) => {
    // Watch the years the local source holds (the Clerk's site has one zip per year), unless set.
    const years = USER_YEARS ?? sourceYears(l.sourceDir).join(',');
    return {
      MEDALLION_LAKE_URI: l.lakeUri,
      HOUSE_FD_SOURCE_URL: l.sourceDir,
      WATERMARK_TABLE: l.tables.watermarks,
      DYNAMODB_ENDPOINT: l.dynamoEndpoint,
      LOG_LEVEL: l.logLevel,
      ...(years ? { HOUSE_FD_YEARS: years } : {}),
    };
  },
  input: {},
  resumableStates: [...HOUSE_FD_STATES],
  async resume(requested) {
    // A rebuild from silver never skips the silver gate: silver may have changed since it passed.
    const at = (state: string) => HOUSE_FD_STATES.indexOf(state as HouseFdState);
    const startAt = at(requested) > at(SILVER_GATE) ? SILVER_GATE : requested;
    const { resumeState } = await import('./resume');
    const { depsFromEnv } = await import('./config');
    return {
      startAt,
      input: await resumeState(depsFromEnv(), startAt),
      note: startAt !== requested ? `starting at ${SILVER_GATE}: silver is re-validated before ${requested}` : undefined,
    };
  },
  watermarkId: () => process.env.HOUSE_FD_WATERMARK_ID ?? 'house_fd',
  summarize: houseFdSummary,
  commands: { 'house-fd': parseCommand },
});
