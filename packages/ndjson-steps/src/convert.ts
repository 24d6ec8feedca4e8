import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuck, sqlIdent, sqlPath, type Duck } from '@medallion/duck';
import { type ObjectStore, validateKey, writeViaLocalFile } from '@medallion/lake';
import { parseNdjsonKey, schemaTracker, type QuarantineReason, type SchemaColumn, type SchemaTracker } from '@medallion/ndjson';
import { prepareFile, type PreparedFile } from './prepare';
import { loadSchema, recordSchemaChange } from './schema-store';
import { appendFiles } from './local-files';
import { quarantineRefusedLine } from './refused-lines';

export interface ManifestFile {
  date_prefix: string;
  file_key: string;
  size: number;
  etag: string;
}

export interface Manifest {
  manifest_id: string;
  files: ManifestFile[];
  bytes: number;
}

export interface ConvertDeps {
  /** The lake: silver/, quarantine/ and _schemas/ are written here. */
  lake: ObjectStore;
  /** The input bucket (NDJSON_INPUT_URI), read by file_key. */
  input: ObjectStore;
  /** Used when the lake holds no schema yet; otherwise the first manifest's fields are inferred and frozen. */
  declaredSchema?: SchemaColumn[];
  /** Local disk for clean NDJSON and DuckDB's spill (Lambda: /tmp). */
  workDir?: string;
  /** DuckDB memory_limit, e.g. '1GB': above it DuckDB spills to workDir. */
  memoryLimit?: string;
  threads?: number;
  /** Input files staged ahead of the one being read (default 4). */
  prefetch?: number;
  /** Clean NDJSON bytes per Parquet file (default 512 MiB). */
  chunkBytes?: number;
  now?: () => Date;
}

export interface ConvertResult {
  manifestId: string;
  files: number;
  lines: number;
  rowsWritten: number;
  blankLines: number;
  quarantined: Partial<Record<QuarantineReason, number>>;
  outputs: string[];
  /** Columns this manifest added to the frozen schema (empty on a re-run). */
  schemaChanges: SchemaColumn[];
}

const MANIFEST_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
export const silverPrefix = (date: string) => `silver/ndjson/date=${date}/`;
export const quarantineKey = (date: string, manifestId: string) => validateKey(`quarantine/ndjson/date=${date}/${manifestId}.ndjson`);

interface DatePart {
  date: string;
  files: Array<PreparedFile & { cleanPath: string; quarantinePath: string }>;
}

/**
 * Convert one manifest's NDJSON files to ZSTD Parquet under silver/ndjson/date=…/<manifest_id>-<n>.parquet and
 * rejected lines to quarantine/ndjson/date=…/<manifest_id>.ndjson. Files are streamed one at a time into clean
 * local NDJSON (see prepareFile); DuckDB then reads those with the frozen schema's columns, spilling to disk above
 * memoryLimit, so memory does not grow with the manifest. Output names depend only on the manifest: a re-run
 * rewrites the same objects (and removes any of its own it no longer produces).
 */
