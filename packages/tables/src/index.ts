import definitions from './tables.json' with { type: 'json' };
export { createTables, physicalTableName } from './create';

interface KeyAttribute {
  name: string;
  type: 'S' | 'N' | 'B';
}
interface GlobalSecondaryIndex {
  name: string;
  hashKey: KeyAttribute;
  rangeKey?: KeyAttribute;
  projection: 'ALL' | 'KEYS_ONLY';
}
export interface TableDefinition {
  name: string;
  description: string;
  hashKey: KeyAttribute;
  rangeKey?: KeyAttribute;
  ttlAttribute: string | null;
  globalSecondaryIndexes: GlobalSecondaryIndex[];
}

export const tableDefinitions: TableDefinition[] = (definitions as { tables: TableDefinition[] }).tables;
