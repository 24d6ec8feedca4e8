import type { ObjectStore } from '@medallion/lake';
import { parseColumns, type SchemaColumn } from '@medallion/ndjson';

/** Where the frozen schema and its change log live in the lake. */
export const SCHEMA_KEY = '_schemas/ndjson/schema.json';

export interface SchemaChange {
  version: number;
  at: string;
  manifest_id: string;
  /** 'declared' (from configuration), 'inferred' (the first manifest) or 'new_fields' (later manifests). */
  source: 'declared' | 'inferred' | 'new_fields';
  added: SchemaColumn[];
}

export interface StoredSchema {
  version: number;
  columns: SchemaColumn[];
  changes: SchemaChange[];
}

export async function loadSchema(lake: ObjectStore): Promise<StoredSchema | null> {
  const bytes = await lake.get(SCHEMA_KEY);
  if (!bytes) return null;
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as StoredSchema;
  return { version: doc.version, columns: parseColumns(doc.columns), changes: doc.changes ?? [] };
}

/**
 * Record columns added by a manifest (or the declared/inferred start). Re-reads the stored schema first and adds
 * only what is still missing, so a re-run records nothing twice. The lake has no conditional put: two converters
 * adding columns at the same instant can lose one change record (the columns are re-added by the next manifest
 * that carries them) — see the package README.
 */
export async function recordSchemaChange(lake: ObjectStore, change: Omit<SchemaChange, 'version'>): Promise<SchemaChange | null> {
  const current = (await loadSchema(lake)) ?? { version: 0, columns: [], changes: [] };
  const have = new Set(current.columns.map((c) => c.name.toLowerCase()));
  const added = change.added.filter((c) => !have.has(c.name.toLowerCase()));
  if (added.length === 0 && current.version > 0) return null;
  const recorded: SchemaChange = { ...change, added, version: current.version + 1 };
  const next: StoredSchema = { version: recorded.version, columns: [...current.columns, ...added], changes: [...current.changes, recorded] };
  await lake.put(SCHEMA_KEY, `${JSON.stringify(next, null, 2)}\n`, 'application/json');
  return recorded;
}
