/** `lake house-fd parse <file>`: what the parsers make of one file; --json prints the raw description. */
import { parseArgs } from 'node:util';
import type { FileDescription } from '@medallion/house-fd';
import { UsageError, type PipelineCommand } from '@medallion/pipeline';

const money = (n: number | null) => (n === null ? '—' : `$${n.toLocaleString('en-US')}`);

function renderDescription(d: FileDescription, indent = ''): string {
  const out: string[] = [];
  const line = (s: string) => out.push(indent + s);
  switch (d.kind) {
    case 'index': {
      line(`${d.file}: filing index (${d.format}), ${d.stats.rows} rows, ${d.filings.length} filings kept`);
      line(
        `  by filing type: ${Object.entries(d.stats.byFilingType)
          .sort()
          .map(([t, n]) => `${t}=${n}`)
          .join(' ')}`,
      );
      line(`  duplicate DocIDs: ${d.stats.duplicateDocIds}, empty filing dates: ${d.stats.emptyDates}, quarantined rows: ${d.quarantined.length}`);
      for (const q of d.quarantined.slice(0, 10)) line(`  quarantined row ${q.row}: ${q.reason}`);
      break;
    }
    case 'ptr': {
      if (d.status === 'quarantined') {
        line(`${d.file}: QUARANTINED — ${d.reason}: ${d.detail}`);
        break;
      }
      line(
        `${d.file}: PTR ${d.docId ?? '(no DocID in the name)'} — ${d.header.name ?? '?'} (${d.header.stateDistrict ?? '?'}), signed ${d.header.signedDate ?? '?'}, ${d.transactions.length} transactions`,
      );
      if (d.transactions.some((t) => t.is_synthetic)) line('  SYNTHETIC: generated test data, not a real filing');
      for (const t of d.transactions) {
        line(
          `  ${t.transaction_id}  ${t.transaction_date}  ${t.transaction_type.padEnd(14)} ${(t.owner || '-').padEnd(3)} ${(t.ticker ?? '-').padEnd(6)} ${money(t.amount_low)}–${money(t.amount_high)}  ${t.asset_name}`,
        );
      }
      for (const w of d.warnings) line(`  warning: ${w}`);
      break;
    }
    case 'zip':
      line(`${d.file}: zip with ${d.entries.length} entries`);
      for (const e of d.entries) out.push(renderDescription(e, `${indent}  `));
      break;
    case 'unsupported':
    case 'invalid':
      line(`${d.file}: ${d.detail}`);
      break;
  }
  return out.join('\n');
}

const USAGE = 'lake house-fd parse <file.pdf|.xml|.txt|.zip> [--json]';

/** Exit 0 when the file was understood (even if quarantined), 1 for a corrupt file, 2 for an unsupported kind. */
export const parseCommand: PipelineCommand = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    const [sub, file] = positionals;
    if (sub !== 'parse' || !file) throw new UsageError(USAGE);
    // Imported here, not above: the parsers (pdf.js) are heavy and `lake --help` loads this file.
    const { describeFile } = await import('@medallion/house-fd');
    const description = await describeFile(file);
    console.log(values.json ? JSON.stringify(description, null, 2) : renderDescription(description));
    return description.kind === 'unsupported' ? 2 : description.kind === 'invalid' ? 1 : 0;
  },
};
