import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parsePtrPdf } from '../src/index';
import { parseAmount, parseAssetCell } from '../src/ptr/fields';
import { decodeSmallCaps } from '../src/ptr/labels';
import { parsePtrPages, type PtrParsed, type PtrResult } from '../src/ptr/parse-ptr';
import { dateSuspectReason } from '../src/ptr/suspect-dates';
import { INGEST_TS, readSource } from './helpers';

// Small-caps labels as the Clerk's PDFs extract: first letter, then NULs.
const nul = (word: string) => word[0] + '\u0000'.repeat(word.length - 1);
const FILING_STATUS = `${nul('Filing')} ${nul('Status')}:`;
const DESCRIPTION = `${nul('Description')}:`;
const SUBHOLDING = `${nul('Subholding')} ${nul('Of')}:`;
const TABLE_HEAD = 'ID Owner Asset Transaction\nType\nDate Notification\nDate\nAmount Cap.\nGains >\n$200?';
const page1 = (rows: string) =>
  [
    `${nul('Periodic')} ${nul('Transaction')} ${nul('Report')}`,
    'Clerk of the House of Representatives • Legislative Resource Center • B81 Cannon Building • Washington, DC 20515',
    `${nul('Filer')} ${nul('Information')}`,
    'Name: Hon. Jane Q. Doe',
    'Status: Member',
    'State/District: TX07',
    nul('Transactions'),
    TABLE_HEAD,
    rows,
    'Filing ID #20000001',
  ].join('\n');
const lastPage = (rows: string) =>
  [
    TABLE_HEAD,
    rows,
    '* For the complete list of asset type abbreviations, please visit https://fd.house.gov/reference/asset-type-codes.aspx.',
    `${nul('Initial')} ${nul('Public')} ${nul('Offerings')}`,
    'Digitally Signed: Hon. Jane Q. Doe , 03/10/2025',
  ].join('\n');
const meta = { docId: '20000001', ingestTs: INGEST_TS };

function ok(res: PtrResult): PtrParsed {
  if (res.status !== 'ok') throw new Error(`quarantined: ${res.reason}: ${res.detail}`);
  return res;
}

describe('small-caps labels', () => {
  it('rebuilds labels from their NUL shapes', () => {
    expect(decodeSmallCaps(`${FILING_STATUS} New`)).toBe('Filing Status: New');
    expect(decodeSmallCaps(`${DESCRIPTION} Sold`)).toBe('Description: Sold');
    expect(decodeSmallCaps(`${SUBHOLDING} IRA`)).toBe('Subholding Of: IRA');
    expect(decodeSmallCaps(`${nul('Certification')} \u0000\u0000\u0000 ${nul('Signature')}`)).toBe('Certification and Signature');
    expect(decodeSmallCaps('Q\u0000\u0000 x')).toBe('Q x');
  });
});

describe('parseAmount', () => {
  it.each([
    ['$1,001 - $15,000', 1001, 15000],
    ['$15,001 - $50,000', 15001, 50000],
    ['$1,000,001 - $5,000,000', 1000001, 5000000],
    ['$5,000,001 - $25,000,000', 5000001, 25000000],
    ['$25,000,001 - $50,000,000', 25000001, 50000000],
    ['$250,001 -\n$500,000', 250001, 500000],
    ['$1,001 -$15,000', 1001, 15000],
    ['Over $50,000,000', 50000001, null],
    ['Spouse/DC Over $1,000,000', 1000001, null],
    ['$12,345', 12345, 12345],
    ['$1,234.56', 1235, 1235],
  ])('%j → %d..%j', (text, low, high) => {
    expect(parseAmount(text)).toEqual({ low, high });
  });
  it('refuses what is not an amount', () => {
    expect(parseAmount('None')).toBeNull();
    expect(parseAmount('$1,001 -')).toBeNull();
  });
});

describe('parseAssetCell', () => {
  it('splits owner, name, ticker and asset type', () => {
    expect(parseAssetCell('SP Alphabet Inc. - Class A Common Stock (GOOGL) [OP]')).toEqual({
      owner: 'SP',
      assetName: 'Alphabet Inc. - Class A Common Stock',
      ticker: 'GOOGL',
      assetType: 'OP',
    });
    expect(parseAssetCell('Berkshire Hathaway Inc. New Common Stock (BRK.B) [ST]')).toEqual({
      owner: 'self',
      assetName: 'Berkshire Hathaway Inc. New Common Stock',
      ticker: 'BRK.B',
      assetType: 'ST',
    });
    expect(parseAssetCell('DC US Treasury Bill 4.25% Due 06/30/2026 [GS]')).toEqual({
      owner: 'DC',
      assetName: 'US Treasury Bill 4.25% Due 06/30/2026',
      ticker: null,
      assetType: 'GS',
    });
    expect(parseAssetCell('JT Private Equity Fund III, L.P. (Series B)')).toEqual({
      owner: 'JT',
      assetName: 'Private Equity Fund III, L.P. (Series B)',
      ticker: null,
      assetType: null,
    });
  });
});

