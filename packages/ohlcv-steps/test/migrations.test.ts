import { fileURLToPath } from 'node:url';
import { loadMigrations } from '../src/pg/migrate';
import { readMigrationFiles } from '../src/pg/migration-files';
import { MIGRATION_FILES } from '../src/pg/migrations.generated';

const dir = fileURLToPath(new URL('../migrations/', import.meta.url));

it('the generated module carries exactly the .sql files (regenerate: pnpm exec tsx scripts/generate/ohlcv-migrations.ts)', () => {
  expect(MIGRATION_FILES).toEqual(readMigrationFiles(dir));
});

it('refuses a migration file not named NNN_name.sql, and two files with one version', async () => {
  await expect(loadMigrations({ 'add_table.sql': 'SELECT 1' })).rejects.toThrow(/not NNN_name.sql: add_table.sql/);
  await expect(loadMigrations({ '001_a.sql': 'SELECT 1', '01_b.sql': 'SELECT 1' })).rejects.toThrow(/share a version/);
});
