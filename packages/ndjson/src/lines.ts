import type { Readable } from 'node:stream';
import { forEachLineBytes } from './line-bytes';
import type { QuarantineReason } from './quarantine';
import type { SchemaTracker } from './schema';

// Kept here too: it was this module's, and callers import it from here.
export { NdjsonFileError } from './line-bytes';

/**
 * Call `onLine(text, lineNumber)` for every line of an NDJSON stream, in order, 1-based, blank lines included:
 * forEachLineBytes (gunzip, strict UTF-8, BOM and CRLF handled in bytes) with each line decoded to a string.
 */
export function forEachLine(source: Readable, gzip: boolean, onLine: (text: string, line: number) => void): Promise<number> {
  return forEachLineBytes(source, gzip, (bytes, start, end, line) => onLine(bytes.toString('utf8', start, end), line));
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