describe('date_suspect_reason', () => {
  it('keeps rows whose trade date cannot be right, saying why (the real 09/19/2202 typo among them)', () => {
    const rows = [
      // A real 2025 House PTR dates a trade 09/19/2202 (the row is rebuilt here: the PDF is not among the fixtures).
      'SP Microsoft Corporation - Common Stock (MSFT) [ST] P 09/19/2202 09/22/2025 $1,001 - $15,000',
      `${FILING_STATUS} New`,
      'Apple Inc. - Common Stock (AAPL) [ST] S 03/05/2025 03/04/2025 $1,001 - $15,000',
      `${FILING_STATUS} New`,
      'Exxon Mobil Corporation (XOM) [ST] P 01/02/2007 01/03/2025 $1,001 - $15,000',
      `${FILING_STATUS} New`,
      'NVIDIA Corporation (NVDA) [ST] P 01/14/2025 01/15/2025 $1,001 - $15,000',
      `${FILING_STATUS} New`,
    ].join('\n');
    const res = ok(parsePtrPages([page1(rows), lastPage('')], meta)); // batch date: INGEST_TS, 2025-12-31
    expect(res.transactions.map((t) => [t.ticker, t.transaction_date, t.date_suspect_reason])).toEqual([
      ['MSFT', '2202-09-19', 'future'],
      ['AAPL', '2025-03-05', 'after_notification'],
      ['XOM', '2007-01-02', 'before_2008'],
      ['NVDA', '2025-01-14', null],
    ]);
  });

  it('judges "future" against the batch date, not the clock', () => {
    expect(dateSuspectReason('2025-06-02', '2025-06-03', '2025-06-01')).toBe('future');
    expect(dateSuspectReason('2025-06-01', '2025-06-03', '2025-06-01')).toBeNull();
    expect(dateSuspectReason('2008-01-01', null, '2025-06-01')).toBeNull();
  });
});

