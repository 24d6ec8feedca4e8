import { XMLParser } from 'fast-xml-parser';

/** The index columns as the Clerk names them, in file order. */
export const INDEX_COLUMNS = ['Prefix', 'Last', 'First', 'Suffix', 'FilingType', 'StateDst', 'Year', 'FilingDate', 'DocID'] as const;
export type IndexColumn = (typeof INDEX_COLUMNS)[number];
export type RawIndexRow = Partial<Record<IndexColumn, string>>;

/** A row that could not even be read as columns (TXT with a wrong number of tabs). */
export interface UnreadableRow {
  row: number;
  reason: string;
  raw: unknown;
}

/** Index files are UTF-8 (with a BOM); fall back to Windows-1252 if a file is not valid UTF-8. */
export function decodeIndexText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  return text.replace(/^\uFEFF/, '');
}

const xml = new XMLParser({
  // Strings stay strings: DocIDs and StateDst have meaningful leading zeros ('00' at-large).
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  trimValues: true,
  isArray: (name) => name === 'Member',
});

/** `<FinancialDisclosure><Member>…</Member>…` → raw rows; empty elements (`<Prefix />`) become ''. */
export function readXmlRows(text: string): RawIndexRow[] {
  const doc = xml.parse(text) as { FinancialDisclosure?: { Member?: Record<string, unknown>[] } | string };
  if (doc.FinancialDisclosure === undefined) throw new Error('not a Clerk FD index: no <FinancialDisclosure> root element');
  const members = typeof doc.FinancialDisclosure === 'object' ? (doc.FinancialDisclosure.Member ?? []) : [];
  return members.map((m) => {
    const row: RawIndexRow = {};
    for (const col of INDEX_COLUMNS) {
      const v = m?.[col];
      row[col] = v === undefined || v === null ? '' : typeof v === 'object' ? '' : String(v);
    }
    return row;
  });
}

/**
 * Tab-separated, CRLF, header row first. Columns are found by header name; values are taken
 * literally (no CSV quoting: nicknames keep their double quotes, e.g. `Charles J. "Chuck"`).
 */
export function readTxtRows(text: string): { rows: (RawIndexRow | null)[]; unreadable: UnreadableRow[] } {
  const lines = text.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const header = (lines.shift() ?? '').split('\t').map((h) => h.trim());
  const missing = INDEX_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new Error(`not a Clerk FD index: TXT header lacks ${missing.join(', ')}`);
  const rows: (RawIndexRow | null)[] = [];
  const unreadable: UnreadableRow[] = [];
  lines.forEach((line, i) => {
    const cells = line.split('\t');
    if (cells.length !== header.length) {
      unreadable.push({ row: i + 1, reason: `expected ${header.length} tab-separated columns, found ${cells.length}`, raw: line });
      rows.push(null);
      return;
    }
    const row: RawIndexRow = {};
    for (const col of INDEX_COLUMNS) row[col] = cells[header.indexOf(col)].trim();
    rows.push(row);
  });
  return { rows, unreadable };
}
