import { basename } from 'node:path';
import { sqlPath, type Duck } from '@medallion/duck';
import { writeParquetAtomically } from './parquet-out';
import { SILVER_TRANSACTION_INPUT_COLUMNS } from './schemas';
import { parquetRelationSql } from './sources';
import { factTransactionsSelectSql } from './sql/fact-transactions.sql';
import { normalizeIngestTs } from './timestamps';

export interface BuildFactTransactionsOptions {
  batchSeq: number;
  /** Silver transactions parquet of the documents in this batch. */
  batchTransactionsFiles: string[];
  /** Gold fact files of batches < batchSeq (their transaction_ids are not added again). */
  priorFactFiles: string[];
  dimMemberFile: string;
  dimAssetFile: string;
  outFile: string;
  ingestTs: string | Date;
}

export interface BuildFactTransactionsResult {
  /** Silver rows read for the batch. */
  rowsIn: number;
  /** Fact rows written (rowsIn minus ids already in prior batches or duplicated). */
  rowsOut: number;
  /** Rows written with member_key -1 (no bioguide id, or no dim_member version on the trade date). */
  unknownMembers: number;
}

const BATCH_IN_NAME = /batch=(\d+)/;

/** The SQL buildFactTransactions runs, for explicit file lists (also used by the benchmark). */
export function factTransactionsSql(
  options: Pick<BuildFactTransactionsOptions, 'batchTransactionsFiles' | 'priorFactFiles' | 'dimMemberFile' | 'dimAssetFile'>,
): string {
  return factTransactionsSelectSql({
    batchSource: parquetRelationSql([...new Set(options.batchTransactionsFiles)].sort(), SILVER_TRANSACTION_INPUT_COLUMNS, { filename: true }),
    priorSource: parquetRelationSql([...new Set(options.priorFactFiles)].sort(), { transaction_id: 'VARCHAR' }),
    dimMemberFile: options.dimMemberFile,
    dimAssetFile: options.dimAssetFile,
  });
}

/**
 * Write the facts added by one batch. Re-running the same batch with the same inputs rewrites
 * the same bytes: prior facts come only from earlier batches, never from this batch's own file.
 */
export async function buildFactTransactions(duck: Duck, options: BuildFactTransactionsOptions): Promise<BuildFactTransactionsResult> {
  if (!Number.isInteger(options.batchSeq) || options.batchSeq < 0) throw new Error(`batchSeq must be a non-negative integer, got ${options.batchSeq}`);
  for (const file of options.priorFactFiles) {
    const seq = BATCH_IN_NAME.exec(basename(file))?.[1];
    if (seq !== undefined && Number(seq) >= options.batchSeq) {
      throw new Error(`prior fact file ${file} is from batch ${Number(seq)}, not before batch ${options.batchSeq}`);
    }
  }
  const ingestTs = normalizeIngestTs(options.ingestTs);
  // count(*) straight from read_parquet is answered from the files' metadata.
  const rowsIn =
    options.batchTransactionsFiles.length === 0
      ? 0
      : Number(await duck.scalar(`SELECT count(*) FROM read_parquet([${[...new Set(options.batchTransactionsFiles)].map(sqlPath).join(', ')}])`));
  const rowsOut = await writeParquetAtomically(duck, factTransactionsSql(options), { gold_ingest_ts: ingestTs }, options.outFile);
  const unknownMembers = Number(
    await duck.scalar(`SELECT count(*) FILTER (WHERE member_key = -1) FROM read_parquet(${sqlPath(options.outFile)}, hive_partitioning = false)`),
  );
  return { rowsIn, rowsOut, unknownMembers };
}
