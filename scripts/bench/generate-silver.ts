/**
 * Deterministic synthetic silver transactions for benchmarks, under .bench/ (gitignored).
 *   npx tsx --import ./scripts/polyfills.mjs scripts/bench/generate-silver.ts --rows 1000000 [--seed 42] [--files 8]
 * Re-running with the same arguments reuses the files (a manifest records what was generated).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDuck } from '@medallion/duck';
import { defaultSyntheticFileCount, generateSyntheticSilverTransactions, syntheticMembersFrom } from '@medallion/house-fd-gold';
import { loadLegislators } from './legislators';
import { BENCH_DIR } from './paths';

export interface SyntheticSilver {
  dir: string;
  files: string[];
  rows: number;
  seconds: number;
  reused: boolean;
}

const GENERATOR_VERSION = 1;

export async function ensureSyntheticSilver(rows: number, options: { seed?: number; files?: number } = {}): Promise<SyntheticSilver> {
  const seed = options.seed ?? 42;
  const fileCount = options.files ?? defaultSyntheticFileCount(rows);
  const dir = join(BENCH_DIR, 'silver', `rows=${rows}-seed=${seed}-files=${fileCount}`);
  const manifestFile = join(dir, 'manifest.json');
  const wanted = { generator: GENERATOR_VERSION, rows, seed, files: fileCount };
  try {
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    if (JSON.stringify(manifest.options) === JSON.stringify(wanted)) return { dir, files: manifest.files, rows, seconds: 0, reused: true };
  } catch {
    // no manifest yet: generate
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  const duck = await openDuck({ threads: 2, memoryLimit: '1GB', tempDirectory: join(BENCH_DIR, 'tmp', 'generate') });
  try {
    const members = syntheticMembersFrom(loadLegislators());
    const { files } = await generateSyntheticSilverTransactions(duck, { rows, outDir: dir, members, seed, files: fileCount });
    await writeFile(manifestFile, JSON.stringify({ options: wanted, files }, null, 2));
    return { dir, files, rows, seconds: (performance.now() - started) / 1000, reused: false };
  } finally {
    duck.close();
  }
}

async function main() {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, seed: { type: 'string' }, files: { type: 'string' } } });
  const result = await ensureSyntheticSilver(Number(values.rows), {
    seed: values.seed ? Number(values.seed) : undefined,
    files: values.files ? Number(values.files) : undefined,
  });
  console.log(
    `${result.reused ? 'reused' : `generated in ${result.seconds.toFixed(1)} s`}: ${result.rows} rows in ${result.files.length} files under ${result.dir}`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
