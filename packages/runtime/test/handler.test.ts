import { z } from 'zod';
import type { Context } from 'aws-lambda';
import { defineHandler, loadConfig, baseConfigSchema } from '../src';

const ctx = { functionName: 'fn', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

describe('defineHandler', () => {
  beforeAll(() => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    process.env.LOG_LEVEL = 'SILENT';
  });

  it('validates the event with zod and calls the business function', async () => {
    const handler = defineHandler({
      service: 't',
      event: z.object({ n: z.number() }),
      handler: async (e, c) => {
        c.countRows({ in: e.n, out: e.n });
        return e.n * 2;
      },
    });
    await expect(handler({ n: 21 }, ctx)).resolves.toBe(42);
  });

  it('rejects a bad event with a clear InvalidEvent error', async () => {
    const handler = defineHandler({ service: 't', event: z.object({ n: z.number() }), handler: async () => 1 });
    await expect(handler({ n: 'x' }, ctx)).rejects.toMatchObject({ name: 'InvalidEvent', message: expect.stringMatching(/n: .*expected number/i) });
  });
});

describe('loadConfig', () => {
  it('applies defaults and names every bad variable', () => {
    expect(loadConfig(baseConfigSchema, {})).toMatchObject({ MEDALLION_LAKE_URI: '.lake', LOG_LEVEL: 'INFO' });
    expect(() => loadConfig(baseConfigSchema, { LOG_LEVEL: 'LOUD', DYNAMODB_ENDPOINT: 'nope' })).toThrow(/LOG_LEVEL.*DYNAMODB_ENDPOINT/);
  });
});
