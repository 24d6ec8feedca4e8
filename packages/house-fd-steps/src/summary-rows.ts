/**
 * house_fd_pipeline's rows of the `lake run` summary: rows in/out and a note per step, read from
 * the handlers' outputs, plus what it quarantined and the SYNTHETIC / unmatched-member notes.
 */
import type { PipelineSummary, RunView, SummaryRow, TaskRecord } from '@medallion/pipeline';

type Obj = Record<string, unknown>;
const num = (n: number) => n.toLocaleString('en-US');
const outputs = (t: TaskRecord[] | undefined) => (t ?? []).map((r) => (r.output ?? {}) as Obj);

/** "K suspect dates (future 1, …), kept in silver, left out of trending"; "0 suspect dates" when CompactSilver counted none. */
export function suspectDatesNote(counts: unknown): string {
  if (!counts || typeof counts !== 'object') return '';
  const entries = Object.entries(counts as Record<string, unknown>)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0)
    .sort();
  if (!entries.length) return '0 suspect dates';
  const total = entries.reduce((n, [, k]) => n + k, 0);
  return `${num(total)} suspect date${total === 1 ? '' : 's'} (${entries.map(([reason, k]) => `${reason.replace(/_/g, ' ')} ${num(k)}`).join(', ')}), kept in silver, left out of trending`;
}

/** "N PTR filers matched, M unmatched" (matchedPtrs only when the handler reports it). */
function memberMatchNote(o: Obj): string {
  if (typeof o.matchedPtrs === 'number') return `${num(o.matchedPtrs)} PTR filers matched, ${num(Number(o.unmatchedPtrs ?? 0))} unmatched`;
  return `${o.unmatchedPtrs} PTR filers unmatched to a member`;
}

function addQuarantine(q: Record<string, string[]>, reason: string, ids: string[]): void {
  (q[reason] ??= []).push(...ids);
}

type StepRow = (o: Obj | undefined, r: RunView, acc: PipelineSummary & { synthetic: number; unmatched: Obj[] }) => Partial<SummaryRow>;

