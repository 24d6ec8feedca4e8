import { mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuck, sqlPath } from '@medallion/duck';

// Powertools reads these when the handler module loads.
process.env.LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const { handler } = await import('../src');
const context = { functionName: 'run-quality-checks', awsRequestId: 'test', getRemainingTimeInMillis: () => 60_000 } as unknown as Parameters<
  typeof handler
>[1];

const CHECKS = join(dirname(fileURLToPath(import.meta.url)), '../../../soda/checks');

describe('run-quality-checks handler', () => {
  it('validates the event, scans the lake from the environment and answers with the gate result', async () => {
    const lake = await mkdtemp(join(tmpdir(), 'fn-quality-'));
    const dir = join(lake, 'silver/house_fd/transactions');
    await mkdir(dir, { recursive: true });
    const duck = await openDuck();
    await duck.run(
      `COPY (SELECT '20026590-001' AS transaction_id, 'Purchase' AS transaction_type) TO ${sqlPath(join(dir, 'doc_id=20026590.parquet'))} (FORMAT parquet)`,
    );
    duck.close();
    process.env.MEDALLION_LAKE_URI = lake;
    process.env.QUALITY_CHECKS_DIR = CHECKS;

    // The pipeline's declarations come with the event: the function knows no dataset itself.
    const datasets = { silver_transactions: 'silver/house_fd/transactions/*.parquet' };
    const result = await handler(
      { batchSeq: 1, layer: 'silver', checks: ['silver_transactions.yml'], datasets, now: '2025-03-12T07:00:00Z', extra: 'ignored' },
      context,
    );
    expect(result).toMatchObject({ passed: false, layer: 'silver', batchSeq: 1, resultKey: 'quality/results/layer=silver/batch=000001.json' });
    // The tiny dataset lacks most contract columns: the schema check names them.
    expect(result.failedChecks.map((f) => f.name)).toContain('silver transactions keep the contract columns and types');

    await expect(handler({ batchSeq: 1, layer: 'silver', checks: ['../secrets.yml'], datasets }, context)).rejects.toThrow(/invalid event/);
    await expect(handler({ batchSeq: 1, layer: 'silver', checks: ['silver_transactions.yml'] }, context)).rejects.toThrow(/invalid event/);
  });
});
