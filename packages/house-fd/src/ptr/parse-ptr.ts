import type { SilverTransaction } from '../types';
import { usDateToIso } from '../dates';
import { nameTokens } from '../members/names';
import { parseAmount, parseAssetCell, transactionTypeOf } from './fields';
import { itemsToLines, quarantine, readPdfLines, type PtrQuarantineReason, type Quarantine, type TextLine } from './pdf-text';
import { assembleRows, type RawRow } from './rows';
import { dateSuspectReason } from './suspect-dates';
import { splitSections, type PtrHeader } from './sections';

export interface PtrMeta {
  docId: string;
  /** From the index ('YYYY-MM-DD'); falls back to the signature date. */
  filingDate?: string | null;
  bioguideId?: string | null;
  batchSeq?: number;
  /** Batch timestamp (ISO), written as silver_ingest_ts; its date is "today" for date_suspect_reason. */
  ingestTs: string;
  /** Default: the PDF carries the generator's marker, or the DocID starts with 99. */
  isSynthetic?: boolean;
  /** From the index ("Nancy Pelosi"); falls back to the PDF's Name line without its title. */
  filerName?: string | null;
  /** From the index ("CA11"); falls back to the PDF's State/District line. */
  stateDistrict?: string | null;
  /** Quarantine a PDF whose "Filing ID #" differs from docId (default true). */
  checkDocId?: boolean;
}

export interface PtrParsed {
  status: 'ok';
  header: PtrHeader;
  transactions: SilverTransaction[];
  warnings: string[];
}

export type PtrResult = PtrParsed | Quarantine;
export type { PtrQuarantineReason, Quarantine as PtrQuarantine, PtrHeader };

/** "Hon. Nancy Pelosi" → "Nancy Pelosi": the leading honorifics dropped, the rest as printed. */
function nameWithoutTitle(name: string | null): string | null {
  if (!name) return null;
  const words = name.split(/\s+/);
  while (words.length > 1 && nameTokens(words[0]).length === 0) words.shift();
  return words.join(' ');
}

type RowOutcome =
  | {
      row: Omit<
        SilverTransaction,
        'transaction_id' | 'doc_id' | 'filing_date' | 'bioguide_id' | 'filer_name' | 'state_district' | 'is_synthetic' | 'silver_ingest_ts'
      >;
    }
  | { problem: string };

function toTransaction(raw: RawRow, batchDate: string): RowOutcome {
  const asset = parseAssetCell(raw.assetLines.join(' '));
  if (!asset.assetName) return { problem: `no asset name before "${raw.anchor.type} ${raw.anchor.transactionDate}"` };
  const type = transactionTypeOf(raw.anchor.type);
  if (!type) return { problem: `unknown transaction type ${JSON.stringify(raw.anchor.type)}` };
  const transactionDate = usDateToIso(raw.anchor.transactionDate);
  if (!transactionDate) return { problem: `transaction date ${raw.anchor.transactionDate} is not a date` };
  const notificationDate = usDateToIso(raw.anchor.notificationDate);
  if (!notificationDate) return { problem: `notification date ${raw.anchor.notificationDate} is not a date` };
  const amount = parseAmount(raw.amountText);
  if (!amount) return { problem: `amount ${JSON.stringify(raw.amountText)} is not a range, "Over $…" or an exact amount` };
  const detail = (label: string) => raw.details.find((d) => d.label === label)?.text || null;
  return {
    row: {
      owner: asset.owner,
      asset_name: asset.assetName,
      ticker: asset.ticker,
      asset_type: asset.assetType,
      transaction_type: type,
      transaction_date: transactionDate,
      notification_date: notificationDate,
      amount_low: amount.low,
      amount_high: amount.high,
      description: detail('Description'),
      subholding_of: detail('Subholding Of'),
      date_suspect_reason: dateSuspectReason(transactionDate, notificationDate, batchDate),
    },
  };
}

/**
 * A Periodic Transaction Report PDF → silver transaction rows, in PDF order
 * (transaction_id '<DocID>-001', …). Never throws: anything that is not a readable e-filed PTR
 * comes back as { status: 'quarantined', reason, detail }. A row that cannot be read completely
 * quarantines the whole document (partial filings never reach silver).
 */
export async function parsePtrPdf(bytes: Uint8Array, meta: PtrMeta): Promise<PtrResult> {
  const read = await readPdfLines(bytes);
  if ('status' in read) return read;
  return parsePtrPages(read.pages, meta);
}

/**
 * The layout half of parsePtrPdf, for text already extracted: either lines with font sizes, or
 * plain page texts as unpdf's extractText(…, { mergePages: false }) returns them (NULs and all);
 * without sizes, wrapped descriptions are told from the next row by line length.
 */
export function parsePtrPages(pages: TextLine[][] | string[], meta: PtrMeta): PtrResult {
  const lines = pages.map((p, i) =>
    typeof p === 'string'
      ? itemsToLines(
          p.split('\n').map((str) => ({ str, fontSize: 0, hasEOL: true })),
          i + 1,
        )
      : p,
  );
  if (lines.every((p) => p.length === 0)) return quarantine('no_text_layer', `${lines.length} page(s) without text`);
  const sections = splitSections(lines);
  if (sections.missingTable) return quarantine('not_a_ptr', 'no Transactions table: this PDF is not an e-filed Periodic Transaction Report');
  if (meta.checkDocId !== false && sections.filingId && sections.filingId !== meta.docId) {
    return quarantine('doc_id_mismatch', `the PDF says "Filing ID #${sections.filingId}" but was fetched as DocID ${meta.docId}`);
  }
  const { rows, strays } = assembleRows(sections.body);
  const warnings = strays.map((s) => `line not part of any row: ${JSON.stringify(s)}`);
  if (rows.length === 0 && sections.body.length > 0) {
    return quarantine('unparseable', `the Transactions table has ${sections.body.length} line(s) but no row with a type and two dates`);
  }
  if (rows.length === 0) warnings.push('the Transactions table is empty');
  const problems: string[] = [];
  const common = {
    doc_id: meta.docId,
    filing_date: meta.filingDate ?? sections.header.signedDate,
    bioguide_id: meta.bioguideId ?? null,
    filer_name: meta.filerName ?? nameWithoutTitle(sections.header.name),
    state_district: meta.stateDistrict ?? sections.header.stateDistrict,
    is_synthetic: meta.isSynthetic ?? (sections.synthetic || meta.docId.startsWith('99')),
    silver_ingest_ts: meta.ingestTs,
  };
  const transactions: SilverTransaction[] = [];
  rows.forEach((raw, i) => {
    const outcome = toTransaction(raw, meta.ingestTs.slice(0, 10));
    if ('problem' in outcome) problems.push(`row ${i + 1} (page ${raw.page}): ${outcome.problem}`);
    else {
      const { is_synthetic, silver_ingest_ts, ...ids } = common;
      // Contract column order: ids, row fields, then the lineage columns.
      transactions.push({ transaction_id: `${meta.docId}-${String(i + 1).padStart(3, '0')}`, ...ids, ...outcome.row, is_synthetic, silver_ingest_ts });
    }
  });
  if (problems.length) return quarantine('unparseable', problems.join('; '));
  return { status: 'ok', header: sections.header, transactions, warnings };
}
