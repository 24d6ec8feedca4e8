/**
 * Dataset names the checks use → parquet files in the lake. The engine knows no dataset of its
 * own: each pipeline declares its datasets (name → lake key pattern) and hands them over with
 * the checks files, e.g.
 *   { silver_transactions: 'silver/house_fd/transactions/*.parquet',
 *     dim_member: 'gold/house_fd/dim_member/dim_member.parquet' }
 * A pattern is a folder plus either one file (a single-file table) or a `*` pattern over the
 * folder's files (a multi-file table); a `**` segment before the file part takes matching files
 * in every subfolder too (hive partitions: silver_3d's year=/month= folders). Only datasets with at
 * least one file are resolved.
 */
import { readdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { z } from 'zod';

/** Dataset name → lake key pattern: `<folder>/*.parquet`, `<folder>/<file>.parquet`, or with a `**` segment before the file part. */
export type DatasetDeclarations = Record<string, string>;

const DATASET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FOLDER_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.=-]*$/;
const FILE_PATTERN = /^[A-Za-z0-9_*][A-Za-z0-9_.=*-]*\.parquet$/;

function patternProblem(pattern: string): string | undefined {
  const parts = pattern.split('/');
  const file = parts.pop()!;
  if (parts.at(-1) === '**') parts.pop();
  if (parts.length === 0) return 'needs a folder, e.g. silver/<pipeline>/<table>/*.parquet';
  if (parts.some((p) => !FOLDER_SEGMENT.test(p) || /^\.+$/.test(p)))
    return 'folders are plain names (letters, digits, _ . = -; no "..", no leading "/", no wildcards)';
  if (!FILE_PATTERN.test(file)) return 'the last part must name .parquet files (one file, or a pattern with *)';
  return undefined;
}

/** The zod shape of declarations (gate events carry them): names are identifiers, patterns stay inside the lake. */
export const datasetDeclarationsSchema = z
  .record(z.string().regex(DATASET_NAME, 'a dataset name is an identifier (letters, digits, _)'), z.string())
  .superRefine((decl, ctx) => {
    for (const [name, pattern] of Object.entries(decl)) {
      const problem = patternProblem(pattern);
      if (problem) ctx.addIssue({ code: 'custom', path: [name], message: `dataset ${name} → "${pattern}": ${problem}` });
    }
  });

interface Declared {
  name: string;
  /** Folder key with a trailing slash, e.g. `gold/house_fd/dim_member/`. */
  prefix: string;
  /** True for a single-file table: its candidate replaces it whole. */
  single: boolean;
  /** A `**` segment: files in subfolders too. */
  recursive: boolean;
  matches: (fileName: string) => boolean;
}

/** Checked declarations; throws one clear message for a bad name or pattern. */
export function declaredDatasets(declarations: DatasetDeclarations): Declared[] {
  const parsed = datasetDeclarationsSchema.safeParse(declarations);
  if (!parsed.success) throw new Error(`invalid dataset declarations: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return Object.entries(parsed.data).map(([name, pattern]) => {
    const cut = pattern.lastIndexOf('/') + 1;
    const file = pattern.slice(cut);
    const recursive = pattern.slice(0, cut).endsWith('/**/');
    const re = new RegExp(`^${file.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    const prefix = recursive ? pattern.slice(0, cut - 3) : pattern.slice(0, cut);
    return { name, prefix, single: !file.includes('*') && !recursive, recursive, matches: (f) => re.test(f) };
  });
}

/**
 * Candidate outputs not yet promoted, e.g. `_candidates/house_fd/batch=000003/`: under it, keys
 * repeat the table layout (`…/gold/house_fd/dim_member/dim_member.parquet`). A gate given one
 * checks the tables as they will read after promotion: a single-file table is replaced by its
 * candidate, a multi-file table gets the candidate files (replacing files of the same name).
 */
export const CANDIDATE_PREFIX = /^_candidates\/[A-Za-z0-9_]+\/batch=\d{6}\/$/;

const baseName = (key: string) => key.slice(key.lastIndexOf('/') + 1);

/** Published and candidate files by their path inside the dataset's folder: a candidate replaces the file of the same path. */
function overlay(published: Map<string, string>, candidates: Map<string, string>, single: boolean): string[] {
  if (single) return [...(candidates.size ? candidates : published).values()];
  const merged = new Map([...published, ...candidates]);
  return [...merged.keys()].sort().map((k) => merged.get(k)!);
}

/** Matching files under dir (in subfolders too when recursive), by relative path ('/'-separated). */
const filesIn = (dir: string, d: Declared): Map<string, string> => {
  let names: string[];
  try {
    names = d.recursive ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((n) => n.split(sep).join('/')) : readdirSync(dir);
  } catch {
    return new Map();
  }
  return new Map(
    names
      .filter((n) => d.matches(baseName(n)))
      .sort()
      .map((n) => [n, join(dir, n)]),
  );
};

/** Local lake directory → `{ dim_member: '<lake>/gold/…/dim_member.parquet', silver_transactions: [files…] }`. */
export function resolveDatasets(lakeDir: string, declarations: DatasetDeclarations, candidatePrefix?: string): Record<string, string[]> {
  const root = resolve(lakeDir);
  const tables: Record<string, string[]> = {};
  for (const d of declaredDatasets(declarations)) {
    const published = filesIn(join(root, d.prefix), d);
    const candidates = candidatePrefix ? filesIn(join(root, candidatePrefix, d.prefix), d) : new Map<string, string>();
    const files = overlay(published, candidates, d.single);
    if (files.length) tables[d.name] = files;
  }
  return tables;
}

/** What resolveDatasetsFromStore needs from @medallion/lake's ObjectStore (local dir or S3). */
export interface StagingStoreLike {
  list(prefix: string): Promise<{ key: string }[]>;
  /** Local paths DuckDB can read for these keys (S3 objects are downloaded first). */
  stage(keys: string[]): Promise<string[]>;
}

/** The same resolution through an object store: S3 objects are staged to local files for DuckDB. */
export async function resolveDatasetsFromStore(
  store: StagingStoreLike,
  declarations: DatasetDeclarations,
  only?: string[],
  candidatePrefix?: string,
): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const d of declaredDatasets(declarations)) {
    if (only && !only.includes(d.name)) continue;
    // Files directly in the folder only, unless recursive (a listing is recursive).
    const keysIn = async (prefix: string) =>
      new Map(
        (await store.list(prefix))
          .map((o) => o.key)
          .filter((k) => (d.recursive || !k.slice(prefix.length).includes('/')) && d.matches(baseName(k)))
          .sort()
          .map((k) => [k.slice(prefix.length), k]),
      );
    const published = await keysIn(d.prefix);
    const candidates = candidatePrefix ? await keysIn(candidatePrefix + d.prefix) : new Map<string, string>();
    const keys = overlay(published, candidates, d.single);
    if (keys.length) tables[d.name] = await store.stage(keys);
  }
  return tables;
}
