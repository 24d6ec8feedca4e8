import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sqlIdent, sqlPath, type Duck } from '@medallion/duck';
import { type ObjectStore, validateKey } from '@medallion/lake';
import type { SchemaColumn } from '@medallion/ndjson';
import type { CleanFile } from './prepare';
import { quarantineRefusedLine } from './refused-lines';

export const silverPrefix = (date: string) => `silver/ndjson/date=${date}/`;

const READ_JSON_MAX_OBJECT = 80 * 1024 * 1024; // above forEachLine's longest line, in bytes
/** Lines DuckDB refuses after JSON.parse accepted them (repeated fields) are rare: past this many, fail the manifest. */
const MAX_REFUSED_LINES = 100;

interface ChunkOptions {
  lake: ObjectStore;
  duck: Duck;
  manifestId: string;
  work: string;
  /** Clean NDJSON bytes per Parquet file. */
  chunkBytes: number;
  /**
   * DuckDB threads once every file is read (`SET threads`, before the last chunks). The caller opens DuckDB with
   * one thread fewer while Node reads: Node's line loop holds a core, and a third busy thread on two cores only
   * adds switching (measured: ~0.25 CPU-s more per 259 MiB, no faster).
   */
  tailThreads?: number;
}

/** Whether a date has more files later in the manifest: its last file closes its chunk rather than the end. */
export interface ReadProgress {
  lastOfDate: boolean;
}

/**
 * Clean files → `silver/ndjson/date=…/<manifest_id>-<n>.parquet`, n from 0 per date. A date's files are cut into
 * a chunk once they reach chunkBytes or the date's last file is read (in manifest order, so a re-run cuts the same
 * chunks), and the chunk's COPY is queued at once: COPYs run one at a time on the connection while Node reads the
 * next files, and each Parquet file is published (an upload, on S3) while the next COPY runs; its clean files are
 * removed then. A chunk holds the columns known when it is cut: every field of its lines is among them (a later
 * column is absent from it: null when read with union_by_name). `finish` cuts what is left and waits for every COPY
 * and publish; `removeStale` removes this manifest's files of an earlier run that this run does not write.
 */
export function parquetChunks(o: ChunkOptions) {
  const pending = new Map<string, { files: CleanFile[]; bytes: number }>();
  const written = new Map<string, string[]>();
  let copies: Promise<void> = Promise.resolve();
  const publishes: Promise<void>[] = [];
  let failure: unknown;
  const fail = (err: unknown) => void (failure ??= err);
  let reading = true;
  /** The tail's thread count, set on the connection before the first COPY that starts once every file is read (then undefined). */
  let tailThreads = o.tailThreads;
  const useTailThreads = async () => {
    if (reading || !tailThreads) return;
    await o.duck.run(`SET threads = ${Math.trunc(tailThreads)}`);
    tailThreads = undefined;
  };

  const cut = (date: string, columns: SchemaColumn[]) => {
    const p = pending.get(date);
    if (!p?.files.length) return;
    pending.delete(date);
    const keys = written.get(date) ?? [];
    written.set(date, keys);
    const key = validateKey(`${silverPrefix(date)}${o.manifestId}-${keys.length}.parquet`);
    keys.push(key);
    const snapshot = [...columns];
    // Held, not awaited: a failure is kept (no unhandled rejection) and rethrown by finish. Only the COPYs are
    // chained; publishing a file (an upload to S3) overlaps the next COPY.
    copies = copies.then(async () => {
      if (failure) return;
      try {
        await useTailThreads();
        const local = await copyChunk(o, key, p.files, snapshot);
        publishes.push(publish(o, key, local, p.files).catch(fail));
      } catch (err) {
        fail(err);
      }
    });
  };

  return {
    add(date: string, file: CleanFile, columns: SchemaColumn[], progress: ReadProgress) {
      const p = pending.get(date) ?? { files: [], bytes: 0 };
      if (file.rows > 0) {
        pending.set(date, p);
        p.files.push(file);
        p.bytes += file.cleanBytes;
      }
      if (p.bytes >= o.chunkBytes || progress.lastOfDate) cut(date, columns);
    },
    async finish(columns: SchemaColumn[]): Promise<string[]> {
      reading = false;
      for (const date of [...pending.keys()]) cut(date, columns);
      await copies;
      await Promise.all(publishes);
      if (failure) throw failure;
      return [...written.values()].flat();
    },
    /** Wait for every COPY and publish started, failed or not. */
    async settle(): Promise<void> {
      await copies;
      await Promise.allSettled(publishes);
    },
    /** Remove this manifest's Parquet files under these dates that this run did not write (fewer chunks than before). */
    async removeStale(dates: string[]): Promise<void> {
      for (const date of dates) {
        const mine = written.get(date) ?? [];
        const prefix = `${silverPrefix(date)}${o.manifestId}-`;
        for (const obj of await o.lake.list(silverPrefix(date))) {
          if (obj.key.startsWith(prefix) && /^\d+\.parquet$/.test(obj.key.slice(prefix.length)) && !mine.includes(obj.key)) await o.lake.delete(obj.key);
        }
      }
    },
  };
}

async function copyChunk(o: ChunkOptions, key: string, files: CleanFile[], columns: SchemaColumn[]): Promise<string> {
  const declared = `{'_source_line': 'BIGINT', ${columns.map((c) => `'${sqlIdent(c.name).slice(1, -1)}': '${c.type}'`).join(', ')}}`;
  const readJson = (paths: string) =>
    `read_json(${paths}, format = 'newline_delimited', filename = true, columns = ${declared}, maximum_object_size = ${READ_JSON_MAX_OBJECT})`;
  const select = ['s.file_key AS _source_file', 'r._source_line', ...columns.map((c) => `r.${sqlIdent(c.name)}`)].join(', ');
  await o.duck.run('CREATE OR REPLACE TEMP TABLE ndjson_src (path VARCHAR, file_key VARCHAR)');
  for (const f of files) await o.duck.run('INSERT INTO ndjson_src VALUES ($1, $2)', [f.cleanPath, f.fileKey]);
  const paths = `[${files.map((f) => sqlPath(f.cleanPath)).join(', ')}]`;
  const local = join(o.work, 'out', key.split('/').slice(-2).join('-'));
  await mkdir(dirname(local), { recursive: true });
  for (let refused = 0; ; refused++) {
    try {
      const count = await o.duck.scalar<number>(
        `COPY (SELECT ${select} FROM ${readJson(paths)} r JOIN ndjson_src s ON r.filename = s.path) TO ${sqlPath(local)} (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)`,
      );
      // Every clean line was checked against these columns; a different count means a line was lost or doubled.
      const expected = files.reduce((s, f) => s + f.rows, 0);
      if (Number(count) !== expected) throw new Error(`${key}: DuckDB wrote ${count} rows, expected ${expected}`);
      return local;
    } catch (err) {
      if (refused >= MAX_REFUSED_LINES || !(await quarantineRefusedLine(o.duck, files, err, readJson, join(o.work, 'refused.ndjson')))) throw err;
    }
  }
}

/** The chunk's Parquet file under its key; then its local copy and clean files go (disk is /tmp in Lambda). */
async function publish(o: ChunkOptions, key: string, local: string, files: CleanFile[]): Promise<void> {
  await o.lake.putFile(key, local);
  await Promise.all([local, ...files.map((f) => f.cleanPath)].map((path) => rm(path, { force: true })));
}
