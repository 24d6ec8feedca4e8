import type { SilverFiling } from '../types';
import { usDateToIso } from '../dates';
import { displayName } from '../members/names';
import { decodeIndexText, readTxtRows, readXmlRows, type RawIndexRow } from './raw-rows';

export interface ParseIndexOptions {
  /** The index's year (from the zip name); used when a row's Year is empty. */
  year?: number;
  batchSeq: number;
  /** Batch timestamp (ISO); written as silver_ingest_ts, never now(). */
  ingestTs: string;
  /** Force the synthetic flag; by default a row is synthetic when Prefix is SYNTHETIC and DocID starts with 99. */
  isSynthetic?: boolean;
}

export interface QuarantinedIndexRow {
  row: number;
  reason: string;
  raw: unknown;
}

export interface IndexStats {
  /** Data rows in the file (header excluded), including quarantined and duplicate rows. */
  rows: number;
  /** Rows per FilingType among the kept filings (one per DocID). */
  byFilingType: Record<string, number>;
  /** Rows dropped because an earlier row had the same DocID. */
  duplicateDocIds: number;
  /** Kept filings with an empty FilingDate (filing_date null). */
  emptyDates: number;
}

export interface ParsedIndex {
  filings: SilverFiling[];
  quarantined: QuarantinedIndexRow[];
  stats: IndexStats;
}

/**
 * A state and a district, as filers type them: "CA11", "KS01", and forms seen in real rows such as
 * "KS/01" (2020), "KS-01", "KS 01", "KS1". All are normalised to the state and a two-digit district.
 */
const STATE_DISTRICT = /^([A-Z]{2})\s*[-/ ]?\s*(\d{1,2})$/;
const DOC_ID = /^[0-9A-Za-z]+$/;

type RowResult = { filing: SilverFiling } | { reason: string };

function toFiling(raw: RawIndexRow, opts: ParseIndexOptions): RowResult {
  const v = (c: keyof RawIndexRow) => (raw[c] ?? '').trim();
  const docId = v('DocID');
  // DocIDs become object keys (ptr-pdfs/YYYY/<DocID>.pdf): anything but letters and digits is refused.
  if (!DOC_ID.test(docId)) return { reason: docId ? `DocID ${JSON.stringify(docId)} is not alphanumeric` : 'empty DocID' };
  const filingType = v('FilingType');
  if (!filingType) return { reason: 'empty FilingType' };
  const yearText = v('Year');
  const year = yearText ? Number(yearText) : opts.year;
  if (!Number.isInteger(year)) return { reason: `Year ${JSON.stringify(yearText)} is not a year` };
  const dateText = v('FilingDate');
  const filingDate = dateText ? usDateToIso(dateText) : null;
  if (dateText && !filingDate) return { reason: `FilingDate ${JSON.stringify(dateText)} is not a M/D/YYYY date` };
  const stateDstText = v('StateDst').toUpperCase();
  const sd = STATE_DISTRICT.exec(stateDstText);
  if (stateDstText && !sd) return { reason: `StateDst ${JSON.stringify(stateDstText)} is not like CA11 or AK00` };
  const stateDst = sd ? `${sd[1]}${sd[2].padStart(2, '0')}` : '';
  const last = v('Last');
  if (!last) return { reason: 'empty Last name' };
  const prefix = v('Prefix') || null;
  const first = v('First');
  const suffix = v('Suffix');
  return {
    filing: {
      doc_id: docId,
      year: year as number,
      filing_type: filingType,
      prefix,
      last_name: last,
      first_name: first || null,
      suffix: suffix || null,
      filer_name: displayName(first, last, suffix),
      state_district: stateDst || null,
      state: sd ? sd[1] : null,
      district: sd ? Number(sd[2]) : null,
      filing_date: filingDate,
      bioguide_id: null,
      batch_seq: opts.batchSeq,
      is_synthetic: opts.isSynthetic ?? (prefix === 'SYNTHETIC' && docId.startsWith('99')),
      silver_ingest_ts: opts.ingestTs,
    },
  };
}

const sameRow = (a: SilverFiling, b: SilverFiling) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A yearly index (YYYYFD.xml or YYYYFD.txt) → silver filings.
 *
 * - Duplicate DocIDs (the real 2025FD.xml lists 10072224 three times): the first row is kept;
 *   later identical rows are only counted, later rows that differ are also quarantined so
 *   nothing is silently lost.
 * - Empty FilingDate (withdrawals, W) is valid: filing_date is null, the row is kept.
 * - Rows without DocID/FilingType/Last, or with a malformed date/StateDst, are quarantined.
 */
export function parseFilingIndex(bytes: Uint8Array, format: 'xml' | 'txt', opts: ParseIndexOptions): ParsedIndex {
  const text = decodeIndexText(bytes);
  const quarantined: QuarantinedIndexRow[] = [];
  let rawRows: (RawIndexRow | null)[];
  if (format === 'xml') rawRows = readXmlRows(text);
  else {
    const read = readTxtRows(text);
    rawRows = read.rows;
    quarantined.push(...read.unreadable);
  }
  const byDocId = new Map<string, SilverFiling>();
  const stats: IndexStats = { rows: rawRows.length, byFilingType: {}, duplicateDocIds: 0, emptyDates: 0 };
  rawRows.forEach((raw, i) => {
    if (!raw) return;
    const result = toFiling(raw, opts);
    if ('reason' in result) {
      quarantined.push({ row: i + 1, reason: result.reason, raw });
      return;
    }
    const earlier = byDocId.get(result.filing.doc_id);
    if (earlier) {
      stats.duplicateDocIds++;
      if (!sameRow(earlier, result.filing))
        quarantined.push({ row: i + 1, reason: `duplicate DocID ${result.filing.doc_id} with different values (first row kept)`, raw });
      return;
    }
    byDocId.set(result.filing.doc_id, result.filing);
  });
  const filings = [...byDocId.values()];
  for (const f of filings) {
    stats.byFilingType[f.filing_type] = (stats.byFilingType[f.filing_type] ?? 0) + 1;
    if (f.filing_date === null) stats.emptyDates++;
  }
  quarantined.sort((a, b) => a.row - b.row);
  return { filings, quarantined, stats };
}
