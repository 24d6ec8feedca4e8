import { describe, expect, it, jest } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Metrics on (the default in Lambda): Powertools writes EMF lines to stdout.
process.env.LOG_LEVEL = 'SILENT';
delete process.env.POWERTOOLS_METRICS_DISABLED;
process.env.MEDALLION_ENV = 'dev';
const { handler } = await import('../src');
const context = { functionName: 'run-quality-checks', awsRequestId: 'test', getRemainingTimeInMillis: () => 60_000 } as unknown as Parameters<
  typeof handler
>[1];

describe('run-quality-checks metrics', () => {
  it('emits one datum per outcome with the Layer dimension, for the dashboards', async () => {
    process.env.MEDALLION_LAKE_URI = await mkdtemp(join(tmpdir(), 'fn-quality-metrics-'));
    process.env.QUALITY_CHECKS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../soda/checks');
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await handler(
        {
          batchSeq: 3,
          layer: 'gold',
          checks: ['gold_dim_member.yml'],
          datasets: { dim_member: 'gold/house_fd/dim_member/dim_member.parquet' },
          now: '2025-03-12T07:00:00Z',
        },
        context,
      );
    } finally {
      spy.mockRestore();
    }
    const emf = lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.includes('_aws'))
      .map(
        (l) =>
          JSON.parse(l) as Record<string, unknown> & {
            _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
          },
      );
    expect(emf).toHaveLength(1);
    const [directive] = emf[0]._aws.CloudWatchMetrics;
    expect(directive.Namespace).toBe('Medallion');
    expect(directive.Dimensions[0]).toContain('Layer');
    expect(directive.Metrics.map((m) => m.Name).sort()).toEqual(['QualityChecksErrored', 'QualityChecksFailed', 'QualityChecksPassed', 'QualityChecksWarned']);
    expect(emf[0].Layer).toBe('gold');
    expect(directive.Dimensions[0]).toContain('Environment');
    expect(emf[0].Environment).toBe('dev');
    // An empty lake: the checks cannot run, so they error — and that is counted, not hidden.
    expect(Number(emf[0].QualityChecksErrored) + Number(emf[0].QualityChecksFailed)).toBeGreaterThan(0);
  });
});
