import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sqlIdent, sqlPath, type DuckSession } from '@medallion/duck';
import { type ObjectStore, validateKey } from '@medallion/lake';
import type { SchemaColumn } from '@medallion/ndjson';
import type { CleanFile } from './prepare';
import { quarantineRefusedLine } from './refused-lines';

export const silverPrefix = (date: string) => `silver/ndjson/date=${date}/`;

/**
 * DuckDB's JSON reader holds buffers of twice maximum_object_size per thread: its default (16 MiB) unless a
 * chunk has a longer line (forEachLineBytes allows up to 16M characters).
 */
const READ_JSON_MAX_OBJECT = 16 * 1024 * 1024;
/**
 * ZSTD level 1 (the same size as the default level here, less CPU). A dictionary only for columns with few values
 * (≤ 16 KB of them per row group): DuckDB's default also dictionary-encodes `_source_line`, whose numbers repeat
 * across a chunk's files, which cost ~10 % more CPU in the Parquet writer and made the file 3 % larger (measured on
 * the ndjson-convert input).
 */
const PARQUET_OPTIONS = 'FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, DICTIONARY_SIZE_LIMIT 16384';
/** Lines DuckDB refuses after JSON.parse accepted them (repeated fields) are rare: past this many, fail the manifest. */
const MAX_REFUSED_LINES = 100;

interface ChunkOptions {
  lake: ObjectStore;
  /**
   * Where COPYs run: each lane runs one chunk's COPY at a time, so up to this many run at once. The converter gives
   * it one single-threaded DuckDB per core: COPYs side by side from the first chunk on, while Node reads the next
   * files, were ~25 % faster on 2 cores than one COPY at a time on all threads (ndjson-convert bench).
   */
  lanes: DuckSession[];
  manifestId: string;
  work: string;
  /** Clean NDJSON bytes per Parquet file. */
  chunkBytes: number;
  /** Turn a direct file into a clean one (prepareFile without `direct`): when DuckDB refuses one of its lines. */
  writeCleanFile: (file: CleanFile) => Promise<void>;
}

/** Where the reading is: a date's last file closes its chunk; near the end, chunks are cut smaller. */
export interface ReadProgress {
  lastOfDate: boolean;
  /** Input bytes (object sizes, as listed in the manifest) of the files not read yet. */
  unreadBytes: number;
}

/** The smallest chunk cut near the end of the reading. */
const MIN_TAIL_CHUNK = 8 * 2 ** 20;

/**
 * Clean files → `silver/ndjson/date=…/<manifest_id>-<n>.parquet`, n from 0 per date. A date's files are cut into
 * a chunk once they reach chunkBytes or the date's last file is read (in manifest order, so a re-run cuts the same
 * chunks), and the chunk's COPY is queued at once: each lane runs one COPY at a time while Node reads the next
 * files, and each Parquet file is published (an upload, on S3) while the next COPYs run; its clean files are
 * removed then. A chunk holds the columns known when it is cut: every field of its lines is among them (a later
 * column is absent from it: null when read with union_by_name). `finish` cuts what is left and waits for every COPY
 * and publish; `removeStale` removes this manifest's files of an earlier run that this run does not write.
 */
