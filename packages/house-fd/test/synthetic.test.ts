import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { buildSyntheticSource, matchFilings, parseFilingIndex, parseLegislators, parsePtrPdf, readZipEntries } from '../src/index';
import { SeededRandom } from '../src/synthetic/random';
import { silverTransactionSchema, type SilverTransaction } from '../src/types';
import type { SyntheticRow } from '../src/synthetic/model';
import { INGEST_TS, membersYaml } from './helpers';

const members = parseLegislators(membersYaml());
const sha = (files: [string, Uint8Array][]) => {
  const h = createHash('sha256');
  for (const [p, b] of files) h.update(p).update(b);
  return h.digest('hex');
};
const expected = (r: SyntheticRow) => ({
  owner: r.owner,
  asset_name: r.assetName,
  ticker: r.ticker,
  asset_type: r.assetType,
  transaction_type: r.transactionType,
  transaction_date: r.transactionDate,
  notification_date: r.notificationDate,
  amount_low: r.amountLow,
  amount_high: r.amountHigh,
  description: r.description,
  subholding_of: r.subholdingOf,
});

const fieldsOf = (t: SilverTransaction) => ({
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

describe('SeededRandom', () => {
  it('repeats its sequence for a seed', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom('42');
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(new SeededRandom(43).next()).not.toBe(new SeededRandom(42).next());
  });
});

describe('buildSyntheticSource (5 filings, seed 10)', () => {
  const build = () => buildSyntheticSource({ members, membersYaml: 'members: yaml\n', year: 2025, filings: 5, seed: 10 });

  it('lays files out like the Clerk', async () => {
    const src = await build();
    expect(src.files.map(([p]) => p)).toEqual([
      'financial-pdfs/2025FD.zip',
      ...['99250001', '99250002', '99250003', '99250004', '99250005'].map((id) => `ptr-pdfs/2025/${id}.pdf`),
      'members/legislators-current.yaml',
    ]);
  });

  it('is byte-identical for the same seed, different for another', async () => {
    const [a, b] = [await build(), await build()];
    expect(sha(a.files)).toBe(sha(b.files));
    const other = await buildSyntheticSource({ members, year: 2025, filings: 5, seed: 11 });
    expect(sha(other.files.slice(0, 6))).not.toBe(sha(a.files.slice(0, 6)));
  });

  it('writes an index (XML and TXT) that parses to the synthetic filings, all matched to their member', async () => {
    const src = await build();
    const zip = readZipEntries(src.files[0][1]);
    expect(Object.keys(zip).sort()).toEqual(['2025FD.txt', '2025FD.xml']);
    const xml = parseFilingIndex(zip['2025FD.xml'], 'xml', { year: 2025, batchSeq: 1, ingestTs: INGEST_TS });
    const txt = parseFilingIndex(zip['2025FD.txt'], 'txt', { year: 2025, batchSeq: 1, ingestTs: INGEST_TS });
    expect(txt.filings).toEqual(xml.filings);
    expect(xml.filings.map((f) => [f.doc_id, f.prefix, f.filing_type, f.is_synthetic, f.filing_date, f.state_district])).toEqual(
      src.filings.map((f) => [f.docId, 'SYNTHETIC', 'P', true, f.filingDate, f.stateDst]),
    );
    const match = matchFilings(xml.filings, members);
    expect(match.unmatched).toEqual([]);
    expect(match.bioguideByDocId).toEqual(Object.fromEntries(src.filings.map((f) => [f.docId, f.bioguideId])));
  });

  it('writes PTR PDFs from which parsePtrPdf extracts exactly the generated rows', async () => {
    const src = await build();
    const rows = src.filings.flatMap((f) => f.rows);
    // The seed was chosen so these cases are all exercised.
    expect(rows.some((r) => r.amountHigh === null)).toBe(true);
    expect(rows.some((r) => r.amountHigh !== null && r.amountLow === r.amountHigh)).toBe(true);
    expect(rows.some((r) => r.subholdingOf)).toBe(true);
    expect(rows.some((r) => r.ticker === null)).toBe(true);
    expect(new Set(rows.map((r) => r.owner))).toEqual(new Set(['self', 'SP', 'JT', 'DC']));
    expect(new Set(rows.map((r) => r.transactionType))).toEqual(new Set(['Purchase', 'Sale', 'Sale (Partial)', 'Exchange']));
    let multiPage = 0;
    for (const f of src.filings) {
      const pdf = src.files.find(([p]) => p === `ptr-pdfs/2025/${f.docId}.pdf`)![1];
      if (new TextDecoder('latin1').decode(pdf).match(/\/Type \/Page\b/g)!.length > 1) multiPage++;
      const res = await parsePtrPdf(pdf, { docId: f.docId, ingestTs: INGEST_TS });
      if (res.status !== 'ok') throw new Error(`${f.docId}: ${res.reason} ${res.detail}`);
      expect(res.warnings).toEqual([]);
      expect(res.header).toEqual({
        name: `Hon. ${f.first} ${f.last}${f.suffix ? ` ${f.suffix}` : ''}`,
        status: 'Member',
        stateDistrict: f.stateDst,
        signedDate: f.filingDate,
      });
      expect(res.transactions.map(fieldsOf)).toEqual(f.rows.map(expected));
      for (const t of res.transactions) {
        silverTransactionSchema.parse(t);
        // A 99 DocID and the marker printed on every page: flagged even without the index.
        expect(t.is_synthetic).toBe(true);
      }
    }
    expect(multiPage).toBeGreaterThan(0);
  });
});
