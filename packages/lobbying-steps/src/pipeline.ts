/** lobbying_pipeline's registration with the `lake` command line (steps imported only when run). */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { definePipeline } from '@medallion/pipeline';
import { LOBBYING_DATASETS } from './batch';

/** LDA_YEARS: as set, else the years a local simulator serves. */
function localYears(sourceDir: string): Record<string, string> {
  if (process.env.LDA_YEARS) return { LDA_YEARS: process.env.LDA_YEARS };
  const file = join(sourceDir, 'simulator.json');
  if (!existsSync(file)) return {};
  return { LDA_YEARS: Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { perYear: Record<string, number> }).perYear).join(',') };
}

export const lobbyingPipeline = definePipeline({
  name: 'lobbying_pipeline',
  definitionFile: 'state_machines/lobbying_pipeline.json',
  functions: {
    fn_lobbying_check_new_filings: '@medallion/fn-lobbying-check-new-filings',
    fn_lobbying_download_filings: '@medallion/fn-lobbying-download-filings',
    fn_lobbying_parse_to_silver: '@medallion/fn-lobbying-parse-to-silver',
    fn_lobbying_transform_to_gold: '@medallion/fn-lobbying-transform-to-gold',
    fn_lobbying_advance_watermark: '@medallion/fn-lobbying-advance-watermark',
    fn_run_quality_checks: '@medallion/fn-run-quality-checks',
  },
  // A directory = the loopback LDA simulator configured by <dir>/simulator.json; an https URL = that API.
  defaultSource: 'sample-data/lobbying',
  datasets: LOBBYING_DATASETS,
  env: (l) => ({
    MEDALLION_LAKE_URI: l.lakeUri,
    LDA_API_URL: /^https?:\/\//.test(l.sourceDir) ? l.sourceDir : `local:${resolve(l.sourceDir)}`,
    ...localYears(l.sourceDir),
    WATERMARK_TABLE: l.tables.watermarks,
    MEDALLION_TABLE_CIRCUIT_BREAKERS: l.tables.circuit_breakers,
    DYNAMODB_ENDPOINT: l.dynamoEndpoint,
    LOG_LEVEL: l.logLevel,
  }),
  input: {},
  resumableStates: ['CheckNewFilings'],
  async resume(startAt) {
    return { startAt, input: {} };
  },
  watermarkId: () => process.env.LOBBYING_WATERMARK_ID ?? 'lobbying',
  summarize(run) {
    const out = (s: string) => run.tasks[s]?.at(-1)?.output as Record<string, unknown> | undefined;
    const rows = [];
    const quarantine: Record<string, string[]> = {};
    const d = out('DownloadFilings');
    if (d) rows.push({ step: 'DownloadFilings', rowsIn: `${d.pages} pages`, rowsOut: `${d.filings} filings`, note: '' });
    const s = out('ParseToSilver');
    if (s) {
      Object.assign(quarantine, s.quarantined as Record<string, string[]>);
      rows.push({ step: 'ParseToSilver', rowsIn: `${s.filingsIn} filings`, rowsOut: `${s.filingsOut} filings`, note: `${s.billMentions} bill mentions` });
    }
    const g = out('TransformToGold');
    if (g) {
      const r = g.rows as Record<string, number>;
      rows.push({
        step: 'TransformToGold',
        rowsIn: '',
        rowsOut: `${r.lobbying_by_bill} bill rows`,
        note: `${r.lobbying_by_client} client-years, ${r.lobbying_by_issue} issue-years`,
      });
    }
    return { rows, quarantine, notes: [] };
  },
});