export function parquetChunks(o: ChunkOptions) {
  const pending = new Map<string, { files: CleanFile[]; bytes: number }>();
  const written = new Map<string, string[]>();
  const queued: Array<(lane: DuckSession) => Promise<void>> = [];
  const idle = [...o.lanes];
  const running = new Set<Promise<void>>();
  const publishes: Promise<void>[] = [];
  let failure: unknown;
  const fail = (err: unknown) => void (failure ??= err);

  /** Start queued COPYs on idle lanes; a lane takes the next one when its COPY ends. */
  const dispatch = () => {
    while (idle.length > 0 && queued.length > 0) {
      const lane = idle.shift()!;
      const job = queued.shift()!;
      const run: Promise<void> = job(lane).finally(() => {
        running.delete(run);
        idle.push(lane);
        dispatch();
      });
      running.add(run);
    }
  };
  /** Every COPY queued so far has ended (a lane starts the next in the same tick its COPY ends). */
  const drained = async () => {
    while (running.size > 0) await Promise.allSettled([...running]);
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
    // Not awaited: a failure is kept (no unhandled rejection) and rethrown by finish. Publishing a file (an upload
    // to S3) overlaps the next COPYs.
    queued.push(async (lane) => {
      if (failure) return;
      try {
        const local = await copyChunk(o, lane, key, p.files, snapshot);
        publishes.push(publish(o, key, local, p.files).catch(fail));
      } catch (err) {
        fail(err);
      }
    });
    dispatch();
  };

  return {
    add(date: string, file: CleanFile, columns: SchemaColumn[], progress: ReadProgress) {
      const p = pending.get(date) ?? { files: [], bytes: 0 };
      if (file.rows > 0) {
        pending.set(date, p);
        p.files.push(file);
        p.bytes += file.cleanBytes;
      }
      // Once what is left to read would fill fewer chunks than there are lanes, chunks are cut at a quarter size:
      // a COPY runs on one lane, so a big last chunk would keep one core busy and leave the others idle. The cut
      // depends only on the manifest (sizes, order), so a re-run cuts the same chunks.
      const tail = progress.unreadBytes < o.chunkBytes * o.lanes.length;
      const limit = tail ? Math.min(o.chunkBytes, Math.max(MIN_TAIL_CHUNK, o.chunkBytes / 4)) : o.chunkBytes;
      if (p.bytes >= limit || progress.lastOfDate) cut(date, columns);
    },
    async finish(columns: SchemaColumn[]): Promise<string[]> {
      for (const date of [...pending.keys()]) cut(date, columns);
      await drained();
      await Promise.all(publishes);
      if (failure) throw failure;
      return [...written.values()].flat();
    },
    /** Wait for every COPY and publish started, failed or not. */
    async settle(): Promise<void> {
      await drained();
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

async function copyChunk(o: ChunkOptions, duck: DuckSession, key: string, files: CleanFile[], columns: SchemaColumn[]): Promise<string> {
  const maxObject = Math.max(READ_JSON_MAX_OBJECT, ...files.map((f) => f.longestLine + 1));
  const declared = (withLine: boolean) =>
    `{${[...(withLine ? ["'_source_line': 'BIGINT'"] : []), ...columns.map((c) => `'${sqlIdent(c.name).slice(1, -1)}': '${c.type}'`)].join(', ')}}`;
  const readJson = (withLine: boolean) => (paths: string) =>
    `read_json(${paths}, format = 'newline_delimited', columns = ${declared(withLine)}, maximum_object_size = ${maxObject})`;
  const readClean = readJson(true);
  /** The chunk's direct files get clean files; false when it has none. */
  const cleanDirectFiles = async () => {
    const direct = files.filter((f) => f.direct);
    for (const f of direct) await o.writeCleanFile(f);
    return direct.length > 0;
  };
  // read_json needs a column: a chunk whose lines have no fields at all is read from clean files (`_source_line`).
  if (columns.length === 0) await cleanDirectFiles();
  const local = join(o.work, 'out', key.split('/').slice(-2).join('-'));
  await mkdir(dirname(local), { recursive: true });
  for (let refused = 0; ; ) {
    try {
      const select = selectRows(files, columns, readClean, readJson(false));
      const count = await duck.scalar<number>(`COPY (${select}) TO ${sqlPath(local)} (${PARQUET_OPTIONS})`);
      // Every line was checked against these columns; a different count means a line was lost or doubled.
      const expected = files.reduce((s, f) => s + f.rows, 0);
      if (Number(count) !== expected) throw new Error(`${key}: DuckDB wrote ${count} rows, expected ${expected}`);
      return local;
    } catch (err) {
      // DuckDB refused a line of an input it read itself: those files get clean files, where a refused line can be
      // found and moved to quarantine (quarantineRefusedLine), and the COPY runs again.
      if (await cleanDirectFiles()) continue;
      if (refused++ >= MAX_REFUSED_LINES || !(await quarantineRefusedLine(duck, files, err, readClean, join(o.work, `refused-${key.split('/').pop()}.ndjson`))))
        throw err;
    }
  }
}

/**
 * The chunk's rows: clean files carry `_source_line`; a direct file's line is its row number in the read (its
 * ordinality, counted on across the read's files, so less the rows of the files before it). Columns are read by
 * position (c0, c1, …) so that no field can shadow the virtual column `file_index`, whose position in the read's
 * file list gives the row's file. Keys and paths passed parseNdjsonKey / are the converter's own.
 */
function selectRows(files: CleanFile[], columns: SchemaColumn[], readClean: (paths: string) => string, readDirect: (paths: string) => string): string {
  const aliases = columns.map((_, i) => `c${i}`);
  const fields = columns.map((c, i) => `c${i} AS ${sqlIdent(c.name)}`);
  const list = (items: string[]) => `[${items.join(', ')}]`;
  const fileOf = (group: CleanFile[]) => `${list(group.map((f) => sqlPath(f.fileKey)))}[file_index::BIGINT + 1] AS _source_file`;
  const parts: string[] = [];
  const clean = files.filter((f) => !f.direct);
  if (clean.length > 0) {
    const from = `${readClean(list(clean.map((f) => sqlPath(f.cleanPath))))} AS t(${['l', ...aliases].join(', ')})`;
    parts.push(`SELECT ${[fileOf(clean), 'l AS _source_line', ...fields].join(', ')} FROM ${from}`);
  }
  const direct = files.filter((f) => f.direct);
  if (direct.length > 0) {
    // k: the row's number within its file (ordinality counts on across the read's files).
    const before = direct.map((_, i) => direct.slice(0, i).reduce((s, f) => s + f.rows, 0));
    const read = `${readDirect(list(direct.map((f) => sqlPath(f.inputPath))))} WITH ORDINALITY AS t(${[...aliases, 'o'].join(', ')})`;
    const rows = `SELECT ${['file_index::BIGINT AS f', `o - ${list(before.map(String))}[file_index::BIGINT + 1] AS k`, ...aliases].join(', ')} FROM ${read}`;
    parts.push(
      `SELECT ${[`${list(direct.map((f) => sqlPath(f.fileKey)))}[f + 1] AS _source_file`, `${lineOfRow(direct)} AS _source_line`, ...fields].join(', ')} FROM (${rows})`,
    );
  }
  return parts.join(' UNION ALL ');
}

/**
 * The line number of row k of direct file f: k plus the blank lines before it. With blank lines at L1 < L2 < …,
 * the j-th has Lj − j rows before it, so row k comes after it when k > Lj − j.
 */
function lineOfRow(direct: CleanFile[]): string {
  const cases = direct.flatMap((file, f) => {
    const blanks = file.blankLineNumbers ?? [];
    const after = blanks.map((line, j) => line - (j + 1)).filter((rows) => rows < file.rows);
    return after.length ? [`WHEN ${f} THEN ${after.map((rows) => `(k > ${rows})::BIGINT`).join(' + ')}`] : [];
  });
  return cases.length ? `k + CASE f ${cases.join(' ')} ELSE 0 END` : 'k';
}

/** The chunk's Parquet file under its key; then its local copy and clean files go (disk is /tmp in Lambda). */
async function publish(o: ChunkOptions, key: string, local: string, files: CleanFile[]): Promise<void> {
  await o.lake.putFile(key, local);
  await Promise.all([local, ...files.flatMap((f) => [f.cleanPath, f.stagedInput ?? []].flat())].map((path) => rm(path, { force: true })));
}
