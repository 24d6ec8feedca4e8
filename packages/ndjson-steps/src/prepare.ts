import { closeSync, createReadStream, open, openSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Readable } from 'node:stream';
import {
  classifyLine,
  forEachLineBytes,
  NdjsonFileError,
  CopyStop,
  type RowCopier,
  rowScanner,
  type QuarantineReason,
  type QuarantineRecord,
  type SchemaTracker,
} from '@medallion/ndjson';

const BUFFER_BYTES = 1 << 20;
const openFile = promisify(open);
const SOURCE_LINE = Buffer.from('{"_source_line":');

/**
 * Buffered appends to a local file with plain sync writes: the line loop stays synchronous and memory stays at one buffer.
 * Without a path it writes nothing and only counts (bytes, longest line): a pass that only checks lines.
 */
export class LineFile {
  private fd: number;
  private buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  bytes = 0;
  /** The longest line appended, in bytes (with its newline). */
  longest = 0;
  constructor(readonly path: string | null) {
    this.fd = path === null ? -1 : openSync(path, 'w');
  }
  append(text: string): void {
    const length = Buffer.byteLength(text);
    if (length > this.longest) this.longest = length;
    if (this.used + length > BUFFER_BYTES) this.flush();
    if (length > BUFFER_BYTES) this.bytes += this.fd < 0 ? length : writeSync(this.fd, text);
    else this.used += this.buffer.write(text, this.used);
  }
  /**
   * `{"_source_line":<line>,` then the bytes of a row's line after its opening `{`, and a newline: lineage as the
   * first field, the rest of the line passed on as it came — copied as bytes, never a string.
   */
  appendRow(line: number, bytes: Buffer, afterBrace: number, end: number): void {
    const length = SOURCE_LINE.length + decimalDigits(line) + 1 + (end - afterBrace) + 1;
    if (length > this.longest) this.longest = length;
    if (this.used + length > BUFFER_BYTES) this.flush();
    if (length > BUFFER_BYTES) {
      this.append(`{"_source_line":${line},`);
      this.flush();
      this.bytes += this.fd < 0 ? end - afterBrace : writeSync(this.fd, bytes, afterBrace, end - afterBrace);
      this.append('\n');
      return;
    }
    const out = this.buffer;
    let at = this.used + SOURCE_LINE.copy(out, this.used);
    at = writeDigits(out, at, line);
    out[at++] = 0x2c; // ,
    at += bytes.copy(out, at, afterBrace, end);
    out[at++] = 0x0a;
    this.used = at;
  }
  /**
   * The rows a RowCopier is sure of, from whole lines `bytes[start, stop)`, written as appendRow would; returns
   * the index after the last line taken, and how many (the rest go line by line). A row longer than the buffer
   * is left to appendRow.
   */
  copyRows(copier: RowCopier, bytes: Buffer, start: number, stop: number, line: number): { next: number; rows: number } {
    let rows = 0;
    for (;;) {
      const why = copier.copyRows(bytes, start, stop, line, this.buffer, this.used);
      const [next = start, nextLine = line, used = 0, copied = 0, longest = 0] = copier.state;
      rows += copied;
      if (longest > this.longest) this.longest = longest;
      start = next;
      line = nextLine;
      this.used = used;
      if (why !== CopyStop.OutputFull || this.used === 0) return { next: start, rows };
      this.flush();
    }
  }
  private flush(): void {
    if (this.used === 0) return;
    this.bytes += this.fd < 0 ? this.used : writeSync(this.fd, this.buffer, 0, this.used);
    this.used = 0;
  }
  close(): void {
    this.flush();
    if (this.fd >= 0) closeSync(this.fd);
  }
}

/** How many decimal digits a non-negative integer has. */
function decimalDigits(n: number): number {
  let digits = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  return digits;
}

/** A non-negative integer in decimal ASCII at `at`; returns the index after it. */
function writeDigits(out: Buffer, at: number, n: number): number {
  const digits = decimalDigits(n);
  for (let i = at + digits - 1, rest = n; i >= at; i--, rest = Math.floor(rest / 10)) out[i] = 0x30 + (rest % 10);
  return at + digits;
}

/** Whether an object has a field, without building its key list (this runs once per line). */
function hasFields(obj: object): boolean {
  for (const _ in obj) return true;
  return false;
}

/**
 * A prepared file with where DuckDB reads its rows (its clean file, or its input when direct) and its quarantine
 * records. `stagedInput`: the input is the converter's own staged copy, kept for DuckDB and removed once converted.
 */
export type CleanFile = PreparedFile & { cleanPath: string; quarantinePath: string; inputPath: string; stagedInput?: string };

export interface PreparedFile {
  fileKey: string;
  lines: number;
  rows: number;
  blank: number;
  quarantined: Partial<Record<QuarantineReason, number>>;
  /** Bytes of clean NDJSON for DuckDB (0: nothing to convert); when direct, what the clean file would have had. */
  cleanBytes: number;
  /** Its longest line in bytes: DuckDB's maximum_object_size must take it. */
  longestLine: number;
  /**
   * Every line of a plain (not gzipped) file was a row or blank, and it has rows: no clean file was written, DuckDB
   * reads the input itself; its n-th row is line n plus the blank lines before it (`blankLineNumbers`).
   */
  direct: boolean;
  /** A direct file's blank lines, in order: DuckDB skips them, so they shift its row numbers. */
  blankLineNumbers?: number[];
}

/** The most blank lines a file read directly may have: each is a term in its rows' line numbers. */
const MAX_DIRECT_BLANK_LINES = 64;
/** A line DuckDB's reader skips (JSON whitespace); other blank lines (e.g. a no-break space) it refuses. */
const JSON_WHITESPACE = /^[ \t\r]*$/;

