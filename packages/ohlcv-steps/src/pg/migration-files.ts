import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** NNN_name.sql → its text, in file name order (the generator's and the staleness test's view of migrations/). */
export function readMigrationFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of readdirSync(dir).sort()) if (file.endsWith('.sql')) out[file] = readFileSync(join(dir, file), 'utf8');
  return out;
}

/** The generated module's text. */
export function migrationsModule(files: Record<string, string>): string {
  return `// Generated from packages/ohlcv-steps/migrations/*.sql by scripts/generate/ohlcv-migrations.ts: edit the .sql files, then regenerate.\nexport const MIGRATION_FILES: Record<string, string> = ${JSON.stringify(files, null, 2)};\n`;
}
