import type { PipelineSummary, RunView } from '@medallion/pipeline';

type Obj = Record<string, unknown>;
const num = (n: unknown) => Number(n ?? 0).toLocaleString('en-US');
const last = (run: RunView, state: string): Obj | undefined => run.tasks[state]?.at(-1)?.output as Obj | undefined;

/** congress_pipeline's rows of the `lake run` summary. */
export function congressSummary(run: RunView): PipelineSummary {
  const rows = [];
  const quarantine: Record<string, string[]> = {};
  const fetch = last(run, 'FetchBills');
  if (fetch)
    rows.push({
      step: 'FetchBills',
      rowsIn: `${num(fetch.listRequests)} pages`,
      rowsOut: `${num(fetch.bills)} bills`,
      note: `window ${(fetch.batch as Obj)?.fromDateTime} … ${(fetch.batch as Obj)?.toDateTime}`,
    });
  const details = (run.tasks.FetchBillDetails ?? []).map((t) => t.output as Obj);
  if (details.length) {
    const fetched = details.reduce((n, d) => n + Number(d.fetched ?? 0), 0);
    const skipped = details.reduce((n, d) => n + Number(d.skipped ?? 0), 0);
    const missing = details.flatMap((d) => (d.missing ?? []) as string[]);
    if (missing.length) quarantine.not_found = missing;
    rows.push({ step: 'FetchDetails', rowsIn: `${details.length} chunks`, rowsOut: `${num(fetched)} bills`, note: `${num(skipped)} already in bronze` });
  }
  const silver = last(run, 'TransformToSilver');
  if (silver) {
    for (const [reason, ids] of Object.entries((silver.quarantined ?? {}) as Record<string, string[]>)) quarantine[reason] = ids;
    const r = (silver.rows ?? {}) as Record<string, number>;
    rows.push({
      step: 'TransformToSilver',
      rowsIn: `${num(silver.billsIn)} bills`,
      rowsOut: `${num(silver.billsOut)} bills`,
      note: `${num(r.bill_actions)} actions, ${num(r.bill_sponsorships)} sponsorships`,
    });
  }
  const gold = last(run, 'BuildDimensions');
  if (gold) {
    const r = (gold.rows ?? {}) as Record<string, number>;
    rows.push({
      step: 'BuildDimensions',
      rowsIn: '',
      rowsOut: `${num(r.dim_bill)} bills`,
      note: `${num(r.fact_bill_actions)} actions, ${num(r.bridge_member_committee)} committee seats`,
    });
  }
  return { rows, quarantine, notes: [] };
}
