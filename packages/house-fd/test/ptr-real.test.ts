import { describe, expect, it } from '@jest/globals';
import { parsePtrPdf } from '../src/index';
import { silverTransactionSchema, type SilverTransaction } from '../src/types';
import type { PtrParsed } from '../src/ptr/parse-ptr';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INGEST_TS, readSource, sourcePath } from './helpers';

type Expected = Pick<
  SilverTransaction,
  | 'owner'
  | 'asset_name'
  | 'ticker'
  | 'asset_type'
  | 'transaction_type'
  | 'transaction_date'
  | 'notification_date'
  | 'amount_low'
  | 'amount_high'
  | 'description'
  | 'subholding_of'
>;

// Transcribed by reading the PDFs (rendered pages), one object per table row, in PDF order.
const calls = (strike: number) => `Purchased 50 call options with a strike price of $${strike} and an expiration date of 1/16/26.`;
const PELOSI: Expected[] = [
  {
    owner: 'SP',
    asset_name: 'Alphabet Inc. - Class A Common Stock',
    ticker: 'GOOGL',
    asset_type: 'OP',
    transaction_type: 'Purchase',
    transaction_date: '2025-01-14',
    notification_date: '2025-01-14',
    amount_low: 250001,
    amount_high: 500000,
    description: calls(150),
    subholding_of: null,
  },
  {
    owner: 'SP',
    asset_name: 'Amazon.com, Inc. - Common Stock',
    ticker: 'AMZN',
    asset_type: 'OP',
    transaction_type: 'Purchase',
    transaction_date: '2025-01-14',
    notification_date: '2025-01-14',
    amount_low: 250001,
    amount_high: 500000,
    description: calls(150),
    subholding_of: null,
  },
  {
    owner: 'SP',
    asset_name: 'Apple Inc. - Common Stock',
    ticker: 'AAPL',
    asset_type: 'ST',
    transaction_type: 'Sale (Partial)',
    transaction_date: '2024-12-31',
    notification_date: '2024-12-31',
    amount_low: 5000001,
    amount_high: 25000000,
    description: 'Sold 31,600 shares.',
    subholding_of: null,
  },
  {
    owner: 'SP',
    asset_name: 'NVIDIA Corporation - Common Stock',
    ticker: 'NVDA',
    asset_type: 'ST',
    transaction_type: 'Sale (Partial)',
    transaction_date: '2024-12-31',
    notification_date: '2024-12-31',
    amount_low: 1000001,
    amount_high: 5000000,
    description: 'Sold 10,000 shares.',
    subholding_of: null,
  },
  {
    owner: 'SP',
    asset_name: 'NVIDIA Corporation - Common Stock',
    ticker: 'NVDA',
    asset_type: 'ST',
    transaction_type: 'Purchase',
    transaction_date: '2024-12-20',
    notification_date: '2024-12-20',
    amount_low: 500001,
    amount_high: 1000000,
    description: 'Exercised 500 call options purchased 11/22/23 (50,000 shares) at a strike price of $12 with an expiration date of 12/20/24.',
    subholding_of: null,
  },
  // This row starts at the bottom of page 1; its Description is the first line of page 2.
  {
    owner: 'SP',
    asset_name: 'NVIDIA Corporation - Common Stock',
    ticker: 'NVDA',
    asset_type: 'OP',
    transaction_type: 'Purchase',
    transaction_date: '2025-01-14',
    notification_date: '2025-01-14',
    amount_low: 250001,
    amount_high: 500000,
    description: calls(80),
    subholding_of: null,
  },
  {
    owner: 'SP',
    asset_name: 'Palo Alto Networks, Inc.',
    ticker: 'PANW',
    asset_type: 'ST',
    transaction_type: 'Purchase',
    transaction_date: '2024-12-20',
    notification_date: '2024-12-20',
    amount_low: 1000001,
    amount_high: 5000000,
    description: 'Exercised 140 call options purchased 2/12/24 & 2/21/24 (14,000 shares) at a strike price of $100 with an expiration date of 12/20/24.',
    subholding_of: null,
  },
  {
    owner: 'SP',
    asset_name: 'Tempus AI, Inc. - Class A Common Stock',
    ticker: 'TEM',
    asset_type: 'OP',
    transaction_type: 'Purchase',
    transaction_date: '2025-01-14',
    notification_date: '2025-01-14',
    amount_low: 50001,
    amount_high: 100000,
    description: calls(20),
    subholding_of: null,
  },
  {
    owner: 'SP',
    asset_name: 'Vistra Corp. Common Stock',
    ticker: 'VST',
    asset_type: 'OP',
    transaction_type: 'Purchase',
    transaction_date: '2025-01-14',
    notification_date: '2025-01-14',
    amount_low: 500001,
    amount_high: 1000000,
    description: calls(50),
    subholding_of: null,
  },
];

