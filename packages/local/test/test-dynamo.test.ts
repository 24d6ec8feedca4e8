import { describe, expect, it } from '@jest/globals';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { startLocalDynamo } from '../src/dynalite';
import { TEST_DYNAMO_ENDPOINT_ENV, testLocalDynamo } from '../src/test-dynamo';

describe('testLocalDynamo', () => {
  it("puts each suite's tables on the one emulator the run shares instead of starting another", async () => {
    const shared = await startLocalDynamo({ tablePrefix: 'unused', definitions: [] });
    try {
      const env = { [TEST_DYNAMO_ENDPOINT_ENV]: shared.endpoint };
      const a = await testLocalDynamo('suite-a', env);
      const b = await testLocalDynamo('suite-b', env);
      expect([a.endpoint, b.endpoint]).toEqual([shared.endpoint, shared.endpoint]);
      expect(a.tables.watermarks).toBe('suite-a-watermarks');
      const { TableNames } = await shared.client.send(new ListTablesCommand({}));
      expect(TableNames).toEqual(expect.arrayContaining([a.tables.watermarks, b.tables.watermarks]));
      await a.stop();
      await b.stop();
      // Stopping a suite's handle leaves the shared emulator running for the other suites.
      expect((await shared.client.send(new ListTablesCommand({}))).TableNames).toContain(b.tables.watermarks);
    } finally {
      await shared.stop();
    }
  });

  it('starts an emulator of its own when the run shares none', async () => {
    const own = await testLocalDynamo('alone', {});
    try {
      expect(own.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(own.endpoint).not.toBe(process.env[TEST_DYNAMO_ENDPOINT_ENV]);
    } finally {
      await own.stop();
    }
  });
});
