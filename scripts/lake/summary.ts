/**
 * The end-of-run summary of `lake run`: per step duration and rows in/out, quarantined items
 * grouped by reason, quality gate outcomes, watermark before → after, alerts, and a loud label
 * on anything generated (synthetic) so nobody mistakes a generated trade for a real one.
 */
import type { LocalRunReport, TaskRecord } from './run-local';

type Obj = Record<string, unknown>;
const num = (n: number) => n.toLocaleString('en-US');
const secs = (ms: number | undefined) => (ms === undefined ? '' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
const outputs = (t: TaskRecord[] | undefined) => (t ?? []).map((r) => (r.output ?? {}) as Obj);

interface Row { step: string; time: string; rowsIn: string; rowsOut: string; note: string }

function houseFdRows(r: LocalRunReport): { rows: Row[]; quarantine: Map<string, string[]>; synthetic: number; unmatched: Obj[] } {
  const rows: Row[] = [];
  const quarantine = new Map<string, string[]>();
  let synthetic = 0;
  let unmatched: Obj[] = [];
  for (const step of r.path) {
    if (r.stateTypes[step] !== 'Task' && r.stateTypes[step] !== 'Map') continue;
    const row: Row = { step, time: secs(r.durations[step]), rowsIn: '', rowsOut: '', note: '' };
    const [o] = outputs(r.tasks[step]);
    switch (step) {
      case 'CheckNewFilings': {
        const years = (o?.years ?? []) as { year: number; status: number; changed: boolean }[];
        row.rowsIn = `${years.length} zips`;
        row.note = years.map((y) => `${y.year}: ${y.status !== 200 ? `HTTP ${y.status}` : y.changed ? 'changed' : 'unchanged'}`).join(', ');
        if (o?.hasNew === false) row.note += ' — no new filings';
        break;
      }
      case 'IngestZip': {
        const years = (o?.years ?? []) as { year: number; bytes: number }[];
        row.rowsOut = `${years.length} zips`;
        row.note = `${num(years.reduce((n, y) => n + y.bytes, 0))} bytes to bronze`;
        break;
      }
      case 'IndexToSilver': {
        if (!o) break;
        const docs = (o.documentIds ?? []) as string[];
        synthetic += Number(o.syntheticDocuments ?? 0);
        unmatched = (o.unmatchedSample ?? []) as Obj[];
        row.rowsIn = num(Number(o.rowsIn));
        row.rowsOut = num(Number(o.rowsOut));
        const types = Object.entries((o.byFilingType ?? {}) as Record<string, number>).sort().map(([t, n]) => `${t}:${n}`).join(' ');
        row.note = `${docs.length} PTRs to extract${Number(o.retriedDocuments) ? ` (${o.retriedDocuments} not published earlier, retried)` : ''}; ` +
          `${o.duplicateDocIds} duplicate DocIDs; ${o.alreadySeen} seen before; ` +
          `${o.unmatchedPtrs} PTR filers unmatched to a member; types ${types}`;
        if (Number(o.quarantined)) quarantine.set('unparseable_index_row', [`${o.quarantined} rows`]);
        const gaveUp = (o.neverPublished ?? []) as string[];
        if (gaveUp.length) quarantine.set('never_published', gaveUp);
        break;
      }
      case 'ExtractDocuments': {
        const results = outputs(r.tasks.ExtractDocument);
        const ok = results.filter((x) => x.status === 'ok');
        row.rowsIn = `${num(results.length)} PDFs`;
        row.rowsOut = num(ok.reduce((n, x) => n + Number(x.rows), 0));
        row.note = `${ok.length} parsed, ${results.length - ok.length} quarantined`;
        for (const x of results.filter((y) => y.status !== 'ok')) {
          const list = quarantine.get(String(x.reason)) ?? [];
          list.push(String(x.docId));
          quarantine.set(String(x.reason), list);
        }
        break;
      }
      case 'CompactSilver': {
        if (!o) break;
        row.rowsIn = `${num(Number(o.documents))} files`;
        row.rowsOut = num(Number(o.rows));
        row.note = 'one silver_transactions file for the batch';
        break;
      }
      case 'ValidateSilver':
      case 'ValidateGold': {
        if (!o) break;
        const counts = (o.counts ?? {}) as Record<string, number>;
        row.rowsIn = `${Object.values(counts).reduce((a, b) => a + b, 0)} checks`;
        row.note = `${String(o.outcome).toUpperCase()} (pass ${counts.pass ?? 0}, warn ${counts.warn ?? 0}, fail ${counts.fail ?? 0}, error ${counts.error ?? 0}` +
          `${counts.notEvaluated ? `, not evaluated ${counts.notEvaluated}: history-based checks need earlier runs` : ''})`;
        break;
      }
      case 'TransformToGold': {
        if (!o) break;
        row.rowsIn = num(Number(o.factRowsIn));
        row.rowsOut = num(Number(o.factRowsOut));
        row.note = `dim_member ${num(Number(o.dimMemberRows))} rows, dim_asset ${num(Number(o.dimAssetRows))}, trending ${num(Number(o.trendingRows))}` +
          `${o.asOfDate ? ` as of ${o.asOfDate}` : ''}; ${o.unknownMembers} facts with unknown member`;
        break;
      }
      case 'PublishGold':
        row.rowsOut = o ? `${(o.published as string[]).length} files` : '';
        row.note = 'gold candidates promoted after the gate';
        break;
      case 'AdvanceWatermark':
        row.note = o ? `watermark → ${o.seq}` : '';
        break;
      case 'Superseded':
        row.note = 'another run advanced the watermark first; outputs are identical';
        break;
    }
    rows.push(row);
  }
  return { rows, quarantine, synthetic, unmatched };
}

export function renderSummary(r: LocalRunReport): string {
  const out: string[] = [];
  const { rows, quarantine, synthetic, unmatched } = houseFdRows(r);
  out.push('', `${r.pipeline}: ${r.status} in ${secs(r.ms)} (ended at ${r.path.at(-1) ?? '?'})`, '');
  const w = { step: 18, time: 8, rowsIn: 12, rowsOut: 10 };
  out.push(`${'step'.padEnd(w.step)} ${'time'.padStart(w.time)} ${'rows in'.padStart(w.rowsIn)} ${'rows out'.padStart(w.rowsOut)}  notes`);
  for (const x of rows) out.push(`${x.step.padEnd(w.step)} ${x.time.padStart(w.time)} ${x.rowsIn.padStart(w.rowsIn)} ${x.rowsOut.padStart(w.rowsOut)}  ${x.note}`);
  if (quarantine.size) {
    const total = [...quarantine.values()].reduce((n, l) => n + l.length, 0);
    out.push('', `Quarantined (${total}; nothing dropped — reasons and bytes under quarantine/ and bronze/ in the lake):`);
    for (const [reason, unsorted] of [...quarantine.entries()].sort((a, b) => b[1].length - a[1].length)) {
      const ids = [...unsorted].sort();
      out.push(`  ${reason.padEnd(24)} ${String(ids.length).padStart(5)}  ${ids.slice(0, 6).join(', ')}${ids.length > 6 ? ', …' : ''}`);
    }
  }
  if (unmatched.length) out.push('', `PTR filers not matched to a member (sample; their trades get member_key -1): ${unmatched.map((u) => `${u.filer_name} (${u.state_district ?? '?'}, ${u.doc_id})`).join('; ')}`);
  const quality = [...outputs(r.tasks.ValidateSilver), ...outputs(r.tasks.ValidateGold)].filter((q) => q.passed === false);
  for (const q of quality) out.push('', `QUALITY GATE FAILED (${q.layer}): nothing was promoted past it`, String(q.summary ?? ''));
  if (synthetic) out.push('', `SYNTHETIC: ${synthetic} of this batch's PTRs are GENERATED test data (is_synthetic = true, DocIDs 99…); they are not real trades.`);
  const before = r.watermarkBefore, after = r.watermarkAfter;
  out.push('', `Watermark: seq ${before?.seq ?? 0} → ${after?.seq ?? 0}${after && Object.keys(after.fingerprints).length ? `  (${Object.entries(after.fingerprints).map(([y, e]) => `${y}=${e}`).join(', ')})` : ''}`);
  out.push(`Alerts: ${r.outbox.length ? `${r.outbox.length} published → ${r.outboxFile}` : 'none'}`);
  for (const m of r.outbox) out.push(`  ${m.subject ?? m.target}`);
  if (r.status === 'FAILED') {
    out.push('', `FAILED: ${r.error ?? ''} ${r.cause ?? ''}`.trim());
    for (const c of r.caught) out.push(`  at ${c.state}: ${typeof c.detail === 'string' ? c.detail : JSON.stringify(c.detail)}`);
  }
  out.push(`Lake: ${r.lakeDir}`);
  return out.join('\n');
}
