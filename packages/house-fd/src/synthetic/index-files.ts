import { isoToUsDate } from '../dates';
import { INDEX_COLUMNS } from '../filing-index/raw-rows';
import type { SyntheticFiling } from './model';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function cells(f: SyntheticFiling): Record<(typeof INDEX_COLUMNS)[number], string> {
  return {
    Prefix: f.prefix,
    Last: f.last,
    First: f.first,
    Suffix: f.suffix,
    FilingType: 'P',
    StateDst: f.stateDst,
    Year: String(f.year),
    FilingDate: isoToUsDate(f.filingDate, false),
    DocID: f.docId,
  };
}

/** YYYYFD.xml the way the Clerk writes it: UTF-8 BOM, CRLF, two-space indent, `<Suffix />` when empty, unpadded dates. */
export function renderIndexXml(filings: SyntheticFiling[]): string {
  const lines = ['\uFEFF<?xml version="1.0" encoding="utf-8"?>', '<FinancialDisclosure>'];
  for (const f of filings) {
    lines.push('  <Member>');
    for (const [col, value] of Object.entries(cells(f))) lines.push(value ? `    <${col}>${escapeXml(value)}</${col}>` : `    <${col} />`);
    lines.push('  </Member>');
  }
  lines.push('</FinancialDisclosure>');
  return lines.join('\r\n');
}

/** YYYYFD.txt: tab-separated, header row, CRLF, no BOM. */
export function renderIndexTxt(filings: SyntheticFiling[]): string {
  const rows = [INDEX_COLUMNS.join('\t'), ...filings.map((f) => INDEX_COLUMNS.map((c) => cells(f)[c]).join('\t'))];
  return `${rows.join('\r\n')}\r\n`;
}