const greene = (asset_name: string, ticker: string, transaction_date: string, notification_date: string, amount_low = 1001, amount_high = 15000): Expected => ({
  owner: 'self',
  asset_name,
  ticker,
  asset_type: 'ST',
  transaction_type: 'Purchase',
  transaction_date,
  notification_date,
  amount_low,
  amount_high,
  description: null,
  subholding_of: null,
});
const GREENE: Expected[] = [
  greene('CrowdStrike Holdings, Inc. - Class A Common Stock', 'CRWD', '2025-03-07', '2025-03-07'),
  greene('Dollar General Corporation Common Stock', 'DG', '2025-03-07', '2025-03-07'),
  greene('Dollar General Corporation Common Stock', 'DG', '2025-03-03', '2025-03-04'),
  greene('Goldman Sachs Group, Inc.', 'GS', '2025-03-07', '2025-03-07'),
  greene('Impinj, Inc. - Common Stock', 'PI', '2025-03-03', '2025-03-04'),
  greene('iShares Bitcoin Trust ETF', 'IBIT', '2025-03-03', '2025-03-04', 15001, 50000),
  greene('Tesla, Inc. - Common Stock', 'TSLA', '2025-03-07', '2025-03-07'),
];

const pick = (t: SilverTransaction): Expected => ({
  owner: t.owner,
  asset_name: t.asset_name,
  ticker: t.ticker,
  asset_type: t.asset_type,
  transaction_type: t.transaction_type,
  transaction_date: t.transaction_date,
  notification_date: t.notification_date,
  amount_low: t.amount_low,
  amount_high: t.amount_high,
  description: t.description,
  subholding_of: t.subholding_of,
});

async function parseOk(path: string, meta: Parameters<typeof parsePtrPdf>[1]): Promise<PtrParsed> {
  const res = await parsePtrPdf(readSource(path), meta);
  if (res.status !== 'ok') throw new Error(`${path} quarantined: ${res.reason} ${res.detail}`);
  return res;
}

