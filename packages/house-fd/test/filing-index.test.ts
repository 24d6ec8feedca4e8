import { describe, expect, it } from '@jest/globals';
import { parseFilingIndex, readZipEntries, writeDeterministicZip } from '../src/index';
import { silverFilingSchema } from '../src/types';
import { INGEST_TS, readSource } from './helpers';

const utf8 = (s: string) => new TextEncoder().encode(s);
const opts = { batchSeq: 7, ingestTs: INGEST_TS };

describe('parseFilingIndex on the real 2025FD.xml', () => {
  const zip = readZipEntries(readSource('financial-pdfs/2025FD.zip'));
  const parsed = parseFilingIndex(zip['2025FD.xml'], 'xml', { year: 2025, ...opts });

  it('reads every row, keeps one filing per DocID and quarantines nothing', () => {
    // Counted independently: grep -c '<Member>' → 1618; DocID 10072224 appears 3 times.
    expect(parsed.stats.rows).toBe(1618);
    expect(parsed.stats.duplicateDocIds).toBe(2);
    expect(parsed.filings).toHaveLength(1616);
    expect(parsed.quarantined).toEqual([]);
    expect(new Set(parsed.filings.map((f) => f.doc_id)).size).toBe(1616);
  });

  it('counts every filing type exactly', () => {
    // grep -o '<FilingType>.</FilingType>' | sort | uniq -c, minus the 2 duplicate C rows.
    expect(parsed.stats.byFilingType).toEqual({ A: 32, B: 2, C: 563, D: 99, E: 5, G: 5, H: 1, O: 1, P: 471, T: 49, W: 27, X: 361 });
  });

  it('keeps the 5 empty-date withdrawals with filing_date null', () => {
    expect(parsed.stats.emptyDates).toBe(5);
    const empty = parsed.filings.filter((f) => f.filing_date === null);
    expect(empty.map((f) => f.doc_id).sort()).toEqual(['8221151', '8221169', '8221181', '8221241', '8221242']);
    expect(empty.every((f) => f.filing_type === 'W' && f.state_district === null && f.district === null)).toBe(true);
  });

  it('maps fields to the silver contract (unpadded dates, strings kept, BOM gone)', () => {
    const first = parsed.filings[0];
    expect(first).toEqual({
      doc_id: '40003749',
      year: 2025,
      filing_type: 'D',
      prefix: null,
      last_name: 'Aaron',
      first_name: 'Richard',
      suffix: null,
      filer_name: 'Richard Aaron',
      state_district: 'MI04',
      state: 'MI',
      district: 4,
      filing_date: '2025-03-24',
      bioguide_id: null,
      batch_seq: 7,
      is_synthetic: false,
      silver_ingest_ts: INGEST_TS,
    });
    for (const f of parsed.filings) silverFilingSchema.parse(f);
    const pelosi = parsed.filings.find((f) => f.doc_id === '20026590');
    expect(pelosi).toMatchObject({ prefix: 'Hon.', filer_name: 'Nancy Pelosi', state_district: 'CA11', filing_type: 'P', filing_date: '2025-01-17' });
  });

  it('keeps at-large districts as 00 / district 0', () => {
    const atLarge = parsed.filings.filter((f) => f.state_district?.endsWith('00'));
    expect(atLarge.length).toBe(27);
    expect(atLarge.every((f) => f.district === 0)).toBe(true);
    expect(parsed.filings.find((f) => f.state_district === 'AK00')?.state).toBe('AK');
  });

  it('removes titles leaking into First from filer_name, keeps first_name as filed', () => {
    const leaked = parsed.filings.filter((f) => f.first_name === 'Mark Dr');
    expect(leaked).toHaveLength(9);
    expect(new Set(leaked.map((f) => f.filer_name))).toEqual(new Set(['Mark Green']));
    expect(parsed.filings.find((f) => f.first_name === 'Michael David Ltc (Ret)')?.filer_name).toMatch(/^Michael David \S/);
  });
});

describe('parseFilingIndex on the real 2023FD.zip (XML and TXT)', () => {
  const zip = readZipEntries(readSource('financial-pdfs/2023FD.zip'));

  it('contains both files', () => {
    expect(Object.keys(zip).sort()).toEqual(['2023FD.txt', '2023FD.xml']);
  });

  it('gives the same filings from the XML and the TXT', () => {
    const xml = parseFilingIndex(zip['2023FD.xml'], 'xml', { year: 2023, ...opts });
    const txt = parseFilingIndex(zip['2023FD.txt'], 'txt', { year: 2023, ...opts });
    expect(xml.stats.rows).toBe(1549);
    expect(xml.filings).toHaveLength(1549);
    expect(txt.filings).toEqual(xml.filings);
    expect(txt.stats).toEqual(xml.stats);
    expect(txt.quarantined).toEqual([]);
    expect(xml.stats.byFilingType).toEqual({ A: 47, B: 7, C: 578, D: 77, E: 3, G: 8, P: 460, T: 64, W: 15, X: 290 });
    expect(xml.stats.emptyDates).toBe(9);
    // Nicknames keep their quotes in TXT (no CSV quoting).
    expect(txt.filings.find((f) => f.doc_id === '8219359')?.first_name).toBe('Charles J. "Chuck"');
  });
});

