import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { QuarantineReason } from './quarantine';

/** A file that cannot be read as UTF-8 lines at all: it is quarantined whole. */
export class NdjsonFileError extends Error {
  override name = 'NdjsonFileError';
  constructor(
    readonly reason: Extract<QuarantineReason, 'not_utf8' | 'not_decompressible' | 'line_too_long'>,
    message: string,
  ) {
    super(message);
  }
}

/** A longer line is not NDJSON anyone meant: stop before it takes the converter's memory. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** One line: `bytes[start, end)`, without its `\n` and the `\r` of CRLF. Valid only during the call. */
export type OnLineBytes = (bytes: Buffer, start: number, end: number, line: number) => void;

/**
 * An optional fast path over many lines at once: handed whole lines `bytes[start, stop)` (each ending in `\n`,
 * the first numbered `line`), it consumes a prefix of them and returns the byte index after the last line it took
 * (`start` when none). Lines it does not take go to onLine one by one, as before; it is called again after each.
 * `taken` is the number of lines the last call consumed.
 */
export interface BulkLines {
  take(bytes: Buffer, start: number, stop: number, line: number): number;
  taken: number;
}

/** Bytes a UTF-8 sequence starting with this lead byte has (0: not a lead byte). */
const sequenceLength = (lead: number) => (lead < 0x80 ? 1 : lead < 0xc2 ? 0 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : lead < 0xf5 ? 4 : 0);

/** Whether bytes[from, to) can still become one UTF-8 character (WHATWG decoder rules for the second byte). */
function isValidPrefix(bytes: Uint8Array, from: number, to: number): boolean {
  const lead = bytes[from]!;
  for (let i = from + 1; i < to; i++) {
    const b = bytes[i]!;
    let lo = 0x80;
    let hi = 0xbf;
    if (i === from + 1) {
      if (lead === 0xe0) lo = 0xa0;
      else if (lead === 0xed) hi = 0x9f;
      else if (lead === 0xf0) lo = 0x90;
      else if (lead === 0xf4) hi = 0x8f;
    }
    if (b < lo || b > hi) return false;
  }
  return true;
}

/**
 * Strict UTF-8 over a stream of chunks, reporting at the same chunk as `TextDecoder('utf-8', { fatal: true })`
 * with `stream: true` would throw: a character cut at a chunk's end waits for the next chunk, unless its bytes so
 * far are already wrong. The checking itself is Node's native `buffer.isUtf8`.
 */
class Utf8Checker {
  private readonly tail = Buffer.alloc(4);
  /** Bytes of a character cut at the end of the previous chunk. */
  tailLength = 0;

  push(chunk: Buffer, last: boolean): boolean {
    let from = 0;
    if (this.tailLength > 0) {
      const want = sequenceLength(this.tail[0]!);
      from = Math.min(want - this.tailLength, chunk.length);
      chunk.copy(this.tail, this.tailLength, 0, from);
      this.tailLength += from;
      if (this.tailLength < want) return !last && isValidPrefix(this.tail, 0, this.tailLength);
      if (!isUtf8(this.tail.subarray(0, want))) return false;
      this.tailLength = 0;
    }
    const end = last ? chunk.length : chunk.length - this.cutCharacter(chunk, from);
    if (end > from && !isUtf8(chunk.subarray(from, end))) return false;
    this.tailLength = chunk.copy(this.tail, 0, end);
    return true;
  }

  /** Bytes at the chunk's end that begin a character the next chunk completes (0 when none, or when wrong). */
  private cutCharacter(chunk: Buffer, from: number): number {
    for (let i = chunk.length - 1; i >= Math.max(from, chunk.length - 3); i--) {
      const b = chunk[i]!;
      if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
      const n = sequenceLength(b);
      return n > chunk.length - i && isValidPrefix(chunk, i, chunk.length) ? chunk.length - i : 0;
    }
    return 0;
  }
}

/** UTF-16 code units of valid UTF-8 bytes (what a JS string of them would measure). */
function utf16Length(parts: readonly Buffer[], skipLast: number): number {
  let n = 0;
  for (const [p, part] of parts.entries()) {
    const end = p === parts.length - 1 ? part.length - skipLast : part.length;
    for (let i = 0; i < end; i++) {
      const b = part[i]!;
      if ((b & 0xc0) !== 0x80) n += b >= 0xf0 ? 2 : 1;
    }
  }
  return n;
}

