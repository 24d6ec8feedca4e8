import { CreateTableCommand, DescribeTableCommand, ResourceInUseException, type DynamoDBClient, type AttributeDefinition } from '@aws-sdk/client-dynamodb';
import type { TableDefinition } from './index';

/** Same rule as infra/modules/dynamodb: "<prefix>-<logical name with _ as ->". */
export function physicalTableName(prefix: string, logicalName: string): string {
  return `${prefix}-${logicalName.replace(/_/g, '-')}`;
}

/** Create every table from the shared definition (idempotent: existing tables are kept). */
export async function createTables(client: DynamoDBClient, prefix: string, defs: TableDefinition[]): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  for (const def of defs) {
    const TableName = physicalTableName(prefix, def.name);
    names[def.name] = TableName;
    const attrs = new Map<string, AttributeDefinition>();
    const add = (k: { name: string; type: string }) => attrs.set(k.name, { AttributeName: k.name, AttributeType: k.type as 'S' });
    add(def.hashKey);
    if (def.rangeKey) add(def.rangeKey);
    for (const g of def.globalSecondaryIndexes) {
      add(g.hashKey);
      if (g.rangeKey) add(g.rangeKey);
    }
    try {
      await client.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [...attrs.values()],
          KeySchema: [
            { AttributeName: def.hashKey.name, KeyType: 'HASH' },
            ...(def.rangeKey ? [{ AttributeName: def.rangeKey.name, KeyType: 'RANGE' as const }] : []),
          ],
          GlobalSecondaryIndexes: def.globalSecondaryIndexes.length
            ? def.globalSecondaryIndexes.map((g) => ({
                IndexName: g.name,
                KeySchema: [
                  { AttributeName: g.hashKey.name, KeyType: 'HASH' as const },
                  ...(g.rangeKey ? [{ AttributeName: g.rangeKey.name, KeyType: 'RANGE' as const }] : []),
                ],
                Projection: { ProjectionType: g.projection },
              }))
            : undefined,
        }),
      );
    } catch (err) {
      if (!(err instanceof ResourceInUseException)) throw err;
    }
    // dynalite creates tables asynchronously (CREATING → ACTIVE), as AWS does.
    for (let i = 0; i < 100; i++) {
      const d = await client.send(new DescribeTableCommand({ TableName }));
      if (d.Table?.TableStatus === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return names;
}
