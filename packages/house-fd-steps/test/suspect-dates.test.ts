import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localStore } from '@medallion/lake';
import { openDuck, sqlPath } from '@medallion/duck';
import { renderPtrPdf, type SyntheticFiling, type SyntheticRow } from '@medallion/house-fd';
import { keys, type Batch } from '../src/batch';
import type { StepDeps } from '../src/config';
import { compactSilver, extractDocument, transformToGold } from '../src/index';
import { dirSource } from '../src/source';

const row = (ticker: string, transactionDate: string, notificationDate: string): SyntheticRow => ({
  owner: 'self',
  assetName: `${ticker} Common Stock`,
  ticker,
  assetType: 'ST',
  typeCode: 'P',
  transactionType: 'Purchase',
  transactionDate,
  notificationDate,
  amountText: '$1,001 - $15,000',
  amountLow: 1001,
  amountHigh: 15000,
  description: null,
  subholdingOf: null,
});

// A real 2025 House PTR dates a trade 09/19/2202 (rebuilt here: that PDF is not among the fixtures). Before the fix it
// became agg_trending_stocks' as_of date and emptied every window.
const FILING: SyntheticFiling = {
  docId: '20099001',
  prefix: 'SYNTHETIC',
  last: 'Doe',
  first: 'Jane',
  suffix: '',
  stateDst: 'TX07',
  year: 2025,
  filingDate: '2025-10-01',
  bioguideId: 'T000001',
  rows: [
    row('MSFT', '2202-09-19', '2025-09-22'),
    row('AAPL', '2025-09-20', '2025-09-19'),
    row('NVDA', '2025-09-15', '2025-09-16'),
    row('AMZN', '2025-09-10', '2025-09-12'),
  ],
};
const BATCH: Batch = { seq: 1, fromSeq: 0, ts: '2025-12-31T12:00:00.000Z', years: [2025], fingerprints: {} };

describe('suspect trade dates through silver and gold', () => {
  it('are kept in silver with a reason, counted by CompactSilver, and neither set as_of nor count in trending', async () => {
    const src = mkdtempSync(join(tmpdir(), 'suspect-src-'));
    mkdirSync(join(src, 'ptr-pdfs/2025'), { recursive: true });
    writeFileSync(join(src, `ptr-pdfs/2025/${FILING.docId}.pdf`), await renderPtrPdf(FILING));
    const deps = { lake: localStore(mkdtempSync(join(tmpdir(), 'suspect-lake-'))), source: dirSource(src) } as unknown as StepDeps;
    const doc = {
      docId: FILING.docId,
      year: 2025,
      filingDate: FILING.filingDate,
      bioguideId: null,
      filerName: 'Jane Doe',
      stateDistrict: 'TX07',
      isSynthetic: false,
    };
    await deps.lake.put(keys.batchDocuments(1), JSON.stringify([doc]));

    expect(await extractDocument(deps, BATCH, doc)).toMatchObject({ status: 'ok', rows: 4 });
    const compact = await compactSilver(deps, BATCH);
    expect(compact).toMatchObject({ rows: 4, suspectDates: { future: 1, after_notification: 1 } });

    const gold = await transformToGold(deps, BATCH);
    expect(gold.asOfDate).toBe('2025-09-15'); // the latest trusted trade, never after the batch date
    expect(gold.factRowsOut).toBe(4); // facts keep every filed trade
    expect(gold.trendingRows).toBeGreaterThan(0);

    const duck = await openDuck();
    try {
      const silver = await deps.lake.stage([keys.silverTransactions(1)]);
      expect(await duck.all(`SELECT ticker, date_suspect_reason FROM read_parquet(${sqlPath(silver[0])}) ORDER BY transaction_id`)).toEqual([
        { ticker: 'MSFT', date_suspect_reason: 'future' },
        { ticker: 'AAPL', date_suspect_reason: 'after_notification' },
        { ticker: 'NVDA', date_suspect_reason: null },
        { ticker: 'AMZN', date_suspect_reason: null },
      ]);
      const trending = await deps.lake.stage([keys.goldCandidatePrefix(1) + keys.trending()]);
      expect(await duck.all(`SELECT ticker, time_window, as_of_date FROM read_parquet(${sqlPath(trending[0])}) ORDER BY ticker, time_window`)).toEqual([
        { ticker: 'AMZN', time_window: '30d', as_of_date: '2025-09-15' },
        { ticker: 'AMZN', time_window: '7d', as_of_date: '2025-09-15' },
        { ticker: 'AMZN', time_window: '90d', as_of_date: '2025-09-15' },
        { ticker: 'NVDA', time_window: '30d', as_of_date: '2025-09-15' },
        { ticker: 'NVDA', time_window: '7d', as_of_date: '2025-09-15' },
        { ticker: 'NVDA', time_window: '90d', as_of_date: '2025-09-15' },
      ]);
    } finally {
      duck.close();
    }
  });
});