describe('parseFilingIndex on bad rows', () => {
  const xml = (members: string) => utf8(`\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<FinancialDisclosure>${members}</FinancialDisclosure>`);
  const member = (f: Record<string, string>) =>
    `<Member>${Object.entries({
      Prefix: '',
      Last: 'Doe',
      First: 'Jane',
      Suffix: '',
      FilingType: 'P',
      StateDst: 'TX07',
      Year: '2025',
      FilingDate: '3/4/2025',
      DocID: '20000001',
      ...f,
    })
      .map(([k, v]) => (v ? `<${k}>${v}</${k}>` : `<${k} />`))
      .join('')}</Member>`;

  it('quarantines rows it cannot trust, with the row number and the reason', () => {
    const res = parseFilingIndex(
      xml(
        [
          member({}),
          member({ DocID: '' }),
          member({ DocID: '../../etc' }),
          member({ FilingDate: '2/30/2025', DocID: '3' }),
          member({ StateDst: 'Texas', DocID: '4' }),
          member({ FilingType: '', DocID: '5' }),
          member({ DocID: '20000001', First: 'Janet' }),
          member({}),
        ].join(''),
      ),
      'xml',
      opts,
    );
    expect(res.filings.map((f) => f.doc_id)).toEqual(['20000001']);
    expect(res.quarantined.map((q) => [q.row, q.reason])).toEqual([
      [2, 'empty DocID'],
      [3, 'DocID "../../etc" is not alphanumeric'],
      [4, 'FilingDate "2/30/2025" is not a M/D/YYYY date'],
      [5, 'StateDst "TEXAS" is not like CA11 or AK00'],
      [6, 'empty FilingType'],
      [7, 'duplicate DocID 20000001 with different values (first row kept)'],
    ]);
    expect(res.stats.duplicateDocIds).toBe(2);
  });

  it('normalises StateDst forms like the real 2020 "KS/01" to KS01, and still quarantines garbage', () => {
    const forms = ['KS/01', 'KS-01', 'KS 01', 'ks01', 'KS1', 'KS / 01'];
    const res = parseFilingIndex(xml(forms.map((StateDst, i) => member({ StateDst, DocID: String(30000001 + i) })).join('')), 'xml', opts);
    expect(res.quarantined).toEqual([]);
    expect(res.filings.map((f) => [f.state_district, f.state, f.district])).toEqual(forms.map(() => ['KS01', 'KS', 1]));
    const bad = ['KS/1/2', 'K/01', 'KS//01', 'KS 001', 'KANSAS 1', '01KS'];
    const rejected = parseFilingIndex(xml(bad.map((StateDst, i) => member({ StateDst, DocID: String(30000101 + i) })).join('')), 'xml', opts);
    expect(rejected.filings).toEqual([]);
    expect(rejected.quarantined.map((q) => q.reason)).toEqual(bad.map((b) => `StateDst ${JSON.stringify(b)} is not like CA11 or AK00`));
  });

  it('keeps leading zeros and never coerces numbers', () => {
    const res = parseFilingIndex(xml(member({ DocID: '00012345', StateDst: 'VT00' })), 'xml', opts);
    expect(res.filings[0]).toMatchObject({ doc_id: '00012345', state_district: 'VT00', district: 0 });
  });

  it('accepts a single Member and an empty index', () => {
    expect(parseFilingIndex(xml(member({})), 'xml', opts).filings).toHaveLength(1);
    expect(parseFilingIndex(xml(''), 'xml', opts).filings).toEqual([]);
  });

  it('rejects a file that is not an index', () => {
    expect(() => parseFilingIndex(utf8('<html></html>'), 'xml', opts)).toThrow(/FinancialDisclosure/);
    expect(() => parseFilingIndex(utf8('a\tb\n1\t2\n'), 'txt', opts)).toThrow(/header lacks/);
  });

  it('quarantines TXT lines with the wrong number of columns', () => {
    const header = 'Prefix\tLast\tFirst\tSuffix\tFilingType\tStateDst\tYear\tFilingDate\tDocID';
    const res = parseFilingIndex(utf8(`${header}\r\n\tDoe\tJane\t\tP\tTX07\t2025\t3/4/2025\t1\r\n\tDoe\tJane\tP\r\n`), 'txt', opts);
    expect(res.filings).toHaveLength(1);
    expect(res.quarantined).toEqual([{ row: 2, reason: 'expected 9 tab-separated columns, found 4', raw: '\tDoe\tJane\tP' }]);
  });

  it('flags SYNTHETIC rows with 99 DocIDs', () => {
    const res = parseFilingIndex(xml(member({ Prefix: 'SYNTHETIC', DocID: '99250001' }) + member({ Prefix: 'SYNTHETIC', DocID: '20000002' })), 'xml', opts);
    expect(res.filings.map((f) => f.is_synthetic)).toEqual([true, false]);
  });
});

describe('writeDeterministicZip', () => {
  it('round-trips and is byte-stable', () => {
    const files: [string, Uint8Array][] = [
      ['a.txt', utf8('hello')],
      ['b.xml', utf8('<x/>')],
    ];
    const a = writeDeterministicZip(files);
    expect(Buffer.from(writeDeterministicZip(files)).equals(Buffer.from(a))).toBe(true);
    expect(Object.keys(readZipEntries(a))).toEqual(['a.txt', 'b.xml']);
  });
});
