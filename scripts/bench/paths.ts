import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root and the gitignored scratch area for generated benchmark data. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BENCH_DIR = join(REPO_ROOT, '.bench');
export const BENCHMARKS_DOC = join(REPO_ROOT, 'docs', 'BENCHMARKS.md');