const BOM = [0xef, 0xbb, 0xbf];

const asBuffer = (chunk: Uint8Array): Buffer => (Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));

/**
 * Call `onLine(bytes, start, end, lineNumber)` for every line of an NDJSON stream, in order, 1-based, blank lines
 * included: gunzipped when `gzip`, checked as strict UTF-8 (a leading BOM dropped), a trailing `\r` removed (CRLF
 * files). Lines are found with `indexOf` in the chunks as they come, never decoded to strings, and handed over as
 * ranges of the chunk (a line cut between chunks is joined first). Memory is one chunk plus one line. Rejects with
 * NdjsonFileError when the bytes are not gzip or not UTF-8, at the chunk a strict TextDecoder would; `onLine` may
 * have been called for earlier lines by then (the caller rolls those back).
 */
export async function forEachLineBytes(source: Readable, gzip: boolean, onLine: OnLineBytes, bulk?: BulkLines): Promise<number> {
  const utf8 = new Utf8Checker();
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let bomChecked = false;
  let line = 0;
  const emit = (bytes: Buffer, start: number, end: number) => onLine(bytes, start, end > start && bytes[end - 1] === 13 ? end - 1 : end, ++line);
  /** Lines of bytes[start…]; what follows the last `\n` becomes the carry. */
  const split = (bytes: Buffer, start: number) => {
    const stop = bulk ? bytes.lastIndexOf(10) + 1 : 0;
    for (;;) {
      if (bulk && start < stop) {
        start = bulk.take(bytes, start, stop, line + 1);
        line += bulk.taken;
      }
      const nl = bytes.indexOf(10, start);
      if (nl === -1) break;
      emit(bytes, start, nl);
      start = nl + 1;
    }
    carry = start < bytes.length ? [bytes.subarray(start)] : [];
    carryBytes = bytes.length - start;
  };
  const take = (chunk: Buffer, last: boolean) => {
    if (!utf8.push(chunk, last)) throw new NdjsonFileError('not_utf8', `not valid UTF-8 (after line ${line})`);
    if (!bomChecked) {
      // The stream starts with the carry: a BOM there is dropped, once (as TextDecoder does).
      const head = carry.length ? Buffer.concat([...carry, chunk]) : chunk;
      if (head.length < 3 && !last && head.every((byte, i) => byte === BOM[i])) {
        carry = head.length ? [head] : [];
        carryBytes = head.length;
        return;
      }
      bomChecked = true;
      carry = [];
      chunk = head.length >= 3 && head[0] === BOM[0] && head[1] === BOM[1] && head[2] === BOM[2] ? head.subarray(3) : head;
    }
    if (carry.length === 0) split(chunk, 0);
    else {
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        carry.push(chunk);
        carryBytes += chunk.length;
      } else {
        const joined = Buffer.concat([...carry, chunk.subarray(0, nl)]);
        emit(joined, 0, joined.length);
        split(chunk, nl + 1);
      }
    }
    if (carryBytes > MAX_LINE_CHARS && utf16Length(carry, utf8.tailLength) > MAX_LINE_CHARS)
      throw new NdjsonFileError('line_too_long', `line ${line + 1} is longer than ${MAX_LINE_CHARS} characters`);
    if (last && carryBytes > 0) {
      const rest = carry.length === 1 ? carry[0]! : Buffer.concat(carry);
      emit(rest, 0, rest.length);
    }
  };
  const input: AsyncIterable<Uint8Array> = gzip ? source.pipe(createGunzip({ chunkSize: 256 * 1024 })) : source;
  try {
    for await (const chunk of input) take(asBuffer(chunk), false);
  } catch (err) {
    if (err instanceof NdjsonFileError) throw err;
    if (gzip && (err as NodeJS.ErrnoException).code?.startsWith('Z_'))
      throw new NdjsonFileError('not_decompressible', `not valid gzip: ${(err as Error).message}`);
    throw err;
  }
  take(Buffer.alloc(0), true);
  return line;
}
