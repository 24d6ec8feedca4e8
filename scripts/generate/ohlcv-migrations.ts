/**
 * packages/ohlcv-steps/migrations/*.sql → src/pg/migrations.generated.ts. The .sql files are the
 * source; the generated module carries them into the esbuild bundles (CLI and Lambda), which ship
 * no loose files. packages/ohlcv-steps/test/migrations.test.ts fails when the two differ.
 * Run: pnpm exec tsx scripts/generate/ohlcv-migrations.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrationsModule, readMigrationFiles } from '../../packages/ohlcv-steps/src/pg/migration-files';

const dir = fileURLToPath(new URL('../../packages/ohlcv-steps/migrations/', import.meta.url));
const out = fileURLToPath(new URL('../../packages/ohlcv-steps/src/pg/migrations.generated.ts', import.meta.url));
writeFileSync(out, migrationsModule(readMigrationFiles(dir)));
console.log(`wrote ${out}`);
