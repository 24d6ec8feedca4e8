import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqlPath, writeRowsToParquet, type Duck } from '@medallion/duck';
import { writeParquetAtomically } from './parquet-out';
import { SYNTHETIC_ROWS_PER_DOC, SYNTHETIC_UNIFORM_MACRO_SQL, syntheticTransactionsSelectSql } from './sql/synthetic.sql';
import { syntheticTickers } from './synthetic-tickers';
import { checkIsoDate, normalizeIngestTs } from './timestamps';
import type { MemberInput } from './types';

/** A filer for generated PTRs (real bioguide ids, so facts join to dim_member). */
export interface SyntheticMember {
  bioguide_id: string;
  filer_name: string;
  state_district: string;
}

export interface GenerateSyntheticOptions {
  rows: number;
  outDir: string;
  members: SyntheticMember[];
  /** Number of parquet files (documents never straddle files). Default 8-16 by size. */
  files?: number;
  seed?: number;
  tickers?: number;
  /** First notification date; trades span `days` days from there. */
  startDate?: string;
  days?: number;
  ingestTs?: string | Date;
}

export interface GenerateSyntheticResult {
  files: string[];
  rows: number;
}

/** Current House members as synthetic filers ('CA11'-style state_district, at-large '00'). */
export function syntheticMembersFrom(legislators: MemberInput[]): SyntheticMember[] {
  return legislators
    .flatMap((m) => {
      const last = [...m.terms].sort((a, b) => (a.start < b.start ? -1 : 1)).at(-1);
      if (last?.type !== 'rep') return [];
      return [{ bioguide_id: m.bioguide_id, filer_name: m.full_name, state_district: `${last.state}${String(last.district ?? 0).padStart(2, '0')}` }];
    })
    .sort((a, b) => (a.bioguide_id < b.bioguide_id ? -1 : 1));
}

export function defaultSyntheticFileCount(rows: number): number {
  return Math.min(16, Math.max(8, Math.ceil(rows / 625_000)));
}

/**
 * Write `rows` synthetic silver transactions (is_synthetic = true, DocIDs '99…') as
 * part-000.parquet … in outDir. Same options → same bytes. Generation happens in DuckDB
 * (range() + hash), one COPY per file, so memory stays flat at any size.
 */
export async function generateSyntheticSilverTransactions(duck: Duck, options: GenerateSyntheticOptions): Promise<GenerateSyntheticResult> {
  const { rows, members } = options;
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`rows must be a non-negative integer, got ${rows}`);
  if (members.length === 0) throw new Error('generateSyntheticSilverTransactions: no members');
  const docs = Math.ceil(rows / SYNTHETIC_ROWS_PER_DOC);
  if (docs > 1_000_000) throw new Error(`at most ${1_000_000 * SYNTHETIC_ROWS_PER_DOC} rows (DocIDs are '99' + 6 digits)`);
  const fileCount = Math.max(1, Math.min(options.files ?? defaultSyntheticFileCount(rows), Math.max(docs, 1)));
  const tickers = syntheticTickers(options.tickers ?? 500);
  const startDate = checkIsoDate(options.startDate ?? '2022-07-01', 'startDate');
  const ingestTs = normalizeIngestTs(options.ingestTs ?? '2025-07-01T00:00:00Z');

  const work = await mkdtemp(join(tmpdir(), 'medallion-synthetic-'));
  try {
    const membersFile = join(work, 'members.parquet');
    const tickersFile = join(work, 'tickers.parquet');
    await writeRowsToParquet(
      duck,
      members.map((m, i) => ({ member_rank: i + 1, ...m })),
      { member_rank: 'BIGINT', bioguide_id: 'VARCHAR', filer_name: 'VARCHAR', state_district: 'VARCHAR' },
      membersFile,
      ['member_rank'],
    );
    await writeRowsToParquet(
      duck,
      tickers.map((t) => ({ ...t })),
      { ticker_rank: 'BIGINT', ticker: 'VARCHAR', asset_name: 'VARCHAR' },
      tickersFile,
      ['ticker_rank'],
    );
    await duck.run(`CREATE OR REPLACE TEMP TABLE syn_members AS SELECT * FROM read_parquet(${sqlPath(membersFile)})`);
    await duck.run(`CREATE OR REPLACE TEMP TABLE syn_tickers AS SELECT * FROM read_parquet(${sqlPath(tickersFile)})`);
    await duck.run(SYNTHETIC_UNIFORM_MACRO_SQL);

    const files: string[] = [];
    const select = syntheticTransactionsSelectSql();
    for (let f = 0; f < fileCount; f++) {
      const lo = Math.floor((f * docs) / fileCount) * SYNTHETIC_ROWS_PER_DOC;
      const hi = Math.min(rows, Math.floor(((f + 1) * docs) / fileCount) * SYNTHETIC_ROWS_PER_DOC);
      const file = join(options.outDir, `part-${String(f).padStart(3, '0')}.parquet`);
      await writeParquetAtomically(
        duck,
        select,
        {
          lo,
          hi,
          seed: options.seed ?? 42,
          start: startDate,
          days: options.days ?? 1095,
          n_members: members.length,
          n_tickers: tickers.length,
          ingest_ts: ingestTs,
        },
        file,
      );
      files.push(file);
    }
    return { files, rows };
  } finally {
    await duck.run('DROP TABLE IF EXISTS syn_members; DROP TABLE IF EXISTS syn_tickers; DROP MACRO IF EXISTS syn_u01');
    await rm(work, { recursive: true, force: true });
  }
}
