/** Human rendering of `lake house-fd parse <file>` (the --json output is the raw description). */
import type { FileDescription } from '@medallion/house-fd';

const money = (n: number | null) => (n === null ? '—' : `$${n.toLocaleString('en-US')}`);

export function renderDescription(d: FileDescription, indent = ''): string {
  const out: string[] = [];
  const line = (s: string) => out.push(indent + s);
  switch (d.kind) {
    case 'index': {
      line(`${d.file}: filing index (${d.format}), ${d.stats.rows} rows, ${d.filings.length} filings kept`);
      line(`  by filing type: ${Object.entries(d.stats.byFilingType).sort().map(([t, n]) => `${t}=${n}`).join(' ')}`);
      line(`  duplicate DocIDs: ${d.stats.duplicateDocIds}, empty filing dates: ${d.stats.emptyDates}, quarantined rows: ${d.quarantined.length}`);
      for (const q of d.quarantined.slice(0, 10)) line(`  quarantined row ${q.row}: ${q.reason}`);
      break;
    }
    case 'ptr': {
      if (d.status === 'quarantined') {
        line(`${d.file}: QUARANTINED — ${d.reason}: ${d.detail}`);
        break;
      }
      line(`${d.file}: PTR ${d.docId ?? '(no DocID in the name)'} — ${d.header.name ?? '?'} (${d.header.stateDistrict ?? '?'}), signed ${d.header.signedDate ?? '?'}, ${d.transactions.length} transactions`);
      if (d.transactions.some((t) => t.is_synthetic)) line('  SYNTHETIC: generated test data, not a real filing');
      for (const t of d.transactions) {
        line(`  ${t.transaction_id}  ${t.transaction_date}  ${t.transaction_type.padEnd(14)} ${(t.owner || '-').padEnd(3)} ${(t.ticker ?? '-').padEnd(6)} ${money(t.amount_low)}–${money(t.amount_high)}  ${t.asset_name}`);
      }
      for (const w of d.warnings) line(`  warning: ${w}`);
      break;
    }
    case 'zip':
      line(`${d.file}: zip with ${d.entries.length} entries`);
      for (const e of d.entries) out.push(renderDescription(e, indent + '  '));
      break;
    case 'unsupported':
      line(`${d.file}: ${d.detail}`);
      break;
  }
  return out.join('\n');
}
