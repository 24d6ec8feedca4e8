import { createTables, tableDefinitions } from '@medallion/tables';
import { localDynamoClient, startLocalDynamo, type LocalDynamo } from './dynalite';

/** Set by the repository's jest global setup (scripts/test/global-dynalite.mjs) for every worker. */
export const TEST_DYNAMO_ENDPOINT_ENV = 'MEDALLION_TEST_DYNAMO_ENDPOINT';

/**
 * A test suite's DynamoDB: its own tables (named by `tablePrefix`, which must be unique per suite) on the one
 * dynalite jest's global setup started for the whole run, so suites do not each start an emulator; a dynalite of
 * its own when run without that setup. `stop()` only closes the client of a shared emulator.
 */
export async function testLocalDynamo(tablePrefix: string, env: NodeJS.ProcessEnv = process.env): Promise<LocalDynamo> {
  const endpoint = env[TEST_DYNAMO_ENDPOINT_ENV];
  if (!endpoint) return startLocalDynamo({ tablePrefix });
  const client = localDynamoClient(endpoint);
  const tables = await createTables(client, tablePrefix, tableDefinitions);
  return {
    endpoint,
    client,
    tables,
    async stop() {
      client.destroy();
    },
  };
}
