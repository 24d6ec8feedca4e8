import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuck, sqlPath } from '@medallion/duck';
import type { StepDeps } from './config';
import { keys, type Batch } from './batch';
import { batchDocuments } from './index-to-silver';

export interface CompactResult {
  /** PTRs of the batch that produced rows. */
  documents: number;
  rows: number;
  /** soda/checks files the silver gate runs (transactions only once the table has a file). */
  qualityChecks: string[];
}

/**
 * Merge the batch's per-document transaction files into silver/house_fd/transactions/batch=N.parquet,
 * sorted by transaction_id. Readers (the gold build, the gates) then read one file per batch
 * instead of one per PTR ever filed. Re-running rewrites the same bytes.
 */
export async function compactSilver(deps: StepDeps, batch: Batch): Promise<CompactResult> {
  const documents = await batchDocuments(deps, batch.seq);
  if (!documents) throw new Error(`batch ${batch.seq} has no document list: run IndexToSilver first`);
  const wanted = documents.map((d) => keys.silverDocumentTransactions(d.docId));
  const present = new Set((await deps.lake.list('silver/house_fd/transactions_by_document/')).map((o) => o.key));
  const files = wanted.filter((k) => present.has(k)).sort();
  const target = keys.silverTransactions(batch.seq);
  let rows = 0;
  if (files.length === 0) {
    await deps.lake.delete(target); // a re-run that now finds nothing leaves nothing behind
  } else {
    const work = await mkdtemp(join(tmpdir(), 'medallion-compact-'));
    const duck = await openDuck({ threads: 1, tempDirectory: join(work, 'spill') });
    try {
      const staged = await deps.lake.stage(files);
      const out = join(work, 'transactions.parquet');
      rows = Number(await duck.scalar(`SELECT count(*) FROM read_parquet([${staged.map(sqlPath).join(', ')}], hive_partitioning = false)`));
      await duck.run(`COPY (SELECT * FROM read_parquet([${staged.map(sqlPath).join(', ')}], hive_partitioning = false) ORDER BY transaction_id)
        TO ${sqlPath(out)} (FORMAT parquet, COMPRESSION zstd)`);
      await deps.lake.putFile(target, out);
    } finally {
      duck.close();
      await rm(work, { recursive: true, force: true });
    }
  }
  const haveTable = (await deps.lake.list(keys.silverTransactionsPrefix())).length > 0;
  return { documents: files.length, rows, qualityChecks: haveTable ? ['silver_filings.yml', 'silver_transactions.yml'] : ['silver_filings.yml'] };
}