/** Thrown inside a direct pass at the first line that keeps the file from being read directly. */
class NotDirect extends Error {}

/**
 * One input file, staged on local disk → a clean NDJSON file on local disk that DuckDB reads with declared columns and cannot fail
 * on, plus quarantine records. Every line goes to exactly one of: blank count, clean file (with its line number
 * as `_source_line`), quarantine file. A file that is not gzip / not UTF-8 is one whole-file record instead,
 * and the rows and columns it had contributed are rolled back.
 *
 * With `direct`, a plain file is first only checked: if every line is a row or blank (JSON whitespace, at most 64),
 * nothing is written and the result is `direct` (DuckDB reads the input file; rewriting it cost a third of this
 * pass). At its first rejected line (or other blank one) the check stops, its schema changes are rolled back and the
 * file is prepared as above.
 */
export async function prepareFile(
  localPath: string,
  fileKey: string,
  gzip: boolean,
  schema: SchemaTracker,
  cleanPath: string,
  quarantinePath: string,
  options: { nativeScanner?: boolean; direct?: boolean } = {},
): Promise<PreparedFile> {
  if (options.direct && !gzip) {
    const checked = await passFile(localPath, fileKey, gzip, schema, null, quarantinePath, options.nativeScanner);
    if (checked) return checked;
  }
  return (await passFile(localPath, fileKey, gzip, schema, cleanPath, quarantinePath, options.nativeScanner))!;
}

/**
 * One pass over a file; without a cleanPath, a check that every line is a row or a blank line DuckDB skips (null at
 * the first that is not).
 */
async function passFile(
  localPath: string,
  fileKey: string,
  gzip: boolean,
  schema: SchemaTracker,
  cleanPath: string | null,
  quarantinePath: string,
  nativeScanner: boolean | undefined,
): Promise<PreparedFile | null> {
  let body: Readable;
  try {
    // A stream over a plain fd: a FileHandle's stream cost ~0.5 ms of main-thread time per 1 MiB read here.
    body = createReadStream('', { fd: await openFile(localPath, 'r'), highWaterMark: 1 << 20 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`input object ${fileKey} is missing`);
    throw err;
  }
  const direct = cleanPath === null;
  const out: PreparedFile = { fileKey, lines: 0, rows: 0, blank: 0, quarantined: {}, cleanBytes: 0, longestLine: 0, direct };
  const blankLineNumbers: number[] = [];
  const clean = new LineFile(cleanPath);
  let rejects: LineFile | undefined; // created by the first reject: most files have none
  const reject = (record: QuarantineRecord) => {
    if (direct) throw new NotDirect();
    rejects ??= new LineFile(quarantinePath);
    rejects.append(`${JSON.stringify(record)}\n`);
    out.quarantined[record.reason] = (out.quarantined[record.reason] ?? 0) + 1;
  };
  const rollback = schema.mark();
  const scanner = rowScanner(schema, { native: nativeScanner });
  const copier = scanner.copier;
  const bulk = copier && {
    taken: 0,
    take(bytes: Buffer, start: number, stop: number, line: number): number {
      const { next, rows } = clean.copyRows(copier, bytes, start, stop, line);
      out.rows += rows;
      this.taken = rows;
      return next;
    },
  };
  try {
    out.lines = await forEachLineBytes(
      body,
      gzip,
      (bytes, start, end, line) => {
        // The common line is certainly a row by its bytes alone; any other is decoded and classified as before.
        const afterBrace = scanner.rowStart(bytes, start, end);
        if (afterBrace >= 0) {
          clean.appendRow(line, bytes, afterBrace, end);
          out.rows++;
          return;
        }
        const text = bytes.toString('utf8', start, end);
        const c = classifyLine(text, schema);
        if (c.kind === 'blank') {
          if (direct) {
            if (blankLineNumbers.length === MAX_DIRECT_BLANK_LINES || !JSON_WHITESPACE.test(text)) throw new NotDirect();
            blankLineNumbers.push(line);
          }
          out.blank++;
        } else if (c.kind === 'reject') reject({ file: fileKey, line, reason: c.reason, raw: text, detail: c.detail });
        else {
          // Lineage goes in as the first field; the rest of the line is passed on as it came (no re-serialising).
          const rest = text.trimStart().slice(1);
          clean.append(hasFields(c.value) ? `{"_source_line":${line},${rest}\n` : `{"_source_line":${line}}\n`);
          out.rows++;
        }
      },
      bulk,
    );
  } catch (err) {
    body.destroy();
    if (err instanceof NotDirect) {
      rollback();
      clean.close();
      return null;
    }
    if (!(err instanceof NdjsonFileError)) throw err;
    rollback();
    clean.close();
    rejects?.close();
    const whole = new LineFile(quarantinePath);
    whole.append(`${JSON.stringify({ file: fileKey, line: null, reason: err.reason, raw: null, detail: err.message } satisfies QuarantineRecord)}\n`);
    whole.close();
    return { fileKey, lines: 0, rows: 0, blank: 0, quarantined: { [err.reason]: 1 }, cleanBytes: 0, longestLine: 0, direct: false };
  }
  clean.close();
  rejects?.close();
  out.cleanBytes = clean.bytes;
  out.longestLine = clean.longest;
  if (direct) {
    out.direct = out.rows > 0; // a file without rows has nothing for DuckDB to read
    if (out.direct && blankLineNumbers.length > 0) out.blankLineNumbers = blankLineNumbers;
  }
  return out;
}
