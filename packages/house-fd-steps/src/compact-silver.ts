import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuck, sqlPath, type Duck } from '@medallion/duck';
import { parquetRelationSql, writeParquetAtomically } from '@medallion/house-fd-gold';
import type { DateSuspectReason } from '@medallion/house-fd';
import type { StepDeps } from './config';
import { keys, type Batch } from './batch';
import { batchDocuments } from './index-to-silver';
import type { DatasetDeclarations } from '@medallion/quality';
import { silverQualityChecks } from './quality-checks';
import { HOUSE_FD_DATASETS } from './datasets';
import { SILVER_TRANSACTIONS_COLUMNS } from './silver-schema';

export interface CompactResult {
  /** PTRs of the batch that produced rows. */
  documents: number;
  rows: number;
  /**
   * Rows of the batch whose trade date cannot be right, by reason (zero counts omitted): kept in
   * silver with date_suspect_reason, left out of agg_trending_stocks.
   */
  suspectDates: Partial<Record<DateSuspectReason, number>>;
  /** soda/checks files the silver gate runs (transactions only once the table has a file). */
  qualityChecks: string[];
  /** The datasets those checks name (the gate resolves them in the lake). */
  datasets: DatasetDeclarations;
}

/**
 * Merge the batch's per-document transaction files into silver/house_fd/transactions/batch=N.parquet,
 * sorted by transaction_id. Readers (the gold build, the gates) then read one file per batch
 * instead of one per PTR ever filed. Re-running rewrites the same bytes.
 */
export async function compactSilver(deps: StepDeps, batch: Batch): Promise<CompactResult> {
  const documents = await batchDocuments(deps, batch.seq);
  if (!documents) throw new Error(`batch ${batch.seq} has no document list: run IndexToSilver first`);
  // A HEAD per document of this batch: the work follows the batch, not every PTR ever filed.
  const wanted = documents.map((d) => keys.silverDocumentTransactions(d.docId)).sort();
  const present = await Promise.all(wanted.map((k) => deps.lake.head(k)));
  const files = wanted.filter((_, i) => present[i] !== null);
  const target = keys.silverTransactions(batch.seq);
  let rows = 0;
  let suspectDates: CompactResult['suspectDates'] = {};
  if (files.length === 0) {
    await deps.lake.delete(target); // a re-run that now finds nothing leaves nothing behind
  } else {
    const work = await mkdtemp(join(tmpdir(), 'medallion-compact-'));
    const duck = await openDuck({ threads: 1, tempDirectory: join(work, 'spill') });
    try {
      const staged = await deps.lake.stage(files);
      const out = join(work, 'transactions.parquet');
      // Contract columns in contract order: a per-document file written before a column existed reads it as NULL.
      rows = await writeParquetAtomically(
        duck,
        `SELECT * FROM ${parquetRelationSql(staged, SILVER_TRANSACTIONS_COLUMNS)} ORDER BY transaction_id`,
        undefined,
        out,
      );
      suspectDates = await countSuspectDates(duck, out);
      await deps.lake.putFile(target, out);
    } finally {
      duck.close();
      await rm(work, { recursive: true, force: true });
    }
  }
  return { documents: files.length, rows, suspectDates, qualityChecks: await silverQualityChecks(deps), datasets: HOUSE_FD_DATASETS };
}

async function countSuspectDates(duck: Duck, file: string): Promise<CompactResult['suspectDates']> {
  const counts = await duck.all<{ reason: DateSuspectReason; n: number }>(
    `SELECT date_suspect_reason AS reason, count(*)::INTEGER AS n FROM read_parquet(${sqlPath(file)}) WHERE date_suspect_reason IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  return Object.fromEntries(counts.map((c) => [c.reason, Number(c.n)]));
}
