/**
 * Clients are built once per container, not per invocation: every handler calls depsFromEnv()
 * on each invocation, so it must hand back the same clients and lake while the environment is
 * the same, and a fresh set when it changes (a local process runs several lakes one after another).
 */
import { describe, expect, it } from '@jest/globals';
import { depsFromEnv } from '../src/index';

const base = {
  MEDALLION_LAKE_URI: '/tmp/lake-a',
  WATERMARK_TABLE: 'watermarks',
  HOUSE_FD_SOURCE_URL: '/tmp/source-a',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:4567',
};

describe('depsFromEnv', () => {
  it('reuses the DynamoDB client, the lake (and its S3 client) and the source across invocations', () => {
    const first = depsFromEnv({ ...base });
    const second = depsFromEnv({ ...base }); // an equal environment, another object: as in the next invocation
    expect(second.dynamo).toBe(first.dynamo);
    expect(second.lake).toBe(first.lake);
    expect(second.source).toBe(first.source);

    const s3 = { ...base, MEDALLION_LAKE_URI: 's3://root-bucket/lake', MEDALLION_LAKE_GOLD_URI: 's3://gold-bucket/lake' };
    expect(depsFromEnv({ ...s3 }).lake).toBe(depsFromEnv({ ...s3 }).lake);
  });

  it('builds a fresh set when the configuration changes, and the old one again when it comes back', () => {
    const a = depsFromEnv({ ...base });
    const b = depsFromEnv({ ...base, MEDALLION_LAKE_URI: '/tmp/lake-b', DYNAMODB_ENDPOINT: 'http://127.0.0.1:4568' });
    expect(b.lake).not.toBe(a.lake);
    expect(b.dynamo).not.toBe(a.dynamo);
    expect(b.lake.uri).toBe('file:///tmp/lake-b');
    expect(depsFromEnv({ ...base, HOUSE_FD_SOURCE_URL: '/tmp/source-b' }).source.description).toContain('source-b');
    expect(depsFromEnv({ ...base }).lake).toBe(a.lake);
  });

  it('ignores what Lambda changes per invocation, and still works out the default years per call', () => {
    const a = depsFromEnv({ ...base, _X_AMZN_TRACE_ID: 'Root=1-a' });
    const b = depsFromEnv({ ...base, _X_AMZN_TRACE_ID: 'Root=1-b' });
    expect(b.dynamo).toBe(a.dynamo);
    expect(b.years).not.toBe(a.years);
    expect(depsFromEnv({ ...base, HOUSE_FD_YEARS: '2024' }).years).toEqual([2024]);
  });
});