describe('parsePtrPdf on real e-filed PTRs', () => {
  it('reads 20026590 (Pelosi) row by row, including the row split across pages', async () => {
    const res = await parseOk('ptr-pdfs/2025/20026590.pdf', {
      docId: '20026590',
      filingDate: '2025-01-17',
      bioguideId: 'P000197',
      batchSeq: 3,
      ingestTs: INGEST_TS,
    });
    expect(res.header).toEqual({ name: 'Hon. Nancy Pelosi', status: 'Member', stateDistrict: 'CA11', signedDate: '2025-01-17' });
    expect(res.warnings).toEqual([]);
    expect(res.transactions.map(pick)).toEqual(PELOSI);
    expect(res.transactions.map((t) => t.transaction_id)).toEqual(PELOSI.map((_, i) => `20026590-00${i + 1}`));
    for (const t of res.transactions) {
      silverTransactionSchema.parse(t);
      expect(t).toMatchObject({
        doc_id: '20026590',
        filing_date: '2025-01-17',
        bioguide_id: 'P000197',
        filer_name: 'Nancy Pelosi',
        state_district: 'CA11',
        is_synthetic: false,
        silver_ingest_ts: INGEST_TS,
      });
    }
  });

  it('reads 20027933 (Greene): blank owner is self, asset and type on one line, wrapped amount', async () => {
    const res = await parseOk('ptr-pdfs/2025/20027933.pdf', {
      docId: '20027933',
      ingestTs: INGEST_TS,
      filerName: 'Marjorie Taylor Greene',
      stateDistrict: 'GA14',
    });
    expect(res.header).toEqual({ name: 'Hon. Marjorie Taylor Greene', status: 'Member', stateDistrict: 'GA14', signedDate: '2025-03-09' });
    expect(res.warnings).toEqual([]);
    expect(res.transactions.map(pick)).toEqual(GREENE);
    // No filing date given: the signature date stands in.
    expect(res.transactions.every((t) => t.filing_date === '2025-03-09' && t.bioguide_id === null)).toBe(true);
  });

  it('accepts a Node Buffer (S3 and fs hand those out) and leaves the input untouched', async () => {
    const bytes = readFileSync(sourcePath('ptr-pdfs/2025/20027933.pdf'));
    const before = Buffer.from(bytes);
    const res = await parsePtrPdf(bytes, { docId: '20027933', ingestTs: INGEST_TS });
    expect(res.status === 'ok' && res.transactions).toHaveLength(7);
    expect(bytes.equals(before)).toBe(true);
  });

  it('quarantines a PDF whose Filing ID is another DocID', async () => {
    const res = await parsePtrPdf(readSource('ptr-pdfs/2025/20026590.pdf'), { docId: '20027933', ingestTs: INGEST_TS });
    expect(res).toMatchObject({ status: 'quarantined', reason: 'doc_id_mismatch' });
  });
});

describe('parsePtrPdf quarantines what it cannot read (never throws)', () => {
  const meta = { docId: '20033421', ingestTs: INGEST_TS };

  it('the Clerk 404 page served as 20033421.pdf → html_error_page', async () => {
    expect(await parsePtrPdf(readSource('ptr-pdfs/2025/20033421.pdf'), meta)).toEqual({
      status: 'quarantined',
      reason: 'html_error_page',
      detail: 'an HTML page was served instead of a PDF: "404 - File or directory not found."',
    });
  });

  it('the scanned paper filing 8220735.pdf → no_text_layer', async () => {
    const res = await parsePtrPdf(readSource('ptr-pdfs/2025/8220735.pdf'), { ...meta, docId: '8220735' });
    expect(res).toMatchObject({ status: 'quarantined', reason: 'no_text_layer' });
  });

  it('random bytes → not_a_pdf; empty → empty_file', async () => {
    const noise = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251);
    expect(await parsePtrPdf(noise, meta)).toMatchObject({ status: 'quarantined', reason: 'not_a_pdf' });
    expect(await parsePtrPdf(new Uint8Array(), meta)).toMatchObject({ status: 'quarantined', reason: 'empty_file' });
  });

  it('a truncated download → truncated_pdf', async () => {
    const full = readSource('ptr-pdfs/2025/20026590.pdf');
    expect(await parsePtrPdf(full.subarray(0, 40_000), meta)).toMatchObject({ status: 'quarantined', reason: 'truncated_pdf' });
  });

  it('a PDF header over garbage → corrupt_pdf', async () => {
    const bytes = new TextEncoder().encode(`%PDF-1.7\n${'garbage '.repeat(200)}\n%%EOF\n`);
    expect(await parsePtrPdf(bytes, meta)).toMatchObject({ status: 'quarantined', reason: 'corrupt_pdf' });
  });

  it('a real PDF with its middle overwritten → quarantined, and the process survives pdf.js stray rejections', () => {
    // In a child process: Jest intercepts unhandled rejections itself, production does not.
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const out = execFileSync(
      process.execPath,
      ['--import', './scripts/polyfills.mjs', '--import', 'tsx', 'packages/house-fd/test/support/parse-damaged.ts', sourcePath('ptr-pdfs/2025/20027933.pdf')],
      { cwd: root, encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toMatchObject({ status: 'quarantined', reason: 'corrupt_pdf' });
  });
});
