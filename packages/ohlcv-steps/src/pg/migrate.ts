import { createHash } from 'node:crypto';
import type { SqlDb } from './db';
import { MIGRATION_FILES } from './migrations.generated';

export interface Migration {
  version: number;
  name: string;
  /** The file name, as messages cite it. */
  file: string;
  sql: string;
  checksum: string;
}

/**
 * The package's migrations: plain .sql files in migrations/ named NNN_what.sql, applied in version
 * order (carried into bundles by the generated module, see scripts/generate/ohlcv-migrations.ts).
 */
export async function loadMigrations(files: Record<string, string> = MIGRATION_FILES): Promise<Migration[]> {
  const out: Migration[] = [];
  for (const [file, sql] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const m = /^(\d+)_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) throw new Error(`migration file name is not NNN_name.sql: ${file}`);
    out.push({ version: Number(m[1]), name: m[2]!, file, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  const versions = out.map((m) => m.version);
  if (new Set(versions).size !== versions.length) throw new Error(`two migrations share a version: ${versions.join(', ')}`);
  return out;
}

// Any constant: concurrent cold starts serialise on it instead of racing to create tables.
const MIGRATION_LOCK = 4_201_310;

/**
 * Apply the migrations not yet recorded in schema_migrations, each in its own transaction with
 * its record. An applied migration whose file changed is refused: migrations are append-only.
 */
export async function migrate(db: SqlDb, migrations?: Migration[]): Promise<{ applied: number[] }> {
  const all = migrations ?? (await loadMigrations());
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const m of all) {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const [done] = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = $1', [m.version]);
      if (done) {
        if (done.checksum !== m.checksum) throw new Error(`migration ${m.file} was changed after it was applied`);
        return;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      applied.push(m.version);
    });
  }
  return { applied };
}