const STEP_ROWS: Record<string, StepRow> = {
  CheckNewFilings: (o) => {
    const years = (o?.years ?? []) as { year: number; status: number; changed: boolean }[];
    const note = years.map((y) => `${y.year}: ${y.status !== 200 ? `HTTP ${y.status}` : y.changed ? 'changed' : 'unchanged'}`).join(', ');
    return { rowsIn: `${years.length} zips`, note: note + (o?.hasNew === false ? ' — no new filings' : '') };
  },
  IngestZip: (o) => {
    const years = (o?.years ?? []) as { year: number; bytes: number }[];
    return { rowsOut: `${years.length} zips`, note: `${num(years.reduce((n, y) => n + y.bytes, 0))} bytes to bronze` };
  },
  IndexToSilver: (o, _r, acc) => {
    if (!o) return {};
    acc.synthetic += Number(o.syntheticDocuments ?? 0);
    acc.unmatched = (o.unmatchedSample ?? []) as Obj[];
    const docs = (o.documentIds ?? []) as string[];
    const types = Object.entries((o.byFilingType ?? {}) as Record<string, number>)
      .sort()
      .map(([t, n]) => `${t}:${n}`)
      .join(' ');
    if (Number(o.quarantined)) addQuarantine(acc.quarantine, 'unparseable_index_row', [`${o.quarantined} rows`]);
    const gaveUp = (o.neverPublished ?? []) as string[];
    if (gaveUp.length) addQuarantine(acc.quarantine, 'never_published', gaveUp);
    return {
      rowsIn: num(Number(o.rowsIn)),
      rowsOut: num(Number(o.rowsOut)),
      note:
        `${docs.length} PTRs to extract${Number(o.retriedDocuments) ? ` (${o.retriedDocuments} not published earlier, retried)` : ''}; ` +
        `${o.duplicateDocIds} duplicate DocIDs; ${o.alreadySeen} seen before; ${memberMatchNote(o)}; types ${types}`,
    };
  },
  ExtractDocuments: (_o, r, acc) => {
    const results = outputs(r.tasks.ExtractDocument);
    const ok = results.filter((x) => x.status === 'ok');
    for (const x of results.filter((y) => y.status !== 'ok')) addQuarantine(acc.quarantine, String(x.reason), [String(x.docId)]);
    return {
      rowsIn: `${num(results.length)} PDFs`,
      rowsOut: num(ok.reduce((n, x) => n + Number(x.rows), 0)),
      note: `${ok.length} parsed, ${results.length - ok.length} quarantined`,
    };
  },
  CompactSilver: (o) => {
    if (!o) return {};
    const suspect = suspectDatesNote(o.suspectDates);
    return {
      rowsIn: `${num(Number(o.documents))} files`,
      rowsOut: num(Number(o.rows)),
      note: `one silver_transactions file for the batch${suspect ? `; ${suspect}` : ''}`,
    };
  },
  ValidateSilver: (o) => gateRow(o),
  ValidateGold: (o) => gateRow(o),
  TransformToGold: (o) => {
    if (!o) return {};
    return {
      rowsIn: num(Number(o.factRowsIn)),
      rowsOut: num(Number(o.factRowsOut)),
      note:
        `dim_member ${num(Number(o.dimMemberRows))} rows, dim_asset ${num(Number(o.dimAssetRows))}, trending ${num(Number(o.trendingRows))}` +
        `${o.asOfDate ? ` as of ${o.asOfDate}` : ''}; ${o.unknownMembers} facts with unknown member`,
    };
  },
  PublishGold: (o) => ({ rowsOut: o ? `${(o.published as string[]).length} files` : '', note: 'gold candidates promoted after the gate' }),
  UpdateCache: (o) => ({
    note: o ? `API serving version ${o.version}${o.unchanged ? ' (unchanged)' : ''}, ${o.hot} hot responses` : '',
  }),
  AdvanceWatermark: (o) => ({ note: o ? `watermark → ${o.seq}` : '' }),
  Superseded: () => ({ note: 'another run advanced the watermark first; outputs are identical' }),
};

function gateRow(o: Obj | undefined): Partial<SummaryRow> {
  if (!o) return {};
  const counts = (o.counts ?? {}) as Record<string, number>;
  return {
    rowsIn: `${Object.values(counts).reduce((a, b) => a + b, 0)} checks`,
    note:
      `${String(o.outcome).toUpperCase()} (pass ${counts.pass ?? 0}, warn ${counts.warn ?? 0}, fail ${counts.fail ?? 0}, error ${counts.error ?? 0}` +
      `${counts.notEvaluated ? `, not evaluated ${counts.notEvaluated}: history-based checks need earlier runs` : ''})`,
  };
}

export function houseFdSummary(r: RunView): PipelineSummary {
  const acc = { rows: [] as SummaryRow[], quarantine: {} as Record<string, string[]>, notes: [] as string[], synthetic: 0, unmatched: [] as Obj[] };
  for (const step of r.path) {
    if (r.stateTypes[step] !== 'Task' && r.stateTypes[step] !== 'Map' && step !== 'Superseded') continue;
    const [o] = outputs(r.tasks[step]);
    acc.rows.push({ step, rowsIn: '', rowsOut: '', note: '', ...STEP_ROWS[step]?.(o, r, acc) });
  }
  if (acc.unmatched.length) {
    acc.notes.push(
      `PTR filers not matched to a member (sample; their trades get member_key -1): ${acc.unmatched.map((u) => `${u.filer_name} (${u.state_district ?? '?'}, ${u.doc_id})`).join('; ')}`,
    );
  }
  if (acc.synthetic)
    acc.notes.push(`SYNTHETIC: ${acc.synthetic} of this batch's PTRs are GENERATED test data (is_synthetic = true); they are not real trades.`);
  return { rows: acc.rows, quarantine: acc.quarantine, notes: acc.notes };
}
