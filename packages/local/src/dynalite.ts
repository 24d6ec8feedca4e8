import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTables, tableDefinitions, type TableDefinition } from '@medallion/tables';

const require = createRequire(import.meta.url);

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  /** Physical table names by logical name. */
  tables: Record<string, string>;
  stop(): Promise<void>;
}

export interface LocalDynamoOptions {
  /** LevelDB directory so state (watermarks) survives between runs; in-memory when omitted. */
  path?: string;
  tablePrefix?: string;
  definitions?: TableDefinition[];
}

/** A DynamoDB client for a local endpoint: fixed dummy credentials, never the user's profile. */
export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 });
}

/** Start dynalite on a free loopback port and create every table from the shared definition. */
export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  // dynalite is CommonJS with no types.
  const dynalite = require('dynalite') as (opts: Record<string, unknown>) => Server;
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  const tables = await createTables(client, options.tablePrefix ?? 'medallion-local', options.definitions ?? tableDefinitions);
  return {
    endpoint,
    client,
    tables,
    async stop() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
