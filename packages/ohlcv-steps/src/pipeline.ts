/**
 * ohlcv_pipeline's registration with the `lake` command line: `lake run ohlcv_pipeline --lake DIR
 * [--from Resample|Retention]` and `lake ohlcv import|demo`. Kept light: nothing heavy at import.
 */
import { definePipeline, type PipelineSummary, type RunView } from '@medallion/pipeline';
import { INTERVALS } from '@medallion/ohlcv';
import { ohlcvCommand } from './command';
import { localOhlcvEnv } from './local-env';

const num = (n: number | undefined) => (n ?? 0).toLocaleString('en-US');

/** Rows of the summary from the Fetch, Resample and Retention outputs. */
export function ohlcvSummary(run: RunView): PipelineSummary {
  const summary: PipelineSummary = { rows: [], quarantine: {}, notes: [] };
  const fetches = (run.tasks.Fetch ?? []).map(
    (t) => (t.output ?? {}) as { sessions?: number; bars?: number; from?: string; to?: string; quarantined?: Record<string, number> },
  );
  if (fetches.length) {
    const sessions = fetches.reduce((s, f) => s + (f.sessions ?? 0), 0);
    const span = fetches.filter((f) => f.from).map((f) => `${f.from}…${f.to}`);
    summary.rows.push({
      step: 'Fetch',
      rowsIn: `${num(sessions)} sessions`,
      rowsOut: `${num(fetches.reduce((s, f) => s + (f.bars ?? 0), 0))} bars`,
      note: `${fetches.length} chunk(s)${span.length ? ` ${span[0]!.split('…')[0]}…${span.at(-1)!.split('…')[1]}` : ''}`,
    });
    for (const f of fetches) for (const [reason, n] of Object.entries(f.quarantined ?? {})) (summary.quarantine[reason] ??= []).push(`${num(n)} rows`);
  }
  for (const t of run.tasks.Resample ?? []) {
    const o = (t.output ?? {}) as { mode?: string; symbols?: number; bars?: number; partitionsWritten?: number };
    summary.rows.push({
      step: 'Resample',
      rowsIn: `${num(o.symbols)} symbols`,
      rowsOut: `${num(o.bars)} bars`,
      note: `${o.mode}, ${num(o.partitionsWritten)} partitions rewritten`,
    });
  }
  for (const t of run.tasks.Retention ?? []) {
    const o = (t.output ?? {}) as { cutoff?: string; moved?: number };
    summary.rows.push({ step: 'Retention', rowsIn: `${num(o.moved)} rows`, rowsOut: `${num(o.moved)} archived`, note: `before ${o.cutoff}` });
  }
  return summary;
}

export const ohlcvPipeline = definePipeline({
  name: 'ohlcv_pipeline',
  definitionFile: 'state_machines/ohlcv_pipeline.json',
  functions: {
    fn_ohlcv_fetch: '@medallion/fn-ohlcv-fetch',
    fn_ohlcv_resample: '@medallion/fn-ohlcv-resample',
    fn_ohlcv_retention: '@medallion/fn-ohlcv-retention',
  },
  defaultSource: 'sample-data/ohlcv',
  input: { full: false },
  // silver_Nd spans year=/month= folders: a `**` segment takes them all (`lake quality scan soda/checks/silver_ohlcv_bars.yml --lake DIR`).
  // keys.ts's silverIntervalPrefix spelled out: importing keys.ts would pull @medallion/lake (the S3 client) into CLI start-up.
  datasets: Object.fromEntries(INTERVALS.map((n) => [`silver_${n}d`, `silver/ohlcv/silver_${n}d/**/data.parquet`])),
  env: (l) => localOhlcvEnv(l.lakeDir, l.lakeUri, l.sourceDir, l.logLevel),
  resumableStates: ['Resample', 'Retention'],
  async resume(startAt) {
    return { startAt, input: { full: false } };
  },
  watermarkId: () => 'ohlcv',
  summarize: ohlcvSummary,
  commands: { ohlcv: ohlcvCommand },
});
