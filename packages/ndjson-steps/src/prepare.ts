import { closeSync, openSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { classifyLine, forEachLine, NdjsonFileError, type QuarantineReason, type QuarantineRecord, type SchemaTracker } from '@medallion/ndjson';

/** Buffered appends to a local file with plain sync writes: the line loop stays synchronous and memory stays at one buffer. */
export class LineFile {
  private fd: number;
  private parts: string[] = [];
  private pending = 0;
  bytes = 0;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }
  append(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= 1 << 20) this.flush();
  }
  private flush(): void {
    if (!this.parts.length) return;
    this.bytes += writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.pending = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Whether an object has a field, without building its key list (this runs once per line). */
function hasFields(obj: object): boolean {
  for (const _ in obj) return true;
  return false;
}

/** A prepared file with where its clean lines and quarantine records are on local disk. */
export type CleanFile = PreparedFile & { cleanPath: string; quarantinePath: string };

export interface PreparedFile {
  fileKey: string;
  lines: number;
  rows: number;
  blank: number;
  quarantined: Partial<Record<QuarantineReason, number>>;
  /** Bytes of clean NDJSON written for DuckDB (0: nothing to convert). */
  cleanBytes: number;
}

/**
 * One input file, staged on local disk → a clean NDJSON file on local disk that DuckDB reads with declared columns and cannot fail
 * on, plus quarantine records. Every line goes to exactly one of: blank count, clean file (with its line number
 * as `_source_line`), quarantine file. A file that is not gzip / not UTF-8 is one whole-file record instead,
 * and the rows and columns it had contributed are rolled back.
 */
export async function prepareFile(
  localPath: string,
  fileKey: string,
  gzip: boolean,
  schema: SchemaTracker,
  cleanPath: string,
  quarantinePath: string,
): Promise<PreparedFile> {
  let body: Readable;
  try {
    body = (await open(localPath)).createReadStream({ highWaterMark: 1 << 20 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`input object ${fileKey} is missing`);
    throw err;
  }
  const out: PreparedFile = { fileKey, lines: 0, rows: 0, blank: 0, quarantined: {}, cleanBytes: 0 };
  const clean = new LineFile(cleanPath);
  const rejects = new LineFile(quarantinePath);
  const reject = (record: QuarantineRecord) => {
    rejects.append(`${JSON.stringify(record)}\n`);
    out.quarantined[record.reason] = (out.quarantined[record.reason] ?? 0) + 1;
  };
  const rollback = schema.mark();
  try {
    out.lines = await forEachLine(body, gzip, (text, line) => {
      const c = classifyLine(text, schema);
      if (c.kind === 'blank') out.blank++;
      else if (c.kind === 'reject') reject({ file: fileKey, line, reason: c.reason, raw: text, detail: c.detail });
      else {
        // Lineage goes in as the first field; the rest of the line is passed on as it came (no re-serialising).
        const rest = text.trimStart().slice(1);
        clean.append(hasFields(c.value) ? `{"_source_line":${line},${rest}\n` : `{"_source_line":${line}}\n`);
        out.rows++;
      }
    });
  } catch (err) {
    body.destroy();
    if (!(err instanceof NdjsonFileError)) throw err;
    rollback();
    clean.close();
    rejects.close();
    const whole = new LineFile(quarantinePath);
    whole.append(`${JSON.stringify({ file: fileKey, line: null, reason: err.reason, raw: null, detail: err.message } satisfies QuarantineRecord)}\n`);
    whole.close();
    return { fileKey, lines: 0, rows: 0, blank: 0, quarantined: { [err.reason]: 1 }, cleanBytes: 0 };
  }
  clean.close();
  rejects.close();
  out.cleanBytes = clean.bytes;
  return out;
}
