import type { ObjectStore } from '@medallion/lake';
import { parseColumns, type SchemaColumn } from '@medallion/ndjson';

/**
 * Where the frozen schema and its change log live in the lake: one immutable object per version,
 * `_schemas/ndjson/v000001.json`, `v000002.json`…, each the whole schema at that version. A new version is
 * created only if absent (ObjectStore.putIfAbsent: S3 If-None-Match, a local exclusive link), so two converters
 * adding columns at once cannot overwrite each other: the one that loses re-reads and records on top.
 */
export const SCHEMA_PREFIX = '_schemas/ndjson/';
/** The single mutable file of the first versions; read only when no versioned object exists yet. */
export const LEGACY_SCHEMA_KEY = `${SCHEMA_PREFIX}schema.json`;
const VERSION_KEY = /^_schemas\/ndjson\/v(\d{6,})\.json$/;
/** Conflicts retried before giving up: each loser re-reads, so this only runs out if writers keep winning for ever. */
const MAX_ATTEMPTS = 20;

export const schemaVersionKey = (version: number) => `${SCHEMA_PREFIX}v${String(version).padStart(6, '0')}.json`;

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

function parseStored(bytes: Uint8Array): StoredSchema {
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as StoredSchema;
  return { version: doc.version, columns: parseColumns(doc.columns), changes: doc.changes ?? [] };
}

/** The newest version (one LIST of the prefix and one GET), or the legacy schema.json, or null. */
export async function loadSchema(lake: ObjectStore): Promise<StoredSchema | null> {
  const versions = (await lake.list(SCHEMA_PREFIX))
    .map((o) => VERSION_KEY.exec(o.key))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]));
  if (versions.length) {
    const latest = Math.max(...versions);
    const bytes = await lake.get(schemaVersionKey(latest));
    if (bytes) return parseStored(bytes);
  }
  const legacy = await lake.get(LEGACY_SCHEMA_KEY);
  return legacy ? parseStored(legacy) : null;
}

/**
 * Record columns added by a manifest (or the declared/inferred start) as the next version. Re-reads the newest
 * version first and adds only what is still missing, so a re-run records nothing twice; creating the version is a
 * compare-and-swap, and on a conflict (another converter created that version first) it re-reads and merges.
 */
export async function recordSchemaChange(lake: ObjectStore, change: Omit<SchemaChange, 'version'>): Promise<SchemaChange | null> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = (await loadSchema(lake)) ?? { version: 0, columns: [], changes: [] };
    const have = new Set(current.columns.map((c) => c.name.toLowerCase()));
    const added = change.added.filter((c) => !have.has(c.name.toLowerCase()));
    if (added.length === 0 && current.version > 0) return null;
    const recorded: SchemaChange = { ...change, added, version: current.version + 1 };
    const next: StoredSchema = { version: recorded.version, columns: [...current.columns, ...added], changes: [...current.changes, recorded] };
    if (await lake.putIfAbsent(schemaVersionKey(recorded.version), `${JSON.stringify(next, null, 2)}\n`, 'application/json')) return recorded;
  }
  throw new Error(`schema change of manifest ${change.manifest_id}: still conflicting after ${MAX_ATTEMPTS} attempts`);
}
