/**
 * The pipeline on a generated source (the Clerk's layout, PTR PDFs rendered by the generator):
 * every generated row comes through to gold, and everything generated is labelled synthetic.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSyntheticSource, parseLegislators } from '@medallion/house-fd';
import { runPipelineLocally } from '@medallion/cli';
import { renderSummary } from '@medallion/cli';
import { fixMtimes, pipelineScenarios, queryLake, SAMPLE, tempDir } from './helpers/house-fd';

const { dynamo } = pipelineScenarios('synthetic');

describe('house_fd_pipeline on generated filings', () => {
  it('extracts every generated row into gold and labels all of it synthetic', async () => {
    const membersYaml = readFileSync(join(SAMPLE, 'members/legislators-current.yaml'), 'utf8');
    const source = await buildSyntheticSource({
      members: parseLegislators(membersYaml),
      membersYaml,
      year: 2025,
      filings: 25,
      seed: 'pipeline-test',
      maxRowsPerFiling: 8,
    });
    const sourceDir = tempDir('synthetic-source');
    for (const [path, bytes] of source.files) {
      mkdirSync(dirname(join(sourceDir, path)), { recursive: true });
      writeFileSync(join(sourceDir, path), bytes);
    }
    fixMtimes(sourceDir);
    const lakeDir = tempDir('lake');
    process.env.HOUSE_FD_WATERMARK_ID = 'house_fd_synthetic';
    const run = await runPipelineLocally({ pipeline: 'house_fd_pipeline', sourceDir, lakeDir, dynamo: dynamo(), fastRetries: true });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path.at(-1)).toBe('Done');
    const generatedRows = source.filings.reduce((n, f) => n + f.rows.length, 0);
    const extracted = run.tasks.ExtractDocument.map((t) => t.output as { status: string; rows: number; isSynthetic: boolean });
    expect(extracted).toHaveLength(25);
    expect(extracted.every((e) => e.status === 'ok' && e.isSynthetic)).toBe(true);
    const [fact] = await queryLake<{ n: number; synthetic: number }>(
      (p) =>
        `SELECT count(*)::INT AS n, count(*) FILTER (WHERE is_synthetic)::INT AS synthetic
       FROM read_parquet(${p(join(lakeDir, 'gold/house_fd/fact_ptr_transactions/*.parquet'))}, hive_partitioning = false)`,
    );
    expect(fact).toEqual({ n: generatedRows, synthetic: generatedRows });
    expect(renderSummary(run)).toContain('SYNTHETIC: 25 of this batch');
  });
});
