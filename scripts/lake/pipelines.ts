/**
 * The pipelines `lake run` knows: their ASL file, the Lambda handler behind each ${fn_…}
 * placeholder (the very modules `make build` bundles), the environment those handlers read,
 * and how to rebuild the execution state for --from.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LocalHandler } from '@medallion/local';

export interface LocalEnvironment {
  lakeDir: string;
  /** The lake the functions use: the lake directory, or s3://… (tests against s3rver). */
  lakeUri: string;
  sourceDir: string;
  dynamoEndpoint: string;
  tables: Record<string, string>;
  logLevel: string;
}

export interface PipelineDefinition {
  definitionFile: string;
  /** Environment variables the functions read (as Terraform sets them in AWS). */
  env(local: LocalEnvironment): Record<string, string>;
  /** Placeholder name → handler; imported lazily so the environment is set first. */
  loadFunctions(): Promise<Record<string, LocalHandler>>;
  /** Execution state on entering `startAt` (for --from), from what the lake holds. */
  resumeState(startAt: string): Promise<Record<string, unknown>>;
  /** Default execution input. */
  input: Record<string, unknown>;
  /** The watermark the pipeline advances (shown before → after in the summary). */
  watermarkId(): string;
}

// What the user set before any local run wrote the variable for its own source.
const USER_YEARS = process.env.HOUSE_FD_YEARS;

const handlerOf = (mod: { handler: unknown }) => mod.handler as LocalHandler;

export const PIPELINES: Record<string, PipelineDefinition> = {
  house_fd_pipeline: {
    definitionFile: resolve(import.meta.dirname, '../../state_machines/house_fd_pipeline.json'),
    env: (l) => ({
      MEDALLION_LAKE_URI: l.lakeUri,
      HOUSE_FD_SOURCE_URL: l.sourceDir,
      WATERMARK_TABLE: l.tables.watermarks,
      DYNAMODB_ENDPOINT: l.dynamoEndpoint,
      LOG_LEVEL: l.logLevel,
      // Watch the years the local source holds (the Clerk's site has one zip per year), unless set.
      ...(USER_YEARS ? { HOUSE_FD_YEARS: USER_YEARS } : sourceYears(l.sourceDir).length ? { HOUSE_FD_YEARS: sourceYears(l.sourceDir).join(',') } : {}),
    }),
    async loadFunctions() {
      // One at a time: jest's ESM loader cannot link the same module from parallel imports.
      const check = await import('@medallion/fn-house-fd-check-new-filings');
      const ingest = await import('@medallion/fn-house-fd-ingest-zip');
      const index = await import('@medallion/fn-house-fd-index-to-silver');
      const extract = await import('@medallion/fn-house-fd-extract-document');
      const compact = await import('@medallion/fn-house-fd-compact-silver');
      const gold = await import('@medallion/fn-house-fd-transform-to-gold');
      const quality = await import('@medallion/fn-run-quality-checks');
      const publish = await import('@medallion/fn-house-fd-publish-gold');
      const advance = await import('@medallion/fn-house-fd-advance-watermark');
      return {
        fn_house_fd_check_new_filings: handlerOf(check),
        fn_house_fd_ingest_zip: handlerOf(ingest),
        fn_house_fd_index_to_silver: handlerOf(index),
        fn_house_fd_extract_document: handlerOf(extract),
        fn_house_fd_compact_silver: handlerOf(compact),
        fn_house_fd_transform_to_gold: handlerOf(gold),
        fn_run_quality_checks: handlerOf(quality),
        fn_house_fd_publish_gold: handlerOf(publish),
        fn_house_fd_advance_watermark: handlerOf(advance),
      };
    },
    async resumeState(startAt) {
      const { resumeState, depsFromEnv } = await import('@medallion/house-fd-steps');
      return resumeState(depsFromEnv(), startAt);
    },
    input: {},
    watermarkId: () => process.env.HOUSE_FD_WATERMARK_ID ?? 'house_fd',
  },
};

/** Years with a financial-pdfs/YYYYFD.zip in a local Clerk-layout directory (none for an http source). */
export function sourceYears(sourceDir: string): number[] {
  if (/^https?:\/\//.test(sourceDir)) return [];
  try {
    return readdirSync(join(sourceDir, 'financial-pdfs')).map((f) => /^(\d{4})FD\.zip$/i.exec(f)?.[1]).filter((y): y is string => Boolean(y)).map(Number).sort();
  } catch {
    return [];
  }
}