export async function convertManifest(deps: ConvertDeps, manifest: Manifest): Promise<ConvertResult> {
  if (!MANIFEST_ID.test(manifest.manifest_id)) throw new Error(`invalid manifest_id ${JSON.stringify(manifest.manifest_id)}`);
  const id = manifest.manifest_id;
  const now = deps.now ?? (() => new Date());
  const work = await mkdtemp(join(deps.workDir ?? tmpdir(), `ndjson-${id}-`));
  try {
    const stored = await loadSchema(deps.lake);
    if (!stored && deps.declaredSchema?.length) {
      await recordSchemaChange(deps.lake, { at: now().toISOString(), manifest_id: id, source: 'declared', added: deps.declaredSchema });
    }
    const frozen = stored?.columns ?? deps.declaredSchema ?? [];
    const schema = schemaTracker(frozen);
    const parts = await prepareManifest(deps, manifest, schema, work);
    const added = schema.added();
    if (added.length)
      await recordSchemaChange(deps.lake, {
        at: now().toISOString(),
        manifest_id: id,
        source: stored || deps.declaredSchema?.length ? 'new_fields' : 'inferred',
        added,
      });
    const outputs: string[] = [];
    const duck = await openDuck({ memoryLimit: deps.memoryLimit, threads: deps.threads, tempDirectory: join(work, 'spill') });
    try {
      for (const part of parts.values()) {
        outputs.push(...(await writeParquet(deps, duck, id, part, schema.columns(), deps.chunkBytes ?? 512 * 2 ** 20, work)));
        await writeQuarantine(deps.lake, id, part, join(work, `${part.date}.quarantine`));
      }
    } finally {
      duck.close();
    }
    return summarise(
      id,
      [...parts.values()].flatMap((p) => p.files),
      outputs,
      added,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Every file of the manifest through prepareFile, in manifest order, grouped by date partition. */
async function prepareManifest(deps: ConvertDeps, manifest: Manifest, schema: SchemaTracker, work: string): Promise<Map<string, DatePart>> {
  // Keys come from outside: all are checked before anything is staged.
  const keys = manifest.files.map((file) => {
    const key = parseNdjsonKey(file.file_key);
    if (key.datePrefix !== file.date_prefix) throw new Error(`file ${file.file_key} is not under date_prefix ${file.date_prefix}`);
    return key;
  });
  const parts = new Map<string, DatePart>();
  const staged = prefetch(
    deps.input,
    keys.map((k) => k.key),
    deps.prefetch ?? 4,
  );
  try {
    for (const [i, key] of keys.entries()) {
      const part = parts.get(key.datePrefix) ?? { date: key.datePrefix, files: [] };
      parts.set(key.datePrefix, part);
      await mkdir(join(work, key.datePrefix), { recursive: true });
      const cleanPath = join(work, key.datePrefix, `${i}.ndjson`);
      const quarantinePath = join(work, key.datePrefix, `${i}.rejects`);
      const local = await staged.take(i);
      part.files.push({ ...(await prepareFile(local, key.key, key.gzip, schema, cleanPath, quarantinePath)), cleanPath, quarantinePath });
      await staged.release(local);
    }
  } finally {
    await staged.cleanup();
  }
  return parts;
}

/**
 * Stage input objects to local disk (the store's `stage`) a few files ahead of the one being read, so S3's
 * per-object latency overlaps the parsing while files are still read strictly in manifest order (schema inference
 * depends on it). Staged copies of remote objects are removed once read; local inputs are read in place.
 */
function prefetch(input: ObjectStore, keys: string[], ahead: number) {
  const remote = !input.uri.startsWith('file://');
  const pending = new Map<number, Promise<string>>();
  const start = (i: number) => {
    if (i >= keys.length || pending.has(i)) return;
    const p = input.stage([keys[i]!]).then(([path]) => path!);
    p.catch(() => {}); // reported when taken
    pending.set(i, p);
  };
  const release = async (path: string) => {
    if (remote) await rm(path, { force: true });
  };
  return {
    async take(i: number): Promise<string> {
      for (let j = i; j <= i + ahead; j++) start(j);
      const p = pending.get(i)!;
      pending.delete(i);
      return p;
    },
    release,
    async cleanup() {
      const left = await Promise.allSettled(pending.values());
      for (const r of left) if (r.status === 'fulfilled') await release(r.value);
    },
  };
}

function summarise(manifestId: string, files: PreparedFile[], outputs: string[], schemaChanges: SchemaColumn[]): ConvertResult {
  const result: ConvertResult = { manifestId, files: files.length, lines: 0, rowsWritten: 0, blankLines: 0, quarantined: {}, outputs, schemaChanges };
  for (const f of files) {
    result.lines += f.lines;
    result.rowsWritten += f.rows;
    result.blankLines += f.blank;
    for (const [reason, n] of Object.entries(f.quarantined) as [QuarantineReason, number][]) result.quarantined[reason] = (result.quarantined[reason] ?? 0) + n;
  }
  return result;
}

/** Group a date's clean files into chunks of about chunkBytes: one Parquet file each, numbered from 0. */
function chunk<T extends { cleanBytes: number; rows: number }>(files: T[], chunkBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const f of files.filter((x) => x.rows > 0)) {
    if (current.length && size + f.cleanBytes > chunkBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(f);
    size += f.cleanBytes;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

const READ_JSON_MAX_OBJECT = 80 * 1024 * 1024; // above forEachLine's longest line, in bytes
/** Lines DuckDB refuses after JSON.parse accepted them (repeated fields) are rare: past this many, fail the manifest. */
const MAX_REFUSED_LINES = 100;

async function writeParquet(
  deps: ConvertDeps,
  duck: Duck,
  id: string,
  part: DatePart,
  columns: SchemaColumn[],
  chunkBytes: number,
  work: string,
): Promise<string[]> {
  const prefix = silverPrefix(part.date);
  const written: string[] = [];
  const declared = `{'_source_line': 'BIGINT', ${columns.map((c) => `'${sqlIdent(c.name).slice(1, -1)}': '${c.type}'`).join(', ')}}`;
  const readJson = (paths: string) =>
    `read_json(${paths}, format = 'newline_delimited', filename = true, columns = ${declared}, maximum_object_size = ${READ_JSON_MAX_OBJECT})`;
  const select = ['s.file_key AS _source_file', 'r._source_line', ...columns.map((c) => `r.${sqlIdent(c.name)}`)].join(', ');
  for (const [n, files] of chunk(part.files, chunkBytes).entries()) {
    const key = validateKey(`${prefix}${id}-${n}.parquet`);
    await duck.run('CREATE OR REPLACE TEMP TABLE ndjson_src (path VARCHAR, file_key VARCHAR)');
    for (const f of files) await duck.run('INSERT INTO ndjson_src VALUES ($1, $2)', [f.cleanPath, f.fileKey]);
    const paths = `[${files.map((f) => sqlPath(f.cleanPath)).join(', ')}]`;
    await writeViaLocalFile(deps.lake, key, async (local) => {
      for (let refused = 0; ; refused++) {
        try {
          const count = await duck.scalar<number>(
            `COPY (SELECT ${select} FROM ${readJson(paths)} r JOIN ndjson_src s ON r.filename = s.path) TO ${sqlPath(local)} (FORMAT parquet, COMPRESSION zstd)`,
          );
          // Every clean line was checked against these columns; a different count means a line was lost or doubled.
          const expected = files.reduce((s, f) => s + f.rows, 0);
          if (Number(count) !== expected) throw new Error(`manifest ${id} ${part.date} chunk ${n}: DuckDB wrote ${count} rows, expected ${expected}`);
          return;
        } catch (err) {
          if (refused >= MAX_REFUSED_LINES || !(await quarantineRefusedLine(duck, files, err, readJson, join(work, 'refused.ndjson')))) throw err;
        }
      }
    });
    written.push(key);
  }
  // A re-run that produces fewer chunks (a changed chunk size) must not leave an older run's extra file behind.
  const mine = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${id.replace(/\./g, '\\.')}-\\d+\\.parquet$`);
  for (const o of await deps.lake.list(prefix)) if (mine.test(o.key) && !written.includes(o.key)) await deps.lake.delete(o.key);
  return written;
}

async function writeQuarantine(lake: ObjectStore, id: string, part: DatePart, localPath: string): Promise<void> {
  const key = quarantineKey(part.date, id);
  const rejected = part.files.some((f) => Object.keys(f.quarantined).length > 0);
  if (!rejected) return lake.delete(key); // a re-run that rejects nothing any more
  await appendFiles(
    part.files.map((f) => f.quarantinePath),
    localPath,
  );
  await lake.putFile(key, localPath);
}