describe('parsePtrPages on extracted text (no font sizes)', () => {
  const fixture = (id: string) =>
    (JSON.parse(readFileSync(new URL(`./fixtures/${id}.extract-text.json`, import.meta.url), 'utf8')) as { pages: string[] }).pages;

  it.each(['20026590', '20027933'])('the extractText output of %s gives the same rows as the PDF', async (id) => {
    const fromPdf = ok(await parsePtrPdf(readSource(`ptr-pdfs/2025/${id}.pdf`), { docId: id, ingestTs: INGEST_TS }));
    const fromText = ok(parsePtrPages(fixture(id), { docId: id, ingestTs: INGEST_TS }));
    expect(fromText.transactions).toEqual(fromPdf.transactions);
    expect(fromText.header).toEqual(fromPdf.header);
  });

  it('reads glued dates, glued type codes, owner codes and transaction types', () => {
    const rows = [
      'JT Apple Inc. - Common Stock (AAPL)',
      '[ST]',
      'S 01/14/202501/15/2025 $1,001 - $15,000',
      `${FILING_STATUS} New`,
      'DC Goldman Sachs Group, Inc. (GS) [ST]P02/03/202502/04/2025$15,001 -',
      '$50,000',
      `${FILING_STATUS} New`,
      'Fidelity Contrafund (FCNTX) [MF] E 02/05/2025 02/06/2025 $50,001 - $100,000',
      `${FILING_STATUS} New`,
    ].join('\n');
    const res = ok(parsePtrPages([page1(rows), lastPage('')], meta));
    expect(res.transactions.map((t) => [t.owner, t.ticker, t.transaction_type, t.transaction_date, t.notification_date, t.amount_low, t.amount_high])).toEqual([
      ['JT', 'AAPL', 'Sale', '2025-01-14', '2025-01-15', 1001, 15000],
      ['DC', 'GS', 'Purchase', '2025-02-03', '2025-02-04', 15001, 50000],
      ['self', 'FCNTX', 'Exchange', '2025-02-05', '2025-02-06', 50001, 100000],
    ]);
    expect(res.header).toEqual({ name: 'Hon. Jane Q. Doe', status: 'Member', stateDistrict: 'TX07', signedDate: '2025-03-10' });
    expect(res.transactions[0]).toMatchObject({ transaction_id: '20000001-001', filer_name: 'Jane Q. Doe', state_district: 'TX07', filing_date: '2025-03-10' });
  });

  it('reads exact-dollar amounts, "Over" split over two lines, Subholding Of and assets without ticker', () => {
    const rows = [
      'SP Farmland LLC, 50% Interest [FA] P 01/02/2025 01/02/2025 $12,345',
      `${FILING_STATUS} New`,
      `${SUBHOLDING} Family Trust`,
      'US Treasury Bill 4.25% Due',
      '06/30/2026 [GS]',
      'S (partial) 01/03/2025 01/04/2025 Over',
      '$50,000,000',
      `${FILING_STATUS} New`,
      `${SUBHOLDING} Schwab Joint Account`,
      `${DESCRIPTION} Matured.`,
    ].join('\n');
    const res = ok(parsePtrPages([page1(rows), lastPage('')], meta));
    expect(
      res.transactions.map((t) => [
        t.owner,
        t.asset_name,
        t.ticker,
        t.asset_type,
        t.transaction_type,
        t.amount_low,
        t.amount_high,
        t.subholding_of,
        t.description,
      ]),
    ).toEqual([
      ['SP', 'Farmland LLC, 50% Interest', null, 'FA', 'Purchase', 12345, 12345, 'Family Trust', null],
      ['self', 'US Treasury Bill 4.25% Due 06/30/2026', null, 'GS', 'Sale (Partial)', 50000001, null, 'Schwab Joint Account', 'Matured.'],
    ]);
  });

  it('joins a row split across pages: description continued, and an asset cell cut by the page break', () => {
    const long = 'Exercised 500 call options purchased 11/22/23 (50,000 shares) at a strike price of $12 with an expiration';
    const p1 = page1(
      [
        'SP NVIDIA Corporation - Common',
        'Stock (NVDA) [OP]',
        'P 01/14/2025 01/14/2025 $250,001 -',
        '$500,000',
        `${FILING_STATUS} New`,
        `${DESCRIPTION} Sold.`,
        'SP Alphabet Inc. - Class A Common',
        'P 01/15/2025 01/16/2025 $250,001 -',
      ].join('\n'),
    );
    const p2 = lastPage(['Stock (GOOGL) [ST]', '$500,000', `${FILING_STATUS} New`].join('\n'));
    const res = ok(parsePtrPages([p1, p2], meta));
    expect(res.transactions.map((t) => [t.asset_name, t.ticker, t.asset_type, t.amount_low, t.amount_high, t.description])).toEqual([
      ['NVIDIA Corporation - Common Stock', 'NVDA', 'OP', 250001, 500000, 'Sold.'],
      ['Alphabet Inc. - Class A Common Stock', 'GOOGL', 'ST', 250001, 500000, null],
    ]);

    const p1b = page1(
      [
        'SP NVIDIA Corporation - Common',
        'Stock (NVDA) [OP]',
        'P 01/14/2025 01/14/2025 $250,001 -',
        '$500,000',
        `${FILING_STATUS} New`,
        `${DESCRIPTION} ${long}`,
      ].join('\n'),
    );
    const p2b = lastPage(
      ['date of 12/20/24.', 'SP Alphabet Inc. - Class A Common', 'Stock (GOOGL) [ST]', 'P 01/15/2025 01/16/2025 $1,001 - $15,000', `${FILING_STATUS} New`].join(
        '\n',
      ),
    );
    const res2 = ok(parsePtrPages([p1b, p2b], meta));
    expect(res2.transactions.map((t) => [t.asset_name, t.description])).toEqual([
      ['NVIDIA Corporation - Common Stock', `${long} date of 12/20/24.`],
      ['Alphabet Inc. - Class A Common Stock', null],
    ]);
  });

  it('quarantines a row it cannot read completely, naming the row', () => {
    const rows = [
      'Apple Inc. (AAPL) [ST] P 01/14/2025 01/14/2025 $1,001 - $15,000',
      `${FILING_STATUS} New`,
      'Tesla, Inc. (TSLA) [ST] P 02/30/2025 03/01/2025 $1,001 - $15,000',
      `${FILING_STATUS} New`,
    ].join('\n');
    expect(parsePtrPages([page1(rows), lastPage('')], meta)).toEqual({
      status: 'quarantined',
      reason: 'unparseable',
      detail: 'row 2 (page 1): transaction date 02/30/2025 is not a date',
    });
  });

  it('quarantines a table without any row, and a PDF that is not a PTR', () => {
    expect(parsePtrPages([page1('some text that is not a row'), lastPage('')], meta)).toMatchObject({ status: 'quarantined', reason: 'unparseable' });
    expect(parsePtrPages(['FINANCIAL DISCLOSURE REPORT\nSchedule A: Assets'], meta)).toMatchObject({ status: 'quarantined', reason: 'not_a_ptr' });
    expect(parsePtrPages(['', ' '], meta)).toMatchObject({ status: 'quarantined', reason: 'no_text_layer' });
  });

  it('accepts an empty table with a warning, and reports stray lines', () => {
    const empty = ok(parsePtrPages([page1(''), lastPage('')], meta));
    expect(empty.transactions).toEqual([]);
    expect(empty.warnings).toEqual(['the Transactions table is empty']);
    const stray = ok(parsePtrPages([page1(`${DESCRIPTION} orphan\nApple Inc. (AAPL) [ST] P 01/14/2025 01/14/2025 $1,001 - $15,000`), lastPage('')], meta));
    expect(stray.transactions).toHaveLength(1);
    expect(stray.warnings).toEqual(['line not part of any row: "Description: orphan"']);
  });
});
