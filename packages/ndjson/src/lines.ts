import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { QuarantineReason } from './quarantine';
import type { SchemaTracker } from './schema';

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

/**
 * Call `onLine(text, lineNumber)` for every line of an NDJSON stream, in order, 1-based, blank lines included:
 * gunzipped when `gzip`, decoded as strict UTF-8 (a leading BOM dropped), a trailing `\r` removed (CRLF files).
 * Streams chunk by chunk: memory is one chunk plus one line. Rejects with NdjsonFileError when the bytes are not
 * gzip or not UTF-8; `onLine` may have been called for earlier lines by then (the caller rolls those back).
 */
export async function forEachLine(source: Readable, gzip: boolean, onLine: (text: string, line: number) => void): Promise<number> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let carry = '';
  let line = 0;
  const emit = (text: string) => onLine(text.endsWith('\r') ? text.slice(0, -1) : text, ++line);
  const take = (chunk: Uint8Array, last: boolean) => {
    let text: string;
    try {
      text = carry + decoder.decode(chunk, { stream: !last });
    } catch {
      throw new NdjsonFileError('not_utf8', `not valid UTF-8 (after line ${line})`);
    }
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      emit(text.slice(start, nl));
      start = nl + 1;
    }
    carry = text.slice(start);
    if (carry.length > MAX_LINE_CHARS) throw new NdjsonFileError('line_too_long', `line ${line + 1} is longer than ${MAX_LINE_CHARS} characters`);
    if (last && carry !== '') emit(carry);
  };
  const input: AsyncIterable<Uint8Array> = gzip ? source.pipe(createGunzip({ chunkSize: 256 * 1024 })) : source;
  try {
    for await (const chunk of input) take(chunk, false);
  } catch (err) {
    if (err instanceof NdjsonFileError) throw err;
    if (gzip && (err as NodeJS.ErrnoException).code?.startsWith('Z_'))
      throw new NdjsonFileError('not_decompressible', `not valid gzip: ${(err as Error).message}`);
    throw err;
  }
  take(new Uint8Array(0), true);
  return line;
}

export type LineClass =
  | { kind: 'blank' }
  | { kind: 'row'; value: Record<string, unknown> }
  | { kind: 'reject'; reason: Extract<QuarantineReason, 'not_json' | 'not_object' | 'type_mismatch' | 'bad_field_name'>; detail: string };

/** Walks the escapes in order (so an escaped backslash before `u` is not mistaken for one) pairing surrogates. */
export function hasLoneSurrogate(text: string): boolean {
  const escapes = /\\(?:u([0-9a-fA-F]{4})|[^u])/g;
  let high = false;
  let end = -1;
  for (let m = escapes.exec(text); m; m = escapes.exec(text)) {
    const unit = m[1] === undefined ? -1 : Number.parseInt(m[1], 16);
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const isLow = unit >= 0xdc00 && unit <= 0xdfff;
    if (high && !(isLow && m.index === end)) return true; // a high surrogate not directly followed by a low one
    if (!high && isLow) return true;
    high = isHigh;
    end = m.index + m[0].length;
  }
  return high;
}

const BLANK: LineClass = { kind: 'blank' };

/** Blank, a row for Parquet, or a rejected line with its reason. */
export function classifyLine(text: string, schema: SchemaTracker): LineClass {
  if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return BLANK;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { kind: 'reject', reason: 'not_json', detail: (err as Error).message.slice(0, 200) };
  }
  // JSON.parse accepts a lone surrogate escape ("\ud800"); it is not Unicode, and DuckDB's reader refuses it.
  if (text.includes('\\u') && hasLoneSurrogate(text))
    return { kind: 'reject', reason: 'not_json', detail: 'a \\u escape is a lone UTF-16 surrogate (not Unicode)' };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { kind: 'reject', reason: 'not_object', detail: `a JSON ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}` };
  }
  const verdict = schema.check(value as Record<string, unknown>);
  return verdict.ok ? { kind: 'row', value: value as Record<string, unknown> } : { kind: 'reject', reason: verdict.reason, detail: verdict.detail };
}
