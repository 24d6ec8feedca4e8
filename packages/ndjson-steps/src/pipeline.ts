/**
 * ndjson_parquet_pipeline's registration with the `lake` command line. The pipeline runs per
 * manifest, started by the manifest builder, so its natural local entry is `lake etl ingest`
 * (commands below); `lake run` has no resumable states. Kept light: nothing heavy at import.
 */
import { definePipeline, UsageError, type PipelineSummary, type RunView } from '@medallion/pipeline';
import { etlCommand } from './etl-command';

const num = (n: number) => n.toLocaleString('en-US');

/** Rows of the summary from the Convert and UpdateStatus outputs. */
export function ndjsonSummary(run: RunView): PipelineSummary {
  const summary: PipelineSummary = { rows: [], quarantine: {}, notes: [] };
  for (const t of run.tasks.Convert ?? []) {
    const o = (t.output ?? {}) as {
      manifestId?: string;
      files?: number;
      lines?: number;
      rowsWritten?: number;
      blankLines?: number;
      quarantined?: Record<string, number>;
    };
    summary.rows.push({
      step: 'Convert',
      rowsIn: `${num(o.lines ?? 0)} lines`,
      rowsOut: `${num(o.rowsWritten ?? 0)} rows`,
      note: `${o.manifestId ?? '?'}: ${num(o.files ?? 0)} files, ${num(o.blankLines ?? 0)} blank lines`,
    });
    for (const [reason, n] of Object.entries(o.quarantined ?? {})) if (n > 0) (summary.quarantine[reason] ??= []).push(`${num(n)} lines`);
  }
  for (const t of run.tasks.UpdateStatus ?? []) {
    const o = (t.output ?? {}) as { processed?: number };
    summary.rows.push({ step: 'UpdateStatus', rowsIn: `${num(o.processed ?? 0)} files`, rowsOut: `${num(o.processed ?? 0)} processed`, note: '' });
  }
  return summary;
}

export const ndjsonPipeline = definePipeline({
  name: 'ndjson_parquet_pipeline',
  definitionFile: 'state_machines/ndjson_parquet_pipeline.json',
  functions: {
    fn_ndjson_convert: '@medallion/fn-ndjson-convert',
    fn_ndjson_update_status: '@medallion/fn-ndjson-update-status',
    fn_ndjson_compensate: '@medallion/fn-ndjson-compensate',
  },
  defaultSource: 'sample-data/ndjson/input',
  // Every date=YYYY-MM-DD/ partition: a `**` segment takes the files of the subfolders.
  datasets: { silver_ndjson: 'silver/ndjson/**/*.parquet' },
  env: (l) => ({
    MEDALLION_LAKE_URI: l.lakeUri,
    NDJSON_INPUT_URI: l.sourceDir,
    DYNAMODB_ENDPOINT: l.dynamoEndpoint,
    LOG_LEVEL: l.logLevel,
    ...(l.tables.file_tracking ? { MEDALLION_TABLE_FILE_TRACKING: l.tables.file_tracking } : {}),
    ...(l.tables.ndjson_manifests ? { MEDALLION_TABLE_NDJSON_MANIFESTS: l.tables.ndjson_manifests } : {}),
    ...(l.tables.circuit_breakers ? { MEDALLION_TABLE_CIRCUIT_BREAKERS: l.tables.circuit_breakers } : {}),
  }),
  resumableStates: [],
  async resume() {
    throw new UsageError('ndjson_parquet_pipeline runs per manifest: use lake etl ingest <dir> --lake DIR');
  },
  watermarkId: () => 'ndjson',
  summarize: ndjsonSummary,
  commands: { etl: etlCommand },
});
