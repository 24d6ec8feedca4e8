import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqlPath, type Duck } from '@medallion/duck';
import { memberSegments, memberSegmentsNdjson } from './member-terms';
import { writeParquetAtomically } from './parquet-out';
import { dimMemberSelectSql } from './sql/dim-member.sql';
import { dateOf, normalizeIngestTs } from './timestamps';
import type { MemberInput } from './types';

export interface BuildDimMemberOptions {
  legislators: MemberInput[];
  outFile: string;
  /** Batch timestamp; its date decides whether a member's last version is still current. */
  ingestTs: string | Date;
}

export interface BuildDimMemberResult {
  rows: number;
  members: number;
  currentRows: number;
}

/**
 * Rebuild dim_member from the legislators (SCD Type 2, see sql/dim-member.sql.ts). The
 * segments are staged as NDJSON in a private temp dir, so values never become SQL text.
 */
export async function buildDimMember(duck: Duck, options: BuildDimMemberOptions): Promise<BuildDimMemberResult> {
  const ingestDate = dateOf(normalizeIngestTs(options.ingestTs));
  const segments = memberSegments(options.legislators);
  const work = await mkdtemp(join(tmpdir(), 'medallion-dim-member-'));
  try {
    const staged = join(work, 'member_segments.ndjson');
    await writeFile(staged, memberSegmentsNdjson(segments));
    const rows = await writeParquetAtomically(duck, dimMemberSelectSql(staged), { ingest_date: ingestDate }, options.outFile);
    const currentRows = await duck.scalar<number>(
      `SELECT count(*) FILTER (WHERE is_current) FROM read_parquet(${sqlPath(options.outFile)}, hive_partitioning = false)`,
    );
    return { rows, members: options.legislators.length, currentRows: Number(currentRows) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
